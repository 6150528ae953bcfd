package io.connectbyname;

import static io.connectbyname.Fixtures.V4;
import static io.connectbyname.Fixtures.V6;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.connectbyname.internal.socket.ByNameSocketImpl;
import java.io.IOException;
import java.lang.reflect.Method;
import java.net.BindException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketOption;
import java.net.SocketTimeoutException;
import java.net.StandardSocketOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * DESIGN §9 and §12: a by-name socket behaves as the JDK's own, run both ways in the same JVM and
 * compared: a plain {@code new Socket()} (no factory is installed in a test JVM) and a socket of
 * {@link ByNameSocketFactory}. The build runs this class twice, with the JDK's own socket
 * implementation out of reach of the library (as for a factory user) and open to it (as the java
 * agent opens it); the one documented difference, an interrupt that arrives while a platform thread
 * is blocked in a read, is pinned for each.
 */
@Timeout(30)
class JdkFidelityTest {
  private static final String NAME = "he.test";

  private final List<AutoCloseable> closers = new ArrayList<>();
  private ServerSocket silent; // accepts and holds every connection, never writes
  private final List<Socket> accepted = new java.util.concurrent.CopyOnWriteArrayList<>();

  @BeforeEach
  void setUp() throws IOException {
    silent = new ServerSocket(0, 50, V4);
    Thread t = new Thread(() -> {
      try {
        while (true) {
          accepted.add(silent.accept());
        }
      } catch (IOException e) {
        // closed by tearDown
      }
    }, "silent server");
    t.setDaemon(true);
    t.start();
  }

  @AfterEach
  void tearDown() throws Exception {
    silent.close();
    for (Socket s : accepted) {
      s.close();
    }
    for (int i = closers.size() - 1; i >= 0; i--) {
      closers.get(i).close();
    }
  }

  @Test
  void theBuildRunsThisWithTheImplementationItSaysItDoes() {
    boolean expected = Boolean.parseBoolean(System.getProperty("connect-by-name.expect-jdk-implementation", "false"));
    assertEquals(expected, ByNameSocketFactory.usesJdkSocketImplementation(), ByNameSocketImpl.whyNotJdkImplementation());
  }

