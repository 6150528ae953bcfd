package io.connectbyname;

import static io.connectbyname.Fixtures.V4;
import static io.connectbyname.Fixtures.V6;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ConnectException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.SocketException;
import java.net.StandardSocketOptions;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Edge cases of the socket contract, on the factory's sockets and the plain API, each compared with
 * what the JDK's own socket does where the JDK has an answer: port 0, IPv4-mapped IPv6 addresses,
 * scope ids, a bound family with no address of it, a second connect, connect after close, and
 * options and getters after a failed connect or a close.
 */
@Timeout(30)
class SocketEdgeCaseTest {
  private static final String NAME = "edge.test";
  private static final Duration TIMEOUT = Duration.ofSeconds(5);

  // --- port 0 ---

  @Test
  void portZeroIsRefusedAsTheJdkRefusesIt() throws IOException {
    try (Socket plain = new Socket()) {
      assertThrows(ConnectException.class, () -> plain.connect(new InetSocketAddress(V4, 0), 5000));
    }
    ByNameSocketFactory f = factory(Map.of(NAME, List.of(V4, V6)));
    Map<Integer, String> before = Fixtures.fileDescriptors();
    ConnectException e = assertThrows(ConnectException.class, () -> f.createSocket(NAME, 0));
    assertTrue(e.getMessage().startsWith("Connection refused"), e.getMessage());
    assertEquals(2, e.getSuppressed().length, "both addresses were tried");
    assertThrows(ConnectException.class, () -> f.createSocket(V4, 0));
    ConnectException api = assertThrows(ConnectException.class,
        () -> ConnectByName.with(f.settings()).connect(NAME, "0", TIMEOUT));
    assertTrue(api.getMessage().contains(NAME + ":0") && api.getMessage().contains("127.0.0.1:0 refused"),
        api.getMessage());
    Fixtures.assertNoDescriptorLeak(before, "after connects to port 0");
  }

