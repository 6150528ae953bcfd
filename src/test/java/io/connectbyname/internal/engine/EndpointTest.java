package io.connectbyname.internal.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.IDN;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class EndpointTest {

  @ParameterizedTest(name = "{0} is the literal {1}")
  @CsvSource(delimiter = '|', textBlock = """
      127.0.0.1          | 127.0.0.1
      0.0.0.0            | 0.0.0.0
      255.255.255.255    | 255.255.255.255
      ' 10.1.2.3 '       | 10.1.2.3
      ::1                | 0:0:0:0:0:0:0:1
      [::1]              | 0:0:0:0:0:0:0:1
      2001:db8::17       | 2001:db8:0:0:0:0:0:17
      [2001:DB8::17]     | 2001:db8:0:0:0:0:0:17
      ::ffff:127.0.0.1   | 127.0.0.1
      """)
  void literals(String node, String address) throws Exception {
    Endpoint e = Endpoint.of(node, "80", 80);
    assertEquals(InetAddress.getByName(address), e.literal());
    assertEquals(address, e.literal().getHostAddress());
    assertEquals(node, e.node(), "the node is kept as given, for messages");
    assertEquals(80, e.port());
    assertFalse(e.host().contains("["), e.host());
  }

  @Test
  void ipv4LiteralIsInet4Address() {
    assertInstanceOf(Inet4Address.class, Endpoint.of("192.0.2.1", "80", 80).literal());
    assertInstanceOf(Inet6Address.class, Endpoint.of("[::1]", "80", 80).literal());
  }

  @ParameterizedTest(name = "{0} has scope id {1}")
  @CsvSource(delimiter = '|', textBlock = """
      ::1%1          | 1
      [::1%1]        | 1
      fe80::1%1      | 1
      [fe80::1%1]    | 1
      """)
  void numericScope(String node, int scope) {
    Inet6Address a = assertInstanceOf(Inet6Address.class, Endpoint.of(node, "80", 80).literal());
    assertEquals(scope, a.getScopeId());
  }

  @Test
  void interfaceScope() throws Exception {
    NetworkInterface lo = NetworkInterface.getByName("lo");
    org.junit.jupiter.api.Assumptions.assumeTrue(lo != null, "no interface named lo");
    Inet6Address a = assertInstanceOf(Inet6Address.class, Endpoint.of("::1%lo", "80", 80).literal());
    assertEquals(lo, a.getScopedInterface());
    assertEquals(lo.getIndex(), a.getScopeId());
  }

  @ParameterizedTest(name = "{0} resolves {1}")
  @CsvSource(delimiter = '|', textBlock = """
      localhost                  | localhost
      db.example                 | db.example
      DB.Example                 | DB.Example
      ' db.example  '            | db.example
      db.example.                | db.example
      bücher.example             | xn--bcher-kva.example
      BÜCHER.example.            | xn--bcher-kva.example
      _sip._tcp.example          | _sip._tcp.example
      my_host                    | my_host
      a-b.c-d.example            | a-b.c-d.example
      xn--bcher-kva.example      | xn--bcher-kva.example
      123.example                | 123.example
      """)
  void names(String node, String host) {
    Endpoint e = Endpoint.of(node, "http", 80);
    assertEquals(host, e.host());
    assertNull(e.literal(), "a name is not a literal");
    assertEquals(node, e.node());
    assertEquals("http", e.service());
  }

  @Test
  void longestNames() {
    String label63 = "a".repeat(63);
    String name253 = String.join(".", label63, label63, label63, "b".repeat(61)); // 63*3 + 61 + 3 dots
    assertEquals(253, name253.length());
    assertEquals(name253, Endpoint.of(name253, "80", 80).host());
    assertEquals(name253, Endpoint.of(name253 + ".", "80", 80).host(), "a trailing dot does not count");
    assertEquals(label63 + ".example", Endpoint.of(label63 + ".example", "80", 80).host());
  }

  /**
   * Plain ASCII names skip {@link IDN}: the shortcut must give what IDN gives, the same host for a
   * good name and a refusal for a bad one (empty labels, labels over 63, names over 253).
   */
  @Test
  void asciiNamesAreWhatIdnMakesOfThem() {
    Random random = new Random(0x1D4A5C11L);
    String letters = "aZ09-_";
    int checked = 0;
    for (int i = 0; i < 20_000; i++) {
      double dots = random.nextDouble() * 0.3;
      int length = 1 + random.nextInt(random.nextInt(8) == 0 ? 300 : 40);
      StringBuilder b = new StringBuilder();
      for (int j = 0; j < length; j++) {
        b.append(random.nextDouble() < dots ? '.' : letters.charAt(random.nextInt(letters.length())));
      }
      String node = b.toString();
      if (node.matches("[0-9.]+")) {
        continue; // an IPv4 literal, or a malformed one
      }
      String expected = viaIdn(node);
      String actual;
      try {
        actual = Endpoint.of(node, "80", 80).host();
      } catch (IllegalArgumentException e) {
        actual = null;
      }
      assertEquals(expected, actual, () -> "host of '" + node + "' (null = refused)");
      checked++;
    }
    assertTrue(checked > 15_000, "names checked: " + checked);
  }

  /** What the parser made of a name before the shortcut: IDN, then the length and character checks; null = refused. */
  private static String viaIdn(String node) {
    String ascii;
    try {
      ascii = IDN.toASCII(node, IDN.ALLOW_UNASSIGNED);
    } catch (IllegalArgumentException e) {
      return null;
    }
    ascii = ascii.endsWith(".") ? ascii.substring(0, ascii.length() - 1) : ascii;
    return ascii.length() <= Endpoint.MAX_NAME && ascii.matches("[A-Za-z0-9_-]+(\\.[A-Za-z0-9_-]+)*") ? ascii : null;
  }

  @ParameterizedTest(name = "port {0}")
  @CsvSource({"0", "1", "80", "65535"})
  void portsInRange(int port) {
    assertEquals(port, Endpoint.of("localhost", Integer.toString(port), port).port());
  }

  static Stream<Arguments> badNodes() {
    String label63 = "a".repeat(63);
    String name254 = String.join(".", label63, label63, label63, "b".repeat(62));
    return Stream.of(
        Arguments.of(null, "null"),
        Arguments.of("", "''"),
        Arguments.of("  ", "'  '"),
        Arguments.of("\t", "\\u0009"),
        Arguments.of("a\u0000b", "a\\u0000b"),
        Arguments.of("db.example\n", "db.example\\u000a"),
        Arguments.of("[::1", "[::1"),
        Arguments.of("::1]", "::1]"),
        Arguments.of("[]", "[]"),
        Arguments.of("[127.0.0.1]", "[127.0.0.1]"),
        Arguments.of("[db.example]", "[db.example]"),
        Arguments.of("[::1]:80", "[::1]:80"),
        Arguments.of("1.2.3", "1.2.3"),
        Arguments.of("1.2.3.4.5", "1.2.3.4.5"),
        Arguments.of("300.1.1.1", "300.1.1.1"),
        Arguments.of("1.2.3.256", "1.2.3.256"),
        Arguments.of("010.1.1.1", "010.1.1.1"),
        Arguments.of("127.0.0.01", "ambiguous"),
        Arguments.of("1.2.3.4.", "1.2.3.4."),
        Arguments.of(":::1", ":::1"),
        Arguments.of("1::2::3", "1::2::3"),
        Arguments.of("::g", "::g"),
        Arguments.of("fe80::1%nosuchinterface", "fe80::1%nosuchinterface"),
        Arguments.of("a b", "a b"),
        Arguments.of("a..b", "a..b"),
        Arguments.of(".", "'.'"),
        Arguments.of("db.example/x", "db.example/x"),
        Arguments.of("db@example", "db@example"),
        Arguments.of(name254, name254.substring(0, 60)),
        Arguments.of(name254, "254"),
        Arguments.of(label63 + "a.example", label63 + "a.example"));
  }

  @ParameterizedTest(name = "[{index}] {1}")
  @MethodSource("badNodes")
  void badNodesAreRejectedByName(String node, String named) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Endpoint.of(node, "80", 80));
    assertTrue(e.getMessage().contains(named), () -> "message should name " + named + ": " + e.getMessage());
    assertFalse(e.getMessage().contains("\n") || e.getMessage().contains("\u0000"), "one printable line");
  }

  @ParameterizedTest(name = "port {0}")
  @CsvSource({"-1", "65536", "2147483647", "-2147483648"})
  void portsOutOfRange(int port) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Endpoint.of("localhost", Integer.toString(port), port));
    assertTrue(e.getMessage().contains(Integer.toString(port)), e.getMessage());
  }

  @ParameterizedTest(name = "{0} {1} {2} -> {3}")
  @CsvSource(delimiter = '|', nullValues = "NULL", textBlock = """
      db.example     | postgresql | 5432 | db.example:5432 (postgresql)
      db.example     | 5432       | 5432 | db.example:5432
      db.example     | NULL       | 5432 | db.example:5432
      127.0.0.1      | http       | 80   | 127.0.0.1:80 (http)
      ::1            | 80         | 80   | [::1]:80
      [::1]          | 80         | 80   | [::1]:80
      fe80::1%1      | http       | 80   | [fe80::1%1]:80 (http)
      bücher.example | 443        | 443  | bücher.example:443
      ' db.example ' | 80         | 80   | db.example:80
      """)
  void describe(String node, String service, int port, String expected) {
    assertEquals(expected, Endpoint.of(node, service, port).describe());
  }
}
