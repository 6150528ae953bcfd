package io.connectbyname;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.connectbyname.Socks5Server.Request;
import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * DESIGN §10, SOCKS half: a SOCKS proxy that the default {@link ProxySelector} chooses for the
 * destination is honoured, the destination name is resolved by the proxy, and the proxy's own name
 * is what gets raced. Real sockets on loopback against {@link Socks5Server}.
 */
@Timeout(30)
class SocksProxyTest {
  private static final InetAddress V4 = Fixtures.V4;
  private static final InetAddress V6 = Fixtures.V6;
  private static final String[] PROPERTIES = {"java.net.socks.username", "java.net.socks.password", "socksProxyVersion"};

  private final RecordingProxySelector routes = new RecordingProxySelector();
  private final List<String> resolved = new CopyOnWriteArrayList<>();
  private final List<AutoCloseable> closers = new ArrayList<>();
  private final Properties savedProperties = new Properties();
  private ProxySelector savedSelector;
  private Fixtures.Server echo;
  private Socks5Server proxy;
  private ByNameSocketFactory factory;

  @BeforeEach
  void setUp() throws IOException {
    savedSelector = ProxySelector.getDefault();
    for (String key : PROPERTIES) {
      String value = System.getProperty(key);
      if (value != null) {
        savedProperties.setProperty(key, value);
      }
      System.clearProperty(key);
    }
    ProxySelector.setDefault(routes);
    echo = closing(Fixtures.echoServer(V4, 0));
    proxy = closing(new Socks5Server(V4, 0)).map("dest.test", V4);
    factory = new ByNameSocketFactory(Settings.defaults().withResolver(host -> {
      resolved.add(host);
      return switch (host) {
        case "proxy.test" -> List.of(V6, V4);
        case "direct.test" -> List.of(V4);
        default -> throw new UnknownHostException(host); // dest.test is for the proxy to resolve
      };
    }));
  }

  @AfterEach
  void tearDown() throws Exception {
    ProxySelector.setDefault(savedSelector);
    for (String key : PROPERTIES) {
      String value = savedProperties.getProperty(key);
      if (value == null) {
        System.clearProperty(key);
      } else {
        System.setProperty(key, value);
      }
    }
    for (int i = closers.size() - 1; i >= 0; i--) {
      closers.get(i).close();
    }
  }

  @Test
  void socksProxyFromTheDefaultSelectorResolvesTheDestinationName() throws IOException {
    routes.add("dest.test", echo.port(), socks(proxy.address()));
    try (Socket s = factory.createSocket("dest.test", echo.port())) {
      assertEchoes(s);
      assertEquals(echo.port(), s.getPort(), "the socket reports the destination port, not the proxy's");
      assertNotEquals(proxy.port(), s.getPort());
      assertEquals(List.of(new Request(5, 0, null, null, 3, "dest.test", echo.port())), proxy.requests(),
          "the proxy was asked for the name itself (remote resolution)");
      assertFalse(resolved.contains("dest.test"), "the destination name is never resolved locally: " + resolved);
      assertFalse(echo.clients().contains(s.getLocalSocketAddress()), "the echo server was reached by the proxy");
    }
    assertEquals(List.of(URI.create("socket://dest.test:" + echo.port())), routes.selected());
  }

  @Test
  void literalDestinationsAreSentAsIpv4AndIpv6Addresses() throws IOException {
    Fixtures.Server echo6 = closing(Fixtures.echoServer(V6, 0));
    routes.add("127.0.0.1", echo.port(), socks(proxy.address()));
    routes.add("[0:0:0:0:0:0:0:1]", echo6.port(), socks(proxy.address()));
    try (Socket s = factory.createSocket(V4, echo.port())) {
      assertEchoes(s);
      assertEquals(echo.port(), s.getPort());
      assertEquals(V4, s.getInetAddress(), "a literal destination is reported as given");
    }
    try (Socket s = factory.createSocket(V6, echo6.port())) {
      assertEchoes(s);
      assertEquals(V6, s.getInetAddress());
    }
    assertEquals(List.of(new Request(5, 0, null, null, 1, "127.0.0.1", echo.port()),
        new Request(5, 0, null, null, 4, "0:0:0:0:0:0:0:1", echo6.port())), proxy.requests());
  }

