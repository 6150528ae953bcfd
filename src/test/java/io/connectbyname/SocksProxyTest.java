package io.connectbyname;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.connectbyname.Socks5Server.Request;
import java.io.IOException;
import io.connectbyname.internal.socket.ByNameSocketImpl;
import java.net.Authenticator;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.PasswordAuthentication;
import java.net.ProxySelector;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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
  private static final String[] PROPERTIES = {"socksProxyVersion"};

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
    Authenticator.setDefault(null);
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
  void usernameAndPasswordFromTheAuthenticatorReachTheProxyAsTheJdksDo() throws IOException {
    proxy.requireLogin("alice", "s3cret");
    routes.add("dest.test", echo.port(), socks(proxy.address()));
    List<String> asked = new CopyOnWriteArrayList<>();
    Authenticator.setDefault(new Authenticator() {
      @Override
      protected PasswordAuthentication getPasswordAuthentication() {
        asked.add(getRequestingProtocol() + " " + getRequestingHost() + ":" + getRequestingPort());
        return new PasswordAuthentication("alice", "s3cret".toCharArray());
      }
    });
    for (Socket s : List.of(new Socket(), factory.createSocket())) {
      try (s) {
        s.connect(InetSocketAddress.createUnresolved("dest.test", echo.port()), 5000);
        assertEchoes(s);
      }
    }
    Request login = new Request(5, 2, "alice", "s3cret", 3, "dest.test", echo.port());
    assertEquals(List.of(login, login), proxy.requests(), "the JDK's socket, then ours");
    String proxyAt = "SOCKS5 " + proxy.address().getHostString() + ":" + proxy.port();
    assertEquals(List.of(proxyAt, proxyAt), asked);
  }

  @Test
  void aWrongPasswordFailsAsTheJdksDoes() throws IOException {
    proxy.requireLogin("alice", "s3cret");
    routes.add("dest.test", echo.port(), socks(proxy.address()));
    Authenticator.setDefault(new Authenticator() {
      @Override
      protected PasswordAuthentication getPasswordAuthentication() {
        return new PasswordAuthentication("alice", "guess".toCharArray());
      }
    });
    IOException jdk = failsThroughTheJdk("dest.test");
    IOException e = assertThrows(IOException.class, () -> factory.createSocket().connect(
        InetSocketAddress.createUnresolved("dest.test", echo.port()), 5000));
    assertLikeTheJdk(jdk, e);
    assertEquals("SOCKS : authentication failed", e.getMessage());
    assertTrue(proxy.requests().isEmpty(), "no CONNECT after a failed login");
    assertEquals(List.of(), routes.failed(), "the proxy was reached: no connectFailed, as in the JDK");
  }

  @Test
  void withoutAnAuthenticatorTheUserNameIsOfferedWithNoPasswordAsTheJdkDoes() throws IOException {
    proxy.requireLogin(System.getProperty("user.name"), "");
    routes.add("dest.test", echo.port(), socks(proxy.address()));
    try (Socket s = factory.createSocket()) {
      s.connect(InetSocketAddress.createUnresolved("dest.test", echo.port()), 5000);
      assertEchoes(s);
    }
    assertEquals(List.of(new Request(5, 2, System.getProperty("user.name"), "", 3, "dest.test", echo.port())),
        proxy.requests());
  }

  @Test
  void aRefusalIsTheJdksExceptionAndClosesTheSocket() throws Exception {
    proxy.refuseWith(5);
    routes.add("dest.test", echo.port(), socks(proxy.address()));
    IOException jdk = failsThroughTheJdk("dest.test");
    Socket s = closing(factory.createSocket());
    IOException e = assertThrows(IOException.class,
        () -> s.connect(InetSocketAddress.createUnresolved("dest.test", echo.port()), 5000));
    assertLikeTheJdk(jdk, e);
    assertEquals("SOCKS: Connection refused", e.getMessage());
    assertFalse(s.isConnected());
    SocketException again = assertThrows(SocketException.class,
        () -> s.connect(InetSocketAddress.createUnresolved("dest.test", echo.port()), 5000));
    assertTrue(again.getMessage().toLowerCase().contains("closed"), "the socket was closed: " + again.getMessage());
    Request asked = new Request(5, 0, null, null, 3, "dest.test", echo.port());
    assertEquals(List.of(asked, asked), proxy.requests());
    assertEquals(List.of(), routes.failed(), "the proxy answered: no connectFailed, as in the JDK");
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
    assertEquals("SOCKS: Connection refused", direct.getMessage());
    Socket s = factory.createSocket();
    IOException viaRace = assertThrows(IOException.class,
        () -> s.connect(InetSocketAddress.createUnresolved("other.test", echo.port()), 5000));
    assertEquals("SOCKS server general failure", viaRace.getMessage());
    s.close();
    assertTrue(proxy.awaitIdle(5000) && raced.awaitIdle(5000), "the proxies closed their side");
  }

  @Test
  void aProxyThatCannotBeReachedIsReportedAndTheNextTried() throws IOException {
    InetSocketAddress unreachable;
    try (java.net.ServerSocket gone = new java.net.ServerSocket(0, 1, V4)) {
      unreachable = (InetSocketAddress) gone.getLocalSocketAddress(); // closed: its port refuses
    }
    routes.add("dest.test", echo.port(), socks(unreachable), socks(proxy.address()));
    try (Socket s = factory.createSocket()) {
      s.connect(InetSocketAddress.createUnresolved("dest.test", echo.port()), 5000);
      assertEchoes(s);
    }
    assertEquals(List.of(unreachable), routes.failed().stream().map(RecordingProxySelector.Failure::proxy).toList());
    assertEquals(1, proxy.requests().size(), "the second proxy carried it");
  }

  @Test
  void noProxyReachableIsTheJdksError() throws IOException {
    InetSocketAddress unreachable;
    try (java.net.ServerSocket gone = new java.net.ServerSocket(0, 1, V4)) {
      unreachable = (InetSocketAddress) gone.getLocalSocketAddress();
    }
    routes.add("dest.test", echo.port(), socks(unreachable));
    IOException jdk = failsThroughTheJdk("dest.test");
    IOException e = assertThrows(IOException.class, () -> factory.createSocket().connect(
        InetSocketAddress.createUnresolved("dest.test", echo.port()), 5000));
    assertLikeTheJdk(jdk, e);
    assertEquals("Can't connect to SOCKS proxy:Connection refused", e.getMessage());
  }

  @Test
  void aSelectorThatRejectsTheDestinationFailsTheConnectAsTheJdkDoes() throws IOException {
    ProxySelector.setDefault(new ProxySelector() {
      @Override
      public List<Proxy> select(URI uri) {
        throw new IllegalArgumentException("no proxy for " + uri);
      }

      @Override
      public void connectFailed(URI uri, SocketAddress sa, IOException e) {
      }
    });
    IOException jdk = failsThroughTheJdk("127.0.0.1");
    IOException e = assertThrows(IOException.class, () -> factory.createSocket(V4, echo.port()));
    assertLikeTheJdk(jdk, e);
    assertEquals("Failed to select a proxy", e.getMessage());
    assertInstanceOf(IllegalArgumentException.class, e.getCause());
    assertTrue(echo.clients().isEmpty(), "never a direct connection instead");
    IOException api = assertThrows(IOException.class,
        () -> ConnectByName.with(factory.settings()).connect("127.0.0.1", echo.port(), Duration.ofSeconds(5)));
    assertEquals("Failed to select a proxy", api.getMessage(), "the plain API asks the selector too");
  }

  @Test
  void thePlainApiGoesThroughTheProxyTheSelectorChooses() throws IOException {
    routes.add("dest.test", echo.port(), socks(proxy.address()));
    try (Connection c = ConnectByName.with(factory.settings()).connect("dest.test", echo.port(), Duration.ofSeconds(5))) {
      assertEchoes(c.socket());
    }
    assertEquals(List.of(new Request(5, 0, null, null, 3, "dest.test", echo.port())), proxy.requests());
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
  void aDirectEntryAfterAProxyThatCannotBeReachedMeansDirectAsInTheJdk() throws IOException {
    InetSocketAddress unreachable;
    try (java.net.ServerSocket gone = new java.net.ServerSocket(0, 1, V4)) {
      unreachable = (InetSocketAddress) gone.getLocalSocketAddress();
    }
    routes.add("direct.test", echo.port(), socks(unreachable), Proxy.NO_PROXY);
    try (Socket s = factory.createSocket("direct.test", echo.port())) {
      assertEchoes(s);
      assertTrue(echo.clients().contains(s.getLocalSocketAddress()), "connected directly after the proxy refused");
    }
    assertEquals(List.of(unreachable), routes.failed().stream().map(RecordingProxySelector.Failure::proxy).toList(),
        "the proxy was tried first, and reported as failed");
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
  void socks4SendsTheAddressAndRefusesANameAsTheJdkDoes() throws IOException {
    System.setProperty("socksProxyVersion", "4");
    routes.add("dest.test", echo.port(), socks(proxy.address()));
    routes.add("127.0.0.1", echo.port(), socks(proxy.address()));
    try (Socket s = factory.createSocket(V4, echo.port())) {
      assertEchoes(s);
    }
    String user = System.getProperty("user.name");
    assertEquals(List.of(new Request(4, -1, user, null, 1, "127.0.0.1", echo.port())), proxy.requests());
    IOException jdk = failsThroughTheJdk("dest.test");
    IOException e = assertThrows(IOException.class, () -> factory.createSocket().connect(
        InetSocketAddress.createUnresolved("dest.test", echo.port()), 5000));
    assertLikeTheJdk(jdk, e);
    assertInstanceOf(UnknownHostException.class, e, "version 4 carries no names");
  }

  @Test
  void socks4RejectionIsTheJdksException() throws IOException {
    System.setProperty("socksProxyVersion", "4");
    proxy.refuseWith(5);
    routes.add("127.0.0.1", echo.port(), socks(proxy.address()));
    IOException jdk = failsThroughTheJdk("127.0.0.1");
    IOException e = assertThrows(IOException.class, () -> factory.createSocket(V4, echo.port()));
    assertLikeTheJdk(jdk, e);
    assertEquals("SOCKS request rejected", e.getMessage());
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
    assertTrue(e.getMessage().startsWith("Connect timed out"), "the JDK's words: " + e.getMessage());
    assertEquals(List.of(), routes.failed(), "a proxy that was reached is not blamed, as in the JDK");
    assertEquals(1, silent1.greetings(), "the first proxy took the whole time");
    assertEquals(0, silent2.greetings(), "the second proxy got no time");
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

  /**
   * DESIGN §9: on a platform thread an interrupt changes nothing, as for the JDK's socket; where the
   * JDK's own socket implementation cannot be reached, the handshake is a channel's read, which an
   * interrupt ends by closing the socket (the one documented difference).
   */
  @Test
  void interruptOfAConnectWaitingForTheProxy() throws Exception {
    Socks5Server silent = closing(new Socks5Server(V4, 0)).silent();
    routes.add("dest.test", echo.port(), socks(silent.address()), socks(proxy.address()));
    Socket s = closing(factory.createSocket());
    Map<Integer, String> descriptors = Fixtures.fileDescriptors();
    ExecutorService pool = Executors.newSingleThreadExecutor();
    closers.add(pool::shutdownNow);
    AtomicReference<Thread> connector = new AtomicReference<>();
    AtomicReference<Boolean> interruptedAfter = new AtomicReference<>();
    Future<?> connecting = pool.submit(() -> {
      connector.set(Thread.currentThread());
      try {
        s.connect(InetSocketAddress.createUnresolved("dest.test", echo.port()));
      } finally {
        interruptedAfter.set(Thread.interrupted());
      }
      return null;
    });
    assertTrue(silent.awaitGreetings(1, 5000), "the proxy got our greeting");
    connector.get().interrupt();
    if (ByNameSocketFactory.usesJdkSocketImplementation()) {
      assertThrows(java.util.concurrent.TimeoutException.class, () -> connecting.get(300, TimeUnit.MILLISECONDS),
          "the interrupt changed nothing");
      s.close();
      ExecutionException e = assertThrows(ExecutionException.class, () -> connecting.get(2, TimeUnit.SECONDS));
      assertEquals("Socket closed", e.getCause().getMessage());
    } else {
      ExecutionException e = assertThrows(ExecutionException.class, () -> connecting.get(2, TimeUnit.SECONDS));
      assertEquals("Closed by interrupt", e.getCause().getMessage());
    }
    assertTrue(interruptedAfter.get(), "the interrupt status is kept");
    assertTrue(proxy.requests().isEmpty(), "the next proxy is not tried");
    assertTrue(routes.failed().isEmpty(), "an interrupt or a close is not a proxy failure: " + routes.failed());
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

  /** What the JDK's own socket throws connecting to {@code host} (a literal, or a name for the proxy) through the routes. */
  private IOException failsThroughTheJdk(String host) {
    InetSocketAddress to = Character.isDigit(host.charAt(0))
        ? new InetSocketAddress(Fixtures.v4(Integer.parseInt(host.substring(host.lastIndexOf('.') + 1))), echo.port())
        : InetSocketAddress.createUnresolved(host, echo.port());
    return assertThrows(IOException.class, () -> {
      try (Socket plain = new Socket()) {
        plain.connect(to, 5000);
      }
    }, "the JDK's own socket fails too");
  }

  /** Ours fails as the JDK's: the same type and the same words. */
  private static void assertLikeTheJdk(IOException jdk, IOException ours) {
    assertEquals(jdk.getClass(), ours.getClass(), "JDK: " + jdk + ", ours: " + ours);
    assertEquals(jdk.getMessage(), ours.getMessage());
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