  // --- IPv4-mapped IPv6 addresses ---

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"::ffff:127.0.0.1", "[::ffff:127.0.0.1]", "::FFFF:7f00:1"})
  void mappedLiteralIsTheIpv4Address(String node) throws IOException {
    try (Fixtures.Site site = Fixtures.site(Fixtures.live(V4))) {
      try (Connection c = ConnectByName.with(Settings.defaults()).connect(node, site.port(), TIMEOUT)) {
        assertEquals(V4, c.remote().getAddress());
        assertInstanceOf(Inet4Address.class, c.remote().getAddress(), "as InetAddress.getByName makes it");
      }
      try (Socket s = new ByNameSocketFactory(Settings.defaults()).createSocket(node, site.port())) {
        assertEquals(V4, s.getInetAddress());
      }
      try (Socket s = new ByNameSocketFactory(Settings.defaults())
          .createSocket(InetAddress.getByName(node.replace("[", "").replace("]", "")), site.port())) {
        assertEquals(V4, s.getInetAddress());
      }
    }
  }

  @Test
  void mappedLiteralFromASocketBoundToIpv6IsAClearError() throws IOException {
    try (Fixtures.Site site = Fixtures.site(Fixtures.live(V4));
        Socket s = new ByNameSocketFactory(Settings.defaults()).createSocket()) {
      s.bind(new InetSocketAddress(V6, 0));
      UnknownHostException e = assertThrows(UnknownHostException.class,
          () -> s.connect(InetSocketAddress.createUnresolved("::ffff:127.0.0.1", site.port()), 5000));
      assertTrue(e.getMessage().contains("[::1]") && e.getMessage().contains("127.0.0.1"), e.getMessage());
    }
  }

  // --- scope ids ---

  @Test
  void scopeIdOnLoopbackConnects() throws IOException {
    NetworkInterface lo = NetworkInterface.getByInetAddress(V6);
    try (Fixtures.Site site = Fixtures.site(Fixtures.live(V6))) {
      for (String node : List.of("::1%" + lo.getIndex(), "[::1%" + lo.getName() + "]")) {
        try (Connection c = ConnectByName.with(Settings.defaults()).connect(node, site.port(), TIMEOUT)) {
          assertEquals(lo.getIndex(), ((Inet6Address) c.remote().getAddress()).getScopeId(), node);
        }
        try (Socket s = new ByNameSocketFactory(Settings.defaults()).createSocket(node, site.port())) {
          assertTrue(s.isConnected(), node);
        }
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"fe80::1%nosuchinterface", "::1%", "fe80::1%lo%lo"})
  void unknownScopeIsRejectedNamingIt(String node) {
    IllegalArgumentException plain = assertThrows(IllegalArgumentException.class,
        () -> ConnectByName.with(Settings.defaults()).connect(node, 80, TIMEOUT));
    assertTrue(plain.getMessage().contains(node), plain.getMessage());
    // The JDK's socket says UnknownHostException for a host it cannot make an address of; so does the factory's.
    UnknownHostException socket = assertThrows(UnknownHostException.class,
        () -> new ByNameSocketFactory(Settings.defaults()).createSocket(node, 80));
    assertTrue(socket.getMessage().contains(node), socket.getMessage());
  }

  @Test
  void numericScopeOfNoInterfaceIsUnreachableAsTheJdkSays() throws IOException {
    InetSocketAddress nowhere = new InetSocketAddress(InetAddress.getByName("fe80::1%99999"), 80);
    try (Socket plain = new Socket()) {
      assertThrows(SocketException.class, () -> plain.connect(nowhere, 5000));
    }
    IOException e = assertThrows(IOException.class,
        () -> ConnectByName.with(Settings.defaults()).connect("fe80::1%99999", 80, TIMEOUT));
    assertTrue(e.getMessage().contains("[fe80::1%99999]:80"), e.getMessage());
    assertThrows(SocketException.class, () -> new ByNameSocketFactory(Settings.defaults()).createSocket(nowhere.getAddress(), 80));
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"a b", "a\nb", "db..example", "[::1", "1.2.3.256", "db/x"})
  void hostTheJdkCannotResolveIsAnUnknownHostOnTheSocketAsOnTheJdks(String host) throws IOException {
    String h = host.replace("\\n", "\n");
    try (Socket plain = new Socket()) {
      assertThrows(UnknownHostException.class, () -> plain.connect(new InetSocketAddress(h, 80), 1000));
    }
    ByNameSocketFactory f = new ByNameSocketFactory(Settings.defaults());
    UnknownHostException e = assertThrows(UnknownHostException.class, () -> f.createSocket(h, 80));
    assertInstanceOf(IllegalArgumentException.class, e.getCause(), "the parser's reason is kept");
    try (Socket s = f.createSocket()) {
      assertThrows(UnknownHostException.class, () -> s.connect(InetSocketAddress.createUnresolved(h, 80), 1000));
    }
    // The plain API documents an IllegalArgumentException for bad input, and keeps it.
    assertThrows(IllegalArgumentException.class, () -> ConnectByName.with(Settings.defaults()).connect(h, 80, TIMEOUT));
  }

  // --- a bound family the name has no address of ---

  @Test
  void socketBoundToIpv6ConnectingToAnIpv4OnlyNameNamesBoth() throws IOException {
    try (Fixtures.Site site = Fixtures.site(Fixtures.live(V4))) {
      ByNameSocketFactory f = factory(Map.of(NAME, List.of(V4, Fixtures.v4(2))));
      Map<Integer, String> before = Fixtures.fileDescriptors();
      Socket s = f.createSocket();
      s.bind(new InetSocketAddress(V6, 0));
      UnknownHostException e = assertThrows(UnknownHostException.class,
          () -> s.connect(InetSocketAddress.createUnresolved(NAME, site.port()), 5000));
      assertTrue(e.getMessage().contains("bound to [::1]") && e.getMessage().contains("127.0.0.1, 127.0.0.2"),
          e.getMessage());
      s.close();
      Fixtures.assertNoDescriptorLeak(before, "after the refused family");
      UnknownHostException viaFactory = assertThrows(UnknownHostException.class,
          () -> f.createSocket(NAME, site.port(), V6, 0));
      assertEquals(e.getMessage(), viaFactory.getMessage());
    }
  }

  // --- a second connect, connect after close ---

  @Test
  void aSecondConnectFailsAndTheFirstConnectionStillWorks() throws IOException {
    try (Fixtures.Site site = Fixtures.site(Fixtures.echo(V4));
        Socket s = factory(Map.of(NAME, site.addresses())).createSocket(NAME, site.port())) {
      SocketException e = assertThrows(SocketException.class,
          () -> s.connect(InetSocketAddress.createUnresolved(NAME, site.port())));
      assertTrue(e.getMessage().toLowerCase().contains("connected"), e.getMessage());
      s.getOutputStream().write(42);
      assertEquals(42, s.getInputStream().read(), "the first connection is untouched");
    }
  }

  @Test
  void connectAfterCloseFailsAsTheJdksDoes() throws IOException {
    try (Fixtures.Site site = Fixtures.site(Fixtures.live(V4))) {
      Socket plain = new Socket();
      Socket ours = factory(Map.of(NAME, site.addresses())).createSocket();
      plain.close();
      ours.close();
      SocketException expected = assertThrows(SocketException.class, () -> plain.connect(site.address(0)));
      SocketException actual = assertThrows(SocketException.class,
          () -> ours.connect(InetSocketAddress.createUnresolved(NAME, site.port())));
      assertEquals(expected.getMessage(), actual.getMessage());
    }
  }

  // --- options and getters after a failed connect, and after a close ---

  @Test
  void optionsAndGettersAfterAFailedConnectBehaveAsTheJdks() throws IOException {
    try (Fixtures.Site site = Fixtures.site(Fixtures.refused(V4))) {
      Socket plain = new Socket();
      Socket ours = factory(Map.of(NAME, site.addresses())).createSocket();
      assertThrows(ConnectException.class, () -> plain.connect(site.address(0), 5000));
      assertThrows(ConnectException.class, () -> ours.connect(site.address(0), 5000));
      assertEquals(probe(plain), probe(ours));
      plain.close();
      ours.close();
      assertEquals(probe(plain), probe(ours), "and after close");
    }
  }

  @Test
  void gettersAfterCloseBehaveAsTheJdks() throws IOException {
    try (Fixtures.Site site = Fixtures.site(Fixtures.live(V4))) {
      Socket plain = new Socket();
      Socket ours = factory(Map.of(NAME, site.addresses())).createSocket();
      plain.connect(site.address(0), 5000);
      ours.connect(site.address(0), 5000);
      assertEquals(probe(plain), probe(ours), "while connected");
      plain.close();
      ours.close();
      assertEquals(probe(plain), probe(ours), "after close");
    }
  }

  // --- helpers ---

  private static ByNameSocketFactory factory(Map<String, List<InetAddress>> names) {
    return new ByNameSocketFactory(Settings.defaults().withResolver(Fixtures.resolver(names)));
  }

  private interface Probe {
    Object apply(Socket s) throws Exception;
  }

  /** What each getter and setter does on {@code s}: its value, or the exception's type and message. */
  private static Map<String, String> probe(Socket s) {
    Map<String, Probe> probes = new LinkedHashMap<>();
    probes.put("isConnected", Socket::isConnected);
    probes.put("isBound", Socket::isBound);
    probes.put("isClosed", Socket::isClosed);
    probes.put("getInetAddress", Socket::getInetAddress);
    probes.put("getPort", Socket::getPort);
    probes.put("getLocalPort", x -> x.getLocalPort() > 0 ? "a port" : x.getLocalPort());
    probes.put("getLocalAddress", Socket::getLocalAddress);
    probes.put("getRemoteSocketAddress", Socket::getRemoteSocketAddress);
    probes.put("getLocalSocketAddress", x -> x.getLocalSocketAddress() == null ? null : "an address");
    probes.put("toString", x -> x.toString().replaceAll("localport=\\d+", "localport=N"));
    probes.put("getSoTimeout", Socket::getSoTimeout);
    probes.put("getTcpNoDelay", Socket::getTcpNoDelay);
    probes.put("getKeepAlive", Socket::getKeepAlive);
    probes.put("getSoLinger", Socket::getSoLinger);
    probes.put("getOOBInline", Socket::getOOBInline);
    probes.put("getReuseAddress", Socket::getReuseAddress);
    probes.put("getTrafficClass", Socket::getTrafficClass);
    probes.put("getOption(SO_KEEPALIVE)", x -> x.getOption(StandardSocketOptions.SO_KEEPALIVE));
    probes.put("setSoTimeout", x -> {
      x.setSoTimeout(1234);
      return x.getSoTimeout();
    });
    probes.put("setTcpNoDelay", x -> {
      x.setTcpNoDelay(true);
      return x.getTcpNoDelay();
    });
    probes.put("setKeepAlive", x -> {
      x.setKeepAlive(true);
      return x.getKeepAlive();
    });
    probes.put("setSoLinger", x -> {
      x.setSoLinger(true, 3);
      return x.getSoLinger();
    });
    probes.put("setOOBInline", x -> {
      x.setOOBInline(true);
      return x.getOOBInline();
    });
    probes.put("setOption(TCP_NODELAY)", x -> {
      x.setOption(StandardSocketOptions.TCP_NODELAY, false);
      return x.getOption(StandardSocketOptions.TCP_NODELAY);
    });
    probes.put("setReceiveBufferSize", x -> {
      x.setReceiveBufferSize(65_536);
      return "set";
    });
    probes.put("getInputStream", x -> x.getInputStream() == null ? null : "a stream");
    probes.put("getOutputStream", x -> x.getOutputStream() == null ? null : "a stream");
    probes.put("shutdownInput", x -> {
      x.shutdownInput();
      return "shut";
    });
    probes.put("isInputShutdown", Socket::isInputShutdown);
    Map<String, String> result = new LinkedHashMap<>();
    probes.forEach((name, p) -> {
      String outcome;
      try {
        outcome = String.valueOf(p.apply(s));
      } catch (Exception e) {
        outcome = e.getClass().getName() + ": " + e.getMessage();
      }
      result.put(name, outcome);
    });
    return result;
  }
}
