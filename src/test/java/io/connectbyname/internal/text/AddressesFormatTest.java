package io.connectbyname.internal.text;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** IPv6 addresses print in their RFC 5952 short form, as the messages in STYLE.md show them. */
class AddressesFormatTest {

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "::1                     | [::1]",
      "::                      | [::]",
      "2001:db8:0:0:0:0:0:1    | [2001:db8::1]",
      "2001:db8:0:1:0:0:0:1    | [2001:db8:0:1::1]",     // the longer run is compressed
      "2001:db8:0:0:1:0:0:1    | [2001:db8::1:0:0:1]",   // of equal runs, the first
      "2001:db8:0:1:1:1:1:1    | [2001:db8:0:1:1:1:1:1]", // a single zero group stays
      "fe80:0:0:0:0:0:0:0      | [fe80::]",
      "2001:DB8:AAAA:0:0:0:0:0 | [2001:db8:aaaa::]",
      "127.0.0.1               | 127.0.0.1",
  })
  void formatsShortForm(String literal, String expected) throws Exception {
    assertEquals(expected, Addresses.format(InetAddress.getByName(literal)));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "::1       | 80   | [::1]:80",
      "127.0.0.1 | 5432 | 127.0.0.1:5432",
  })
  void formatsWithPort(String literal, int port, String expected) throws Exception {
    assertEquals(expected, Addresses.format(new InetSocketAddress(InetAddress.getByName(literal), port)));
  }

  @org.junit.jupiter.api.Test
  void keepsScope() throws Exception {
    assertEquals("[fe80::1%1]", Addresses.format(InetAddress.getByName("fe80:0:0:0:0:0:0:1%1")));
  }
}