  @Test
  void theProxysOwnNameIsRacedPastADeadFirstAddress() throws IOException {
    Socks5Server raced = closing(proxyWithDeadIpv6Twin());
    raced.map("dest.test", V4);
    routes.add("dest.test", echo.port(), socks(InetSocketAddress.createUnresolved("proxy.test", raced.port())));
    assertThrows(SocketTimeoutException.class, () -> {
      try (Socket plain = new Socket(Proxy.NO_PROXY)) {
        plain.connect(new InetSocketAddress(V6, raced.port()), 200);
      }
    }, "[::1] is really dead: a plain connect hangs");
    Socket s = closing(factory.createSocket());
    long start = System.nanoTime();
    s.connect(InetSocketAddress.createUnresolved("dest.test", echo.port()), 5000);
    long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    assertTrue(millis < 1000, "connected through proxy.test's live address in " + millis
        + " ms, where trying [::1] alone would take the whole 5 s");
    assertEquals(V4, s.getLocalAddress(), "the proxy was reached over IPv4, its live address");
    assertEchoes(s);
    assertEquals(List.of(new Request(5, 0, null, null, 3, "dest.test", echo.port())), raced.requests());
    assertEquals(List.of("proxy.test"), resolved, "only the proxy's name is resolved here");
  }

  @Test
  void usernameAndPasswordFromSystemPropertiesReachTheProxy() throws IOException {
    proxy.requireLogin("alice", "s3cret");
    routes.add("dest.test", echo.port(), socks(proxy.address()));
    System.setProperty("java.net.socks.username", "alice");
    System.setProperty("java.net.socks.password", "s3cret");
    try (Socket s = factory.createSocket("dest.test", echo.port())) {
      assertEchoes(s);
    }
    assertEquals(List.of(new Request(5, 2, "alice", "s3cret", 3, "dest.test", echo.port())), proxy.requests());
  }

  @Test
  void aWrongPasswordFailsNamingTheUser() throws IOException {
    proxy.requireLogin("alice", "s3cret");
    routes.add("dest.test", echo.port(), socks(proxy.address()));
    System.setProperty("java.net.socks.username", "alice");
    System.setProperty("java.net.socks.password", "guess");
    IOException e = assertThrows(IOException.class, () -> factory.createSocket("dest.test", echo.port()));
    assertTrue(e.getMessage().contains("authentication") && e.getMessage().contains("alice"), e.getMessage());
    assertTrue(proxy.requests().isEmpty(), "no CONNECT after a failed login");
    assertEquals(1, routes.failed().size());
  }

  @Test
  void aProxyThatWantsALoginWeDoNotHaveSaysSo() {
    proxy.requireLogin("alice", "s3cret");
    routes.add("dest.test", echo.port(), socks(proxy.address()));
    IOException e = assertThrows(IOException.class, () -> factory.createSocket("dest.test", echo.port()));
    assertTrue(e.getMessage().contains("authentication methods"), e.getMessage());
  }

  @Test
  void aRefusalIsAnExceptionThatSaysSoClosesTheSocketAndTellsTheSelector() throws Exception {
    proxy.refuseWith(5);
    routes.add("dest.test", echo.port(), socks(proxy.address()));
    Socket s = closing(factory.createSocket());
    IOException e = assertThrows(IOException.class,
        () -> s.connect(InetSocketAddress.createUnresolved("dest.test", echo.port()), 5000));
    String message = e.getMessage();
    assertTrue(message.contains("refused") && message.contains("dest.test:" + echo.port()), message);
    assertFalse(s.isConnected());
    SocketException again = assertThrows(SocketException.class,
        () -> s.connect(InetSocketAddress.createUnresolved("dest.test", echo.port()), 5000));
    assertTrue(again.getMessage().toLowerCase().contains("closed"), "the socket was closed: " + again.getMessage());
    assertEquals(List.of(new Request(5, 0, null, null, 3, "dest.test", echo.port())), proxy.requests());
    List<RecordingProxySelector.Failure> failed = routes.failed();
    assertEquals(1, failed.size(), "connectFailed called once: " + failed);
    assertEquals(URI.create("socket://dest.test:" + echo.port()), failed.get(0).uri());
    assertEquals(proxy.address(), failed.get(0).proxy());
    assertTrue(failed.get(0).cause().getMessage().contains("refused"), failed.get(0).cause().getMessage());
  }

  @Test
  void failingThroughAProxyLeaksNoDescriptor() throws Exception {
    proxy.refuseWith(5);
    Socks5Server raced = closing(proxyWithDeadIpv6Twin()).refuseWith(1);
    routes.add("dest.test", echo.port(), socks(proxy.address()));
    routes.add("other.test", echo.port(), socks(InetSocketAddress.createUnresolved("proxy.test", raced.port())));
    refusedTwice(raced); // warm-up: the JDK opens some descriptors once, on first use
    Map<Integer, String> before = Fixtures.fileDescriptors();
    for (int i = 0; i < 5; i++) {
      refusedTwice(raced);
    }
    Fixtures.assertNoDescriptorLeak(before, "after 10 connects refused by a proxy");
    assertEquals(12, proxy.requests().size() + raced.requests().size());
  }

