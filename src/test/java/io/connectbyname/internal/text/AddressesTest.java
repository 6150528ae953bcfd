package io.connectbyname.internal.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Addresses in messages are numeric, IPv6 in the RFC 5952 short form, as the class comment shows. */
class AddressesTest {

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(delimiter = '|', textBlock = """
      127.0.0.1                                | 127.0.0.1
      ::1                                      | [::1]
      ::                                       | [::]
      0:0:0:0:0:0:0:1                          | [::1]
      2001:DB8:0:0:0:0:0:17                    | [2001:db8::17]
      2001:db8:0:0:1:0:0:1                     | [2001:db8::1:0:0:1]
      2001:db8:0:1:1:1:1:1                     | [2001:db8:0:1:1:1:1:1]
      2001:0db8:0000:0000:0001:0000:0000:0000  | [2001:db8:0:0:1::]
      fe80::1                                  | [fe80::1]
      1:0:0:2:0:0:0:3                          | [1:0:0:2::3]
      64:ff9b::1                               | [64:ff9b::1]
      fe80::1%1                                | [fe80::1%1]
      """)
  void format(String literal, String expected) throws UnknownHostException {
    assertEquals(expected, Addresses.format(InetAddress.getByName(literal)));
  }

  @Test
  void formatWithPort() throws UnknownHostException {
    assertEquals("[::1]:5432", Addresses.format(new InetSocketAddress(InetAddress.getByName("::1"), 5432)));
    assertEquals("127.0.0.1:80", Addresses.format(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 80)));
    assertEquals("db.example:80", Addresses.format(InetSocketAddress.createUnresolved("db.example", 80)));
  }

  @Test
  void theHostNameIsLeftOut() throws UnknownHostException {
    InetAddress named = InetAddress.getByAddress("db.example", new byte[] {127, 0, 0, 1});
    assertEquals("127.0.0.1", Addresses.format(named));
  }

  @Test
  void sameFamily() throws UnknownHostException {
    InetAddress v4 = InetAddress.getByName("127.0.0.1");
    InetAddress v6 = InetAddress.getByName("::1");
    assertTrue(Addresses.sameFamily(v4, InetAddress.getByName("10.0.0.1")));
    assertTrue(Addresses.sameFamily(v6, InetAddress.getByName("2001:db8::1")));
    assertFalse(Addresses.sameFamily(v4, v6));
  }
}