  // ---- interrupts on a platform thread: nothing changes, the status stays set ----

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"127.0.0.1", NAME})
  void anInterruptDuringConnectChangesNothing(String host) throws Exception {
    try (Fixtures.Site site = Fixtures.site(Fixtures.blackhole(V4), Fixtures.blackhole(V6))) {
      boolean literal = !host.equals(NAME);
      // The JDK's own socket, for comparison, only for the literal: it cannot resolve the test's name.
      List<Socket> sockets = literal ? List.of(new Socket(), create(factory(site))) : List.of(create(factory(site)));
      for (Socket s : sockets) {
        closing(s);
        InetSocketAddress to = literal ? new InetSocketAddress(V4, site.port())
            : InetSocketAddress.createUnresolved(host, site.port());
        Outcome o = onThread(false, () -> s.connect(to, 600), 100);
        assertInstanceOf(SocketTimeoutException.class, o.thrown, s + ": " + o);
        assertTrue(o.millis >= 550, "the connect ran to its timeout: " + o);
        assertTrue(o.stillInterrupted, "the interrupt status is kept: " + o);
      }
    }
  }

  @Test
  void anInterruptStatusSetBeforeReadAndWriteChangesNothing() throws Exception {
    for (Socket s : pair()) {
      Socket peer = peerOf(s);
      peer.getOutputStream().write(7);
      Outcome o = onThread(false, () -> {
        Thread.currentThread().interrupt(); // a task cancelled with Future.cancel(true), for one
        s.getOutputStream().write(1);
        assertEquals(7, s.getInputStream().read());
      }, -1);
      assertNull(o.thrown, s + ": " + o);
      assertTrue(o.stillInterrupted, "the interrupt status is kept");
      assertFalse(s.isClosed());
      assertEquals(1, peer.getInputStream().read(), "the connection lives on");
    }
  }

  @Test
  void anInterruptDuringABlockedReadChangesNothingWithTheJdksImplementation() throws Exception {
    for (Socket s : pair()) {
      boolean jdk = isJdkSocket(s) || ByNameSocketFactory.usesJdkSocketImplementation();
      Socket peer = peerOf(s);
      CompletableFuture<Outcome> read = new CompletableFuture<>();
      Thread reader = new Thread(() -> read.complete(Outcome.of(() -> assertEquals(9, s.getInputStream().read()))));
      reader.start();
      Fixtures.awaitBlocked(reader, Duration.ofSeconds(5));
      reader.interrupt();
      if (jdk) {
        Thread.sleep(200);
        assertFalse(read.isDone(), "the read goes on after the interrupt");
        peer.getOutputStream().write(9);
        Outcome o = read.get(5, TimeUnit.SECONDS);
        assertNull(o.thrown, o.toString());
        assertTrue(o.stillInterrupted);
        assertFalse(s.isClosed());
      } else {
        // The one difference where the JDK's implementation cannot be reached: as on a virtual thread.
        Outcome o = read.get(5, TimeUnit.SECONDS);
        assertInstanceOf(SocketException.class, o.thrown, o.toString());
        assertEquals("Closed by interrupt", o.thrown.getMessage());
        assertTrue(o.stillInterrupted);
      }
    }
  }

  // ---- virtual threads: an interrupt closes the socket ----

  @Test
  void onAVirtualThreadAnInterruptDuringReadClosesTheSocket() throws Exception {
    assumeTrue(virtualThreads() != null, "virtual threads are absent before JDK 21");
    for (Socket s : pair()) {
      CompletableFuture<Outcome> read = new CompletableFuture<>();
      Thread reader = startVirtual(() -> read.complete(Outcome.of(() -> s.getInputStream().read())));
      awaitParked(reader);
      reader.interrupt();
      Outcome o = read.get(5, TimeUnit.SECONDS);
      assertInstanceOf(SocketException.class, o.thrown, s + ": " + o);
      assertEquals("Closed by interrupt", o.thrown.getMessage());
      assertTrue(s.isClosed(), "the socket is closed, as the JDK's");
      assertTrue(o.stillInterrupted);
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"127.0.0.1", NAME})
  void onAVirtualThreadAnInterruptDuringConnectClosesTheSocket(String host) throws Exception {
    assumeTrue(virtualThreads() != null, "virtual threads are absent before JDK 21");
    try (Fixtures.Site site = Fixtures.site(Fixtures.blackhole(V4), Fixtures.blackhole(V6))) {
      ByNameSocketFactory f = factory(site);
      List<Socket> sockets = host.equals(NAME) ? List.of(create(f)) : List.of(new Socket(), create(f));
      for (Socket s : sockets) {
        closing(s);
        InetSocketAddress to = host.equals(NAME) ? InetSocketAddress.createUnresolved(host, site.port())
            : new InetSocketAddress(V4, site.port());
        CompletableFuture<Outcome> connect = new CompletableFuture<>();
        Thread t = startVirtual(() -> connect.complete(Outcome.of(() -> s.connect(to, 10_000))));
        awaitParked(t);
        long start = System.nanoTime();
        t.interrupt();
        Outcome o = connect.get(5, TimeUnit.SECONDS);
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertInstanceOf(SocketException.class, o.thrown, s + ": " + o);
        assertEquals("Closed by interrupt", o.thrown.getMessage());
        assertTrue(millis < 2000, "ended " + millis + " ms after the interrupt");
        assertTrue(s.isClosed(), s + " is closed, as the JDK's");
      }
    }
  }

  // ---- close from another thread ----

  @Test
  void closeFromAnotherThreadEndsABlockedReadWithSocketClosed() throws Exception {
    for (Socket s : pair()) {
      CompletableFuture<Outcome> read = new CompletableFuture<>();
      Thread reader = new Thread(() -> read.complete(Outcome.of(() -> s.getInputStream().read())));
      reader.start();
      Fixtures.awaitBlocked(reader, Duration.ofSeconds(5));
      s.close();
      Outcome o = read.get(5, TimeUnit.SECONDS);
      assertEquals(SocketException.class, o.thrown == null ? null : o.thrown.getClass(), s + ": " + o);
      assertEquals("Socket closed", o.thrown.getMessage());
    }
  }

  @Test
  void closeFromAnotherThreadEndsABlockedWriteWithSocketClosed() throws Exception {
    for (Socket s : pair()) {
      s.setSendBufferSize(4096);
      CompletableFuture<Outcome> write = new CompletableFuture<>();
      Thread writer = new Thread(() -> write.complete(Outcome.of(() -> {
        byte[] chunk = new byte[65536];
        java.io.OutputStream out = s.getOutputStream();
        while (true) {
          out.write(chunk); // the silent peer never reads: this blocks
        }
      })));
      writer.start();
      Fixtures.awaitBlocked(writer, Duration.ofSeconds(10));
      s.close();
      Outcome o = write.get(5, TimeUnit.SECONDS);
      assertEquals(SocketException.class, o.thrown == null ? null : o.thrown.getClass(), s + ": " + o);
      assertEquals("Socket closed", o.thrown.getMessage());
    }
  }

  // ---- bind ----

  @Test
  void bindBindsAtOnceAsTheJdksDoes() throws IOException {
    for (Socket s : List.of(closing(new Socket()), closing(create(new ByNameSocketFactory())))) {
      s.bind(null);
      assertNotEquals(0, s.getLocalPort(), s + ": bind(null) gives an ephemeral port at once");
      assertTrue(s.isBound());
      try (Socket other = new Socket()) {
        BindException e = assertThrows(BindException.class,
            () -> other.bind(new InetSocketAddress(V4, s.getLocalPort())));
        assertTrue(e.getMessage().startsWith("Address already in use"), e.getMessage());
      }
    }
    try (ServerSocket taken = new ServerSocket(0, 1, V4)) {
      InetSocketAddress inUse = (InetSocketAddress) taken.getLocalSocketAddress();
      BindException jdk = assertThrows(BindException.class, () -> closing(new Socket()).bind(inUse));
      BindException ours = assertThrows(BindException.class,
          () -> closing(create(new ByNameSocketFactory())).bind(inUse));
      assertEquals(jdk.getMessage(), ours.getMessage());
    }
  }

  @Test
  void aFixedLocalPortDoesNotStopTheRace() throws Exception {
    try (Fixtures.Site site = Fixtures.site(Fixtures.blackhole(V6), Fixtures.live(V4))) {
      Socket s = closing(create(factory(site)));
      s.bind(new InetSocketAddress(0));
      int port = s.getLocalPort();
      s.close();
      Socket fixed = closing(create(factory(site)));
      fixed.bind(new InetSocketAddress(port)); // the wildcard, both families, one port
      long start = System.nanoTime();
      fixed.connect(InetSocketAddress.createUnresolved(NAME, site.port()), 5000);
      long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
      assertTrue(millis < 2000, "connected past the dead first address in " + millis + " ms, not 5 s");
      assertEquals(port, fixed.getLocalPort(), "on the port it was bound to");
      assertEquals(V4, fixed.getInetAddress());
    }
  }

  // ---- exception text: the JDK's ----

  @Test
  void aRefusedConnectSaysWhatTheJdksSays() throws IOException {
    InetSocketAddress nobody;
    try (ServerSocket gone = new ServerSocket(0, 1, V4)) {
      nobody = (InetSocketAddress) gone.getLocalSocketAddress();
    }
    InetSocketAddress to = nobody;
    IOException jdk = assertThrows(IOException.class, () -> closing(new Socket()).connect(to, 2000));
    IOException ours = assertThrows(IOException.class, () -> closing(create(new ByNameSocketFactory())).connect(to, 2000));
    assertEquals(jdk.getClass(), ours.getClass());
    assertEquals(jdk.getMessage(), ours.getMessage());
    assertEquals(ConnectException.class, ours.getClass());
  }

  @Test
  void aTimedOutConnectSaysWhatTheJdksSays() throws IOException {
    try (Fixtures.Site site = Fixtures.site(Fixtures.blackhole(V4))) {
      InetSocketAddress to = site.address(0);
      IOException jdk = assertThrows(IOException.class, () -> closing(new Socket()).connect(to, 200));
      IOException ours = assertThrows(IOException.class, () -> closing(create(new ByNameSocketFactory())).connect(to, 200));
      assertEquals(jdk.getClass(), ours.getClass());
      assertEquals(jdk.getMessage(), ours.getMessage());
    }
  }

  @Test
  void aRaceThatFailsStartsWithTheJdksTextAndNamesNoHost() throws IOException {
    try (Fixtures.Site site = Fixtures.site(Fixtures.refused(V6), Fixtures.refused(V4))) {
      IOException e = assertThrows(IOException.class,
          () -> create(factory(site)).connect(InetSocketAddress.createUnresolved(NAME, site.port()), 2000));
      assertInstanceOf(ConnectException.class, e);
      assertTrue(e.getMessage().startsWith("Connection refused"), e.getMessage());
      assertFalse(e.getMessage().contains(NAME) || e.getMessage().contains(Integer.toString(site.port())),
          "jdk.includeInExceptions does not hold hostInfo here: " + e.getMessage());
      assertEquals(2, e.getSuppressed().length, "every attempt's cause is kept");
    }
  }

  // ---- options read back before connect, as the JDK's ----

  @Test
  void optionsReadBackBeforeConnectAsTheJdksDo() throws IOException {
    Socket jdk = closing(new Socket());
    Socket ours = closing(create(new ByNameSocketFactory()));
    for (Socket s : List.of(jdk, ours)) {
      s.setOption(StandardSocketOptions.SO_LINGER, -2);
    }
    assertEquals(jdk.getOption(StandardSocketOptions.SO_LINGER), ours.getOption(StandardSocketOptions.SO_LINGER));
    assertEquals(-1, ours.getOption(StandardSocketOptions.SO_LINGER));
    for (Socket s : List.of(jdk, ours)) {
      s.setOption(StandardSocketOptions.SO_LINGER, 100_000);
      s.setReceiveBufferSize(1000);
      s.setSendBufferSize(3333);
    }
    assertEquals(65535, ours.getOption(StandardSocketOptions.SO_LINGER));
    assertEquals(jdk.getSoLinger(), ours.getSoLinger());
    assertEquals(jdk.getReceiveBufferSize(), ours.getReceiveBufferSize(), "the kernel's effective value");
    assertEquals(jdk.getSendBufferSize(), ours.getSendBufferSize(), "the kernel's effective value");
    assertEquals(jdk.supportedOptions(), ours.supportedOptions());
    for (SocketOption<?> option : jdk.supportedOptions()) {
      assertEquals(String.valueOf(jdk.getOption(option)), String.valueOf(ours.getOption(option)), option.name());
    }
  }

  // ---- addresses ----

  @Test
  void anIpv6AddressPrintsAsTheJdksDoesWithNoScope() throws Exception {
    try (Fixtures.Site site = Fixtures.site(Fixtures.live(V6))) {
      Socket s = closing(create(factory(site)));
      s.connect(InetSocketAddress.createUnresolved(NAME, site.port()), 2000);
      assertEquals(NAME + "/0:0:0:0:0:0:0:1", s.getInetAddress().toString());
      assertEquals(-1, s.getInetAddress().toString().indexOf('%'));
    }
  }

  // ---- helpers ----

  /** A connected plain JDK socket and a connected by-name one, each to the silent server. */
  private List<Socket> pair() throws IOException {
    InetSocketAddress to = (InetSocketAddress) silent.getLocalSocketAddress();
    Socket jdk = closing(new Socket());
    jdk.connect(to, 2000);
    Socket ours = closing(create(new ByNameSocketFactory()));
    ours.connect(InetSocketAddress.createUnresolved("localhost", to.getPort()), 2000);
    return List.of(jdk, ours);
  }

  private Socket peerOf(Socket s) throws InterruptedException {
    long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (System.nanoTime() < giveUp) {
      for (Socket a : accepted) {
        if (a.getPort() == s.getLocalPort()) {
          return a;
        }
      }
      Thread.sleep(1);
    }
    throw new AssertionError("no accepted socket for " + s);
  }

  private static boolean isJdkSocket(Socket s) {
    return !(s.getClass().getName().startsWith("io.connectbyname"));
  }

  private static Socket create(ByNameSocketFactory f) {
    try {
      return f.createSocket();
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  private static ByNameSocketFactory factory(Fixtures.Site site) {
    return new ByNameSocketFactory(Settings.defaults()
        .withResolver(Fixtures.resolver(Map.of(NAME, site.addresses())))
        .withHistory(0, Duration.ofMinutes(1)));
  }

  private <T extends AutoCloseable> T closing(T resource) {
    closers.add(resource);
    return resource;
  }

  /** Something that may throw. */
  private interface Body {
    void run() throws Exception;
  }

  /** How a body ran: what it threw, how long it took, whether its thread was still interrupted. */
  private record Outcome(Throwable thrown, long millis, boolean stillInterrupted) {
    static Outcome of(Body body) {
      long start = System.nanoTime();
      Throwable thrown = null;
      try {
        body.run();
      } catch (Throwable e) {
        thrown = e;
      }
      return new Outcome(thrown, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start),
          Thread.currentThread().isInterrupted());
    }
  }

  /**
   * Runs {@code body} on a new platform or virtual thread, interrupting it {@code interruptAfterMillis}
   * after it started (never, when negative).
   */
  private static Outcome onThread(boolean virtual, Body body, long interruptAfterMillis) throws Exception {
    CompletableFuture<Outcome> done = new CompletableFuture<>();
    Runnable r = () -> done.complete(Outcome.of(body));
    Thread t = virtual ? startVirtual(r) : new Thread(r);
    if (!virtual) {
      t.start();
    }
    if (interruptAfterMillis >= 0) {
      Thread.sleep(interruptAfterMillis);
      t.interrupt();
    }
    return done.get(20, TimeUnit.SECONDS);
  }

  private static Method virtualThreads() {
    try {
      return Thread.class.getMethod("startVirtualThread", Runnable.class);
    } catch (NoSuchMethodException e) {
      return null;
    }
  }

  private static Thread startVirtual(Runnable r) throws Exception {
    return (Thread) virtualThreads().invoke(null, r);
  }

  /** Waits until a virtual thread is parked (in a read, a connect or a select). */
  private static void awaitParked(Thread t) throws InterruptedException {
    long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (t.getState() != Thread.State.WAITING && t.getState() != Thread.State.TIMED_WAITING
        && t.getState() != Thread.State.RUNNABLE || !parkedInSocketCode(t)) {
      if (System.nanoTime() > giveUp) {
        throw new AssertionError(t + " did not block: " + t.getState());
      }
      Thread.sleep(1);
    }
    Thread.sleep(50); // settled in its wait
  }

  private static boolean parkedInSocketCode(Thread t) {
    for (StackTraceElement frame : t.getStackTrace()) {
      if (frame.getClassName().startsWith("sun.nio.ch.")) {
        return true;
      }
    }
    return false;
  }
}