  private void refusedTwice(Socks5Server raced) throws Exception {
    IOException direct = assertThrows(IOException.class, () -> factory.createSocket("dest.test", echo.port()));
    assertTrue(direct.getMessage().contains("connection refused"), direct.getMessage());
    Socket s = factory.createSocket();
    IOException viaRace = assertThrows(IOException.class,
        () -> s.connect(InetSocketAddress.createUnresolved("other.test", echo.port()), 5000));
    assertTrue(viaRace.getMessage().contains("general failure"), viaRace.getMessage());
    s.close();
    assertTrue(proxy.awaitIdle(5000) && raced.awaitIdle(5000), "the proxies closed their side");
  }

  @Test
  void directWhenTheSelectorChoosesNoProxy() throws IOException {
    routes.add("dest.test", echo.port(), socks(proxy.address())); // another destination's proxy
    try (Socket s = factory.createSocket("direct.test", echo.port())) {
      assertEchoes(s);
      assertEquals(V4, s.getInetAddress());
      assertEquals("direct.test", s.getInetAddress().getHostName());
      assertTrue(echo.clients().contains(s.getLocalSocketAddress()),
          "the echo server saw our own address, so no proxy stood between: " + echo.clients());
    }
    assertTrue(proxy.requests().isEmpty());
    assertEquals(List.of(URI.create("socket://direct.test:" + echo.port())), routes.selected(),
        "the selector was asked, and said DIRECT");
  }

  @Test
  void aDirectEntryAfterAFailedProxyMeansDirectAsInTheJdk() throws IOException {
    proxy.refuseWith(5);
    routes.add("direct.test", echo.port(), socks(proxy.address()), Proxy.NO_PROXY);
    try (Socket s = factory.createSocket("direct.test", echo.port())) {
      assertEchoes(s);
      assertTrue(echo.clients().contains(s.getLocalSocketAddress()), "connected directly after the proxy refused");
    }
    assertEquals(1, proxy.requests().size(), "the proxy was tried first");
    assertEquals(1, routes.failed().size(), "and reported as failed");
  }

  @Test
  void aLeadingDirectEntryMeansNoProxyAtAll() throws IOException {
    routes.add("direct.test", echo.port(), Proxy.NO_PROXY, socks(proxy.address()));
    try (Socket s = factory.createSocket("direct.test", echo.port())) {
      assertEchoes(s);
    }
    assertTrue(proxy.requests().isEmpty(), "the proxy after DIRECT is never used");
  }

  @Test
  void socks4aSendsTheNameAndSocks4TheAddress() throws IOException {
    System.setProperty("socksProxyVersion", "4");
    routes.add("dest.test", echo.port(), socks(proxy.address()));
    routes.add("127.0.0.1", echo.port(), socks(proxy.address()));
    try (Socket s = factory.createSocket("dest.test", echo.port())) {
      assertEchoes(s);
    }
    try (Socket s = factory.createSocket(V4, echo.port())) {
      assertEchoes(s);
    }
    String user = System.getProperty("user.name");
    assertEquals(List.of(new Request(4, -1, user, null, 3, "dest.test", echo.port()),
        new Request(4, -1, user, null, 1, "127.0.0.1", echo.port())), proxy.requests());
  }

  @Test
  void socks4RejectionSaysSo() {
    System.setProperty("socksProxyVersion", "4");
    proxy.refuseWith(5);
    routes.add("dest.test", echo.port(), socks(proxy.address()));
    IOException e = assertThrows(IOException.class, () -> factory.createSocket("dest.test", echo.port()));
    assertTrue(e.getMessage().contains("rejected") && e.getMessage().contains("91"), e.getMessage());
  }

  /** DESIGN §5: one overall timeout; the proxy handshake is part of the connect, not extra time. */
  @Test
  void oneDeadlineCoversEveryProxyAndItsHandshake() throws IOException {
    Socks5Server silent1 = closing(new Socks5Server(V4, 0)).silent();
    Socks5Server silent2 = closing(new Socks5Server(V4, 0)).silent();
    routes.add("dest.test", echo.port(), socks(silent1.address()), socks(silent2.address()));
    Socket s = closing(factory.createSocket());
    long start = System.nanoTime();
    IOException e = assertThrows(IOException.class,
        () -> s.connect(InetSocketAddress.createUnresolved("dest.test", echo.port()), 1000));
    long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    assertInstanceOf(SocketTimeoutException.class, e, "a proxy that never answers is a timeout: " + e);
    assertTrue(millis >= 900 && millis < 1500, "gave up after " + millis + " ms with a 1000 ms timeout");
    assertTrue(e.getMessage().contains("dest.test:" + echo.port()) && e.getMessage().contains("timed out")
        && e.getMessage().contains(Integer.toString(silent1.port())), e.getMessage());
    assertEquals(List.of(silent1.address()), routes.failed().stream().map(RecordingProxySelector.Failure::proxy).toList(),
        "the second proxy got no time, and no blame");
  }

