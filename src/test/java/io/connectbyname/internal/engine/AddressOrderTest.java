package io.connectbyname.internal.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.connectbyname.Settings.Family;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * RFC 8305 §4 ordering. Addresses are written short: {@code 6a} is an IPv6 address, {@code 4a} an
 * IPv4 one; a list is space-separated, {@code -} is the empty list.
 */
class AddressOrderTest {

  @ParameterizedTest(name = "[{index}] {0} filter={1} first={2} -> {3}")
  @CsvSource(delimiter = '|', nullValues = "NULL", textBlock = """
      # resolver order decides the first family when none is given
      6a 6b 4a 4b       | ANY  | NULL | 6a 4a 6b 4b
      4a 4b 6a 6b       | ANY  | NULL | 4a 6a 4b 6b
      6a 4a 6b 4b       | ANY  | NULL | 6a 4a 6b 4b
      4a 6a 4b 6b       | ANY  | ANY  | 4a 6a 4b 6b
      6a 6b 6c 4a       | ANY  | NULL | 6a 4a 6b 6c
      4a 6a 6b 6c       | ANY  | NULL | 4a 6a 6b 6c
      # order within a family is the resolver's
      6c 6a 4b 4a       | ANY  | NULL | 6c 4b 6a 4a
      # an explicit preference overrides the resolver's order
      6a 6b 4a 4b       | ANY  | IPV4 | 4a 6a 4b 6b
      4a 4b 6a 6b       | ANY  | IPV6 | 6a 4a 6b 4b
      4a 4b 6a          | ANY  | IPV6 | 6a 4a 4b
      # duplicates are dropped, the first place kept
      6a 4a 6a 4a 4b    | ANY  | NULL | 6a 4a 4b
      4a 4a 4a          | ANY  | NULL | 4a
      # family filters
      6a 6b 4a 4b       | IPV4 | NULL | 4a 4b
      6a 6b 4a 4b       | IPV6 | NULL | 6a 6b
      4a 6a 4b 6b       | IPV6 | IPV4 | 6a 6b
      6a 6b             | IPV4 | NULL | -
      4a 4b             | IPV6 | NULL | -
      # one family only
      6a 6b 6c          | ANY  | NULL | 6a 6b 6c
      4a 4b 4c          | ANY  | IPV6 | 4a 4b 4c
      4a                | ANY  | NULL | 4a
      # one address (a path of its own): kept unless the filter excludes its family
      6a                | ANY  | IPV4 | 6a
      6a                | IPV6 | NULL | 6a
      4a                | IPV4 | IPV6 | 4a
      6a                | IPV4 | NULL | -
      4a                | IPV6 | NULL | -
      # nothing
      -                 | ANY  | NULL | -
      -                 | IPV4 | IPV6 | -
      """)
  void sort(String resolved, Family filter, Family first, String expected) {
    assertEquals(expected, names(AddressOrder.sort(addresses(resolved), filter, first)));
  }

  @Test
  void sortDoesNotChangeItsInput() {
    List<InetAddress> input = new ArrayList<>(addresses("6a 6b 4a 4a"));
    List<InetAddress> copy = List.copyOf(input);
    AddressOrder.sort(input, Family.ANY, null);
    assertEquals(copy, input);
  }

  @ParameterizedTest(name = "preferIPv6Addresses={0} -> {1}")
  @CsvSource(nullValues = "NULL", textBlock = """
      true,   IPV6
      TRUE,   IPV6
      True,   IPV6
      false,  IPV4
      FALSE,  IPV4
      system, NULL
      NULL,   NULL
      '',     NULL
      yes,    NULL
      1,      NULL
      """)
  void preference(String property, Family expected) {
    assertEquals(expected, AddressOrder.preference(property));
  }

  /** {@code 4a} = 192.0.2.1, {@code 4b} = 192.0.2.2, {@code 6a} = 2001:db8::1, ... */
  private static List<InetAddress> addresses(String text) {
    if (text.equals("-")) {
      return List.of();
    }
    return Arrays.stream(text.split(" ")).map(AddressOrderTest::address).collect(Collectors.toList());
  }

  private static InetAddress address(String name) {
    int n = name.charAt(1) - 'a' + 1;
    try {
      return InetAddress.getByName(name.charAt(0) == '4' ? "192.0.2." + n : "2001:db8::" + n);
    } catch (UnknownHostException e) {
      throw new AssertionError(e);
    }
  }

  private static String names(List<InetAddress> addresses) {
    if (addresses.isEmpty()) {
      return "-";
    }
    return addresses.stream().map(a -> {
      String text = a.getHostAddress();
      int n = Integer.parseInt(text.substring(text.lastIndexOf(text.contains(":") ? ':' : '.') + 1));
      return (text.contains(":") ? "6" : "4") + (char) ('a' + n - 1);
    }).collect(Collectors.joining(" "));
  }
}