  /** DESIGN §9: closing the socket ends a connect that hangs in the proxy handshake. */
  @Test
  void closeEndsAConnectWaitingForTheProxy() throws Exception {
    Socks5Server silent = closing(new Socks5Server(V4, 0)).silent();
    routes.add("dest.test", echo.port(), socks(silent.address()));
    Socket s = closing(factory.createSocket()); // no timeout at all
    Map<Integer, String> descriptors = Fixtures.fileDescriptors();
    ExecutorService pool = Executors.newSingleThreadExecutor();
    closers.add(pool::shutdownNow);
    Future<?> connecting = pool.submit(() -> {
      s.connect(InetSocketAddress.createUnresolved("dest.test", echo.port()));
      return null;
    });
    assertTrue(silent.awaitGreetings(1, 5000), "the proxy got our greeting");
    long start = System.nanoTime();
    s.close();
    ExecutionException e = assertThrows(ExecutionException.class, () -> connecting.get(2, TimeUnit.SECONDS));
    long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    assertInstanceOf(SocketException.class, e.getCause());
    assertEquals("Socket closed", e.getCause().getMessage());
    assertTrue(millis < 500, "the connect ended " + millis + " ms after close()");
    assertTrue(routes.failed().isEmpty(), "closing is not a proxy failure: " + routes.failed());
    assertTrue(silent.awaitIdle(5000), "the proxy saw the connection end");
    Fixtures.assertNoDescriptorLeak(descriptors, "after the aborted connect");
  }

  /** DESIGN §9: an interrupt ends a connect that hangs in the proxy handshake, as the JDK's does. */
  @Test
  void interruptEndsAConnectWaitingForTheProxy() throws Exception {
    Socks5Server silent = closing(new Socks5Server(V4, 0)).silent();
    routes.add("dest.test", echo.port(), socks(silent.address()), socks(proxy.address()));
    Socket s = closing(factory.createSocket());
    Map<Integer, String> descriptors = Fixtures.fileDescriptors();
    ExecutorService pool = Executors.newSingleThreadExecutor();
    closers.add(pool::shutdownNow);
    AtomicReference<Thread> connector = new AtomicReference<>();
    Future<?> connecting = pool.submit(() -> {
      connector.set(Thread.currentThread());
      s.connect(InetSocketAddress.createUnresolved("dest.test", echo.port()));
      return null;
    });
    assertTrue(silent.awaitGreetings(1, 5000), "the proxy got our greeting");
    long start = System.nanoTime();
    connector.get().interrupt();
    ExecutionException e = assertThrows(ExecutionException.class, () -> connecting.get(2, TimeUnit.SECONDS));
    long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    assertInstanceOf(SocketException.class, e.getCause());
    assertEquals("Closed by interrupt", e.getCause().getMessage());
    assertTrue(millis < 500, "the connect ended " + millis + " ms after the interrupt");
    assertTrue(proxy.requests().isEmpty(), "the next proxy is not tried after an interrupt");
    assertTrue(routes.failed().isEmpty(), "an interrupt is not a proxy failure: " + routes.failed());
    assertTrue(silent.awaitIdle(5000), "the proxy saw the connection end");
    Fixtures.assertNoDescriptorLeak(descriptors, "after the aborted connect");
  }

  // ---- helpers ----

  /** A proxy on 127.0.0.1 whose port is blackholed on [::1], retried when [::1] has it taken. */
  private Socks5Server proxyWithDeadIpv6Twin() throws IOException {
    for (int i = 0; ; i++) {
      Socks5Server p = new Socks5Server(V4, 0);
      try {
        closing(Fixtures.blackhole(V6).open(p.port()));
        return p;
      } catch (BindException e) {
        p.close();
        if (i == 10) {
          throw e;
        }
      }
    }
  }

  private <T extends AutoCloseable> T closing(T resource) {
    closers.add(resource);
    return resource;
  }

  private static Proxy socks(SocketAddress address) {
    return new Proxy(Proxy.Type.SOCKS, address);
  }

  private static void assertEchoes(Socket s) throws IOException {
    s.setSoTimeout(5000);
    Fixtures.assertEchoes(s, "hello through " + s.getPort());
  }
}
