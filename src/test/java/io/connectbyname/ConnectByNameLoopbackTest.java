package io.connectbyname;

import static io.connectbyname.Fixtures.V4;
import static io.connectbyname.Fixtures.V6;
import static io.connectbyname.Fixtures.blackhole;
import static io.connectbyname.Fixtures.echo;
import static io.connectbyname.Fixtures.live;
import static io.connectbyname.Fixtures.refused;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.connectbyname.Attempt.Outcome;
import io.connectbyname.Settings.Family;
import io.connectbyname.Settings.Strategy;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.channels.ClosedByInterruptException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Connects by name over real sockets on 127.0.0.1 and ::1: live servers, blackholed addresses (a
 * full accept queue) and refused ones (nothing listening), with an in-process resolver. Every
 * failing connect is checked for leaked descriptors.
 */
@Timeout(20)
class ConnectByNameLoopbackTest {
  private static final String NAME = "he.test";
  private static final Duration TIMEOUT = Duration.ofSeconds(5);
  private static final Duration DELAY = Settings.DEFAULT_ATTEMPT_DELAY;

  /** Loads the classes and JDK internals a connect touches, so that lazily opened descriptors do not count. */
  @BeforeAll
  static void warmUp() throws IOException {
    try (Fixtures.Site site = Fixtures.site(refused(V6), live(V4))) {
      connector(site, s -> s).connect(NAME, site.port(), TIMEOUT).close();
      assertThrows(ConnectException.class, () -> connector(site, s -> s).connect("::1", site.port(), TIMEOUT));
    }
  }

  // (a) a blackholed first address, the other family live

  @ParameterizedTest(name = "{0} blackholed first")
  @ValueSource(strings = {"IPV6", "IPV4"})
  void blackholedFirstAddressFallsBackToTheOtherFamily(Family dead) throws Exception {
    InetAddress deadAddress = dead == Family.IPV6 ? V6 : V4;
    InetAddress liveAddress = dead == Family.IPV6 ? V4 : V6;
    try (Fixtures.Site site = Fixtures.site(blackhole(deadAddress), echo(liveAddress))) {
      Map<Integer, String> before = Fixtures.fileDescriptors();
      long t0 = System.nanoTime();
      Connection c = connector(site, s -> s).connect(NAME, site.port(), TIMEOUT);
      Duration took = since(t0);

      try (c) {
        assertTrue(took.compareTo(Duration.ofSeconds(1)) < 0, "took " + took + "; the timeout is 5 s");
        assertEquals(List.of(deadAddress, liveAddress), addresses(c.attempts()));
        assertEquals(List.of(Outcome.CANCELLED, Outcome.CONNECTED), outcomes(c.attempts()));
        assertTrue(c.attempts().get(1).start().compareTo(DELAY) >= 0,
            "the second attempt starts after the attempt delay: " + c.attempts());
        assertTrue(c.elapsed().compareTo(took) <= 0, c.elapsed() + " > " + took);

        assertEquals(new InetSocketAddress(liveAddress, site.port()), c.remote());
        assertEquals(NAME, c.remote().getAddress().getHostName());
        assertTrue(c.remote().toString().startsWith(NAME + "/"), c.remote().toString());
        assertTrue(c.local().getAddress().isLoopbackAddress(), c.local().toString());
        assertEquals(c.local(), c.socket().getLocalSocketAddress());
        assertEquals(liveAddress, c.socket().getInetAddress());

        assertTrue(c.socket().isConnected());
        assertEquals(NAME, c.socket().getInetAddress().getHostName(), "the socket itself carries the name asked for");
        assertEquals(site.port(), c.socket().getPort());
        byte[] ping = "ping".getBytes(StandardCharsets.US_ASCII);
        c.socket().getOutputStream().write(ping);
        assertArrayEquals(ping, c.socket().getInputStream().readNBytes(4));
      }
      assertTrue(server(site, 1).awaitFinished(1, TIMEOUT));
      assertNoLeak(before, "after the connection closed");
    }
  }

  // (b) a refused first address

  @ParameterizedTest(name = "{0} refused first")
  @ValueSource(strings = {"IPV6", "IPV4"})
  void refusedFirstAddressMovesOnAtOnce(Family dead) throws Exception {
    InetAddress deadAddress = dead == Family.IPV6 ? V6 : V4;
    InetAddress liveAddress = dead == Family.IPV6 ? V4 : V6;
    try (Fixtures.Site site = Fixtures.site(refused(deadAddress), live(liveAddress))) {
      long t0 = System.nanoTime();
      try (Connection c = connector(site, s -> s).connect(NAME, site.port(), TIMEOUT)) {
        Duration took = since(t0);
        // The attempt delay is 250 ms: a second attempt started much earlier was started by the refusal.
        assertTrue(took.compareTo(Duration.ofMillis(200)) < 0, "took " + took);
        assertTrue(c.attempts().get(1).start().compareTo(DELAY) < 0, c.attempts().toString());
        assertEquals(List.of(Outcome.REFUSED, Outcome.CONNECTED), outcomes(c.attempts()));
        assertInstanceOf(ConnectException.class, c.attempts().get(0).cause());
        assertEquals(liveAddress, c.remote().getAddress());
      }
    }
  }

  @Test
  void refusalWhileAnotherAttemptHangsStartsTheNextAtOnce() throws Exception {
    try (Fixtures.Site site = Fixtures.site(blackhole(V6), refused(V4), live(Fixtures.v4(2)))) {
      try (Connection c = connector(site, s -> s).connect(NAME, site.port(), TIMEOUT)) {
        // Starts: ::1 at 0, 127.0.0.1 at 250 ms (refused at once), 127.0.0.2 at once after, where
        // the attempt delay alone would start it at 500 ms at the earliest.
        assertEquals(List.of(Outcome.CANCELLED, Outcome.REFUSED, Outcome.CONNECTED), outcomes(c.attempts()));
        Duration third = c.attempts().get(2).start();
        assertTrue(third.compareTo(DELAY) >= 0 && third.compareTo(DELAY.multipliedBy(2)) < 0, c.attempts().toString());
        assertEquals(Fixtures.v4(2), c.remote().getAddress());
      }
    }
  }

  // (c) every address blackholed

  @Test
  void everyAddressBlackholedTimesOutOnTime() throws IOException {
    try (Fixtures.Site site = Fixtures.site(blackhole(V6), blackhole(V4))) {
      ByNameConnector cbn = connector(site, s -> s);
      long t0 = System.nanoTime();
      SocketTimeoutException e = assertFailsWithoutLeak(SocketTimeoutException.class,
          () -> cbn.connect(NAME, site.port(), Duration.ofMillis(500)));
      Duration took = since(t0);

      assertTrue(took.compareTo(Duration.ofMillis(480)) >= 0, "gave up early, after " + took);
      assertTrue(took.compareTo(Duration.ofMillis(1000)) < 0, "gave up late, after " + took);
      assertMentions(e, NAME + ":" + site.port(), "500 ms", "[::1]:" + site.port(), "127.0.0.1:" + site.port());
      assertEquals(2, e.getSuppressed().length, List.of(e.getSuppressed()).toString());
      for (Throwable cause : e.getSuppressed()) {
        assertInstanceOf(SocketTimeoutException.class, cause);
      }
    }
  }

  @Test
  void noTimeoutGiven_settingsTimeoutApplies() throws IOException {
    try (Fixtures.Site site = Fixtures.site(blackhole(V6), blackhole(V4))) {
      ByNameConnector cbn = connector(site, s -> s.withTimeout(Duration.ofMillis(300)));
      long t0 = System.nanoTime();
      SocketTimeoutException e = assertFailsWithoutLeak(SocketTimeoutException.class,
          () -> cbn.connect(NAME, site.port(), null));
      assertTrue(since(t0).compareTo(Duration.ofMillis(280)) >= 0);
      assertMentions(e, "300 ms");
    }
  }

  /** A timeout too long to count in nanoseconds means no timeout, not an {@link ArithmeticException}. */
  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {NAME, "127.0.0.1"})
  void hugeTimeoutMeansNone(String node) throws Exception {
    try (Fixtures.Site site = Fixtures.site(live(V4), live(V6))) {
      ByNameConnector cbn = connector(site, s -> s);
      for (Duration forever : List.of(Duration.ofMillis(Long.MAX_VALUE), ChronoUnit.FOREVER.getDuration())) {
        try (Connection c = cbn.connect(node, site.port(), forever)) {
          assertTrue(c.socket().isConnected());
        }
        try (Connection c = ConnectByName.with(cbn.settings().withTimeout(forever)).connect(node, site.port(), null)) {
          assertTrue(c.socket().isConnected());
        }
      }
    }
  }

  // (d) every address refused

  @Test
  void everyAddressRefusedIsOneConnectExceptionNamingEach() throws IOException {
    try (Fixtures.Site site = Fixtures.site(refused(V6), refused(V4), refused(Fixtures.v4(2)))) {
      ByNameConnector cbn = connector(site, s -> s);
      long t0 = System.nanoTime();
      ConnectException e = assertFailsWithoutLeak(ConnectException.class, () -> cbn.connect(NAME, site.port(), TIMEOUT));

      assertTrue(since(t0).compareTo(Duration.ofMillis(200)) < 0, "refusals move on at once: " + since(t0));
      int port = site.port();
      assertMentions(e, NAME + ":" + port, "[::1]:" + port + " refused", "127.0.0.1:" + port + " refused",
          "127.0.0.2:" + port + " refused");
      assertEquals(3, e.getSuppressed().length);
      for (Throwable cause : e.getSuppressed()) {
        assertInstanceOf(ConnectException.class, cause);
      }
      assertFalse(e.getMessage().contains("\n"), "one line");
    }
  }

  // (e) literals: one address, the fast path

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"127.0.0.1", "::1", "[::1]"})
  void literalConnectsWithoutResolving(String literal) throws Exception {
    InetAddress address = InetAddress.getByName(literal.replace("[", "").replace("]", ""));
    try (Fixtures.Site site = Fixtures.site(live(address))) {
      Fixtures.Resolver resolver = Fixtures.resolver(Map.of());
      ByNameConnector cbn = ConnectByName.with(Settings.defaults().withResolver(resolver));
      try (Connection c = cbn.connect(literal, site.port(), TIMEOUT)) {
        assertEquals(new InetSocketAddress(address, site.port()), c.remote());
        assertEquals(address.getHostAddress(), c.remote().getAddress().getHostAddress());
        assertEquals(List.of(Outcome.CONNECTED), outcomes(c.attempts()));
        assertTrue(c.socket().isConnected());
      }
      assertEquals(List.of(), resolver.lookups(), "a literal is never looked up");
    }
  }

  @Test
  void refusedLiteralIsAConnectException() throws IOException {
    try (Fixtures.Site site = Fixtures.site(refused(V4))) {
      ByNameConnector cbn = connector(site, s -> s);
      ConnectException e = assertFailsWithoutLeak(ConnectException.class,
          () -> cbn.connect("127.0.0.1", site.port(), TIMEOUT));
      assertMentions(e, "127.0.0.1:" + site.port() + " refused");
      assertEquals(1, e.getSuppressed().length);
    }
  }

  @Test
  void blackholedLiteralTimesOutOnTime() throws IOException {
    try (Fixtures.Site site = Fixtures.site(blackhole(V6))) {
      ByNameConnector cbn = connector(site, s -> s);
      long t0 = System.nanoTime();
      SocketTimeoutException e = assertFailsWithoutLeak(SocketTimeoutException.class,
          () -> cbn.connect("::1", site.port(), Duration.ofMillis(300)));
      Duration took = since(t0);
      assertTrue(took.compareTo(Duration.ofMillis(280)) >= 0 && took.compareTo(Duration.ofMillis(1000)) < 0,
          "took " + took);
      assertMentions(e, "[::1]:" + site.port(), "300 ms");
    }
  }

  @Test
  void nameWithOneAddressConnects() throws Exception {
    try (Fixtures.Site site = Fixtures.site(live(V6))) {
      try (Connection c = connector(site, s -> s).connect(NAME, site.port(), TIMEOUT)) {
        assertEquals(V6, c.remote().getAddress());
        assertEquals(NAME, c.remote().getHostName());
        assertEquals(1, c.attempts().size());
      }
    }
  }

  // (f) names that do not resolve, bad input

  @Test
  void unknownHostNamesTheNode() throws IOException {
    try (Fixtures.Site site = Fixtures.site(live(V4))) {
      ByNameConnector cbn = connector(site, s -> s);
      UnknownHostException e = assertFailsWithoutLeak(UnknownHostException.class,
          () -> cbn.connect("nowhere.test", site.port(), TIMEOUT));
      assertMentions(e, "nowhere.test:" + site.port());
    }
  }

  @Test
  void resolverThatReturnsNothingOrThrowsIsAnUnknownHost() {
    ByNameConnector empty = ConnectByName.with(Settings.defaults().withResolver(host -> List.of()));
    assertMentions(assertFailsWithoutLeak(UnknownHostException.class, () -> empty.connect(NAME, 80, TIMEOUT)), NAME);
    ByNameConnector broken = ConnectByName.with(Settings.defaults().withResolver(host -> {
      throw new IllegalStateException("resolver is broken");
    }));
    UnknownHostException e = assertFailsWithoutLeak(UnknownHostException.class, () -> broken.connect(NAME, 80, TIMEOUT));
    assertMentions(e, NAME, "resolver is broken");
  }

  @Test
  void badInputIsAnIllegalArgumentNamingIt() {
    Fixtures.Resolver resolver = Fixtures.resolver(Map.of(NAME, List.of(V4)));
    ByNameConnector cbn = ConnectByName.with(Settings.defaults().withResolver(resolver));
    assertMentions(assertFailsWithoutLeak(IllegalArgumentException.class, () -> cbn.connect(NAME, 65536, TIMEOUT)), "65536");
    assertMentions(assertFailsWithoutLeak(IllegalArgumentException.class, () -> cbn.connect(NAME, -1, TIMEOUT)), "-1");
    assertMentions(assertFailsWithoutLeak(IllegalArgumentException.class, () -> cbn.connect(NAME, "99999", TIMEOUT)), "99999");
    assertMentions(assertFailsWithoutLeak(IllegalArgumentException.class, () -> cbn.connect("a b", 80, TIMEOUT)), "a b");
    assertMentions(assertFailsWithoutLeak(IllegalArgumentException.class,
        () -> cbn.connect(NAME, 80, Duration.ofMillis(-1))), "-1 ms");
    assertEquals(List.of(), resolver.lookups(), "nothing is looked up for bad input");
  }

  @Test
  void aNullArgumentIsANullPointerNamingIt() {
    Fixtures.Resolver resolver = Fixtures.resolver(Map.of(NAME, List.of(V4)));
    ByNameConnector cbn = ConnectByName.with(Settings.defaults().withResolver(resolver));
    assertMentions(assertFailsWithoutLeak(NullPointerException.class, () -> cbn.connect(null, 80, TIMEOUT)), "node");
    assertMentions(assertFailsWithoutLeak(NullPointerException.class, () -> cbn.connect(null, "80", TIMEOUT)), "node");
    assertMentions(assertFailsWithoutLeak(NullPointerException.class,
        () -> cbn.connect(NAME, (String) null, TIMEOUT)), "service");
    assertMentions(assertFailsWithoutLeak(NullPointerException.class, () -> cbn.connectByList(null, TIMEOUT)), "addresses");
    List<InetSocketAddress> withNull = java.util.Arrays.asList(new InetSocketAddress(V4, 80), null);
    assertMentions(assertFailsWithoutLeak(NullPointerException.class, () -> cbn.connectByList(withNull, TIMEOUT)),
        "addresses[1]");
    assertMentions(assertThrows(NullPointerException.class, () -> ConnectByName.with(null)), "settings");
    assertEquals(List.of(), resolver.lookups(), "nothing is looked up for a null argument");
  }

  // (g) interrupts

  @Test
  void interruptWhileRacingEndsItAtOnceAndKeepsTheFlag() throws Exception {
    try (Fixtures.Site site = Fixtures.site(blackhole(V6), blackhole(V4))) {
      ByNameConnector cbn = connector(site, s -> s);
      Map<Integer, String> before = Fixtures.fileDescriptors();
      Interrupted r = interruptWhileBlocked(() -> cbn.connect(NAME, site.port(), TIMEOUT));
      assertInstanceOf(ClosedByInterruptException.class, r.thrown, String.valueOf(r.thrown));
      assertTrue(r.flagSet, "the interrupt flag stays set");
      assertTrue(r.reaction.compareTo(Duration.ofSeconds(1)) < 0, "reacted after " + r.reaction);
      assertNoLeak(before, "after the interrupted connect");
    }
  }

  @Test
  void interruptWhileConnectingToOneAddressEndsItAtOnceAndKeepsTheFlag() throws Exception {
    try (Fixtures.Site site = Fixtures.site(blackhole(V4))) {
      ByNameConnector cbn = connector(site, s -> s);
      Map<Integer, String> before = Fixtures.fileDescriptors();
      Interrupted r = interruptWhileBlocked(() -> cbn.connect("127.0.0.1", site.port(), TIMEOUT));
      assertInstanceOf(ClosedByInterruptException.class, r.thrown, String.valueOf(r.thrown));
      assertTrue(r.flagSet, "the interrupt flag stays set");
      assertTrue(r.reaction.compareTo(Duration.ofSeconds(1)) < 0, "reacted after " + r.reaction);
      assertNoLeak(before, "after the interrupted connect");
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {NAME, "127.0.0.1"})
  void alreadyInterruptedThreadDoesNotConnect(String node) throws Exception {
    try (Fixtures.Site site = Fixtures.site(blackhole(V4), blackhole(V6))) {
      ByNameConnector cbn = connector(site, s -> s);
      Map<Integer, String> before = Fixtures.fileDescriptors();
      AtomicReference<Throwable> thrown = new AtomicReference<>();
      AtomicReference<Boolean> flag = new AtomicReference<>();
      long t0 = System.nanoTime();
      Thread t = new Thread(() -> {
        Thread.currentThread().interrupt();
        try {
          cbn.connect(node, site.port(), TIMEOUT).close();
        } catch (Throwable e) {
          thrown.set(e);
        }
        flag.set(Thread.currentThread().isInterrupted());
      });
      t.start();
      t.join(TIMEOUT.toMillis() * 2);
      assertInstanceOf(ClosedByInterruptException.class, thrown.get());
      assertTrue(flag.get());
      assertTrue(since(t0).compareTo(Duration.ofSeconds(1)) < 0, "took " + since(t0));
      assertNoLeak(before, "after the interrupted connect");
    }
  }

  // (h) family filter

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"IPV4", "IPV6"})
  void familyFilterTriesOnlyThatFamily(Family family) throws Exception {
    try (Fixtures.Site site = Fixtures.site(live(V6), live(V4))) {
      try (Connection c = connector(site, s -> s.withFamily(family)).connect(NAME, site.port(), TIMEOUT)) {
        InetAddress expected = family == Family.IPV4 ? V4 : V6;
        assertEquals(List.of(expected), addresses(c.attempts()));
        assertEquals(expected, c.remote().getAddress());
        assertEquals(NAME, c.remote().getHostName());
      }
    }
  }

  @Test
  void familyFilterThatLeavesNothingIsAnUnknownHost() throws IOException {
    try (Fixtures.Site site = Fixtures.site(live(V4), live(Fixtures.v4(2)))) {
      ByNameConnector cbn = connector(site, s -> s.withFamily(Family.IPV6));
      UnknownHostException e = assertFailsWithoutLeak(UnknownHostException.class,
          () -> cbn.connect(NAME, site.port(), TIMEOUT));
      assertMentions(e, NAME, "ipv6", "127.0.0.1", "127.0.0.2");
    }
  }

  // (i) sequential strategy

  @Test
  void sequentialNeverLeavesAHangingFirstAddress() throws IOException {
    try (Fixtures.Site site = Fixtures.site(blackhole(V6), live(V4))) {
      ByNameConnector cbn = connector(site, s -> s.withStrategy(Strategy.SEQUENTIAL).withAttemptDelay(Duration.ofMillis(100)));
      SocketTimeoutException e = assertFailsWithoutLeak(SocketTimeoutException.class,
          () -> cbn.connect(NAME, site.port(), Duration.ofMillis(300)));
      assertMentions(e, "[::1]:" + site.port());
      assertFalse(e.getMessage().contains("127.0.0.1"), "the second address is never tried: " + e.getMessage());
      assertEquals(0, server(site, 1).finished());
    }
  }

  @Test
  void happyEyeballsPassesAHangingFirstAddress() throws Exception {
    try (Fixtures.Site site = Fixtures.site(blackhole(V6), live(V4))) {
      ByNameConnector cbn = connector(site, s -> s.withAttemptDelay(Duration.ofMillis(100)));
      try (Connection c = cbn.connect(NAME, site.port(), Duration.ofMillis(300))) {
        assertEquals(V4, c.remote().getAddress());
      }
    }
  }

  @Test
  void sequentialMovesOnAfterARefusal() throws Exception {
    try (Fixtures.Site site = Fixtures.site(refused(V6), refused(V4), live(Fixtures.v4(2)))) {
      ByNameConnector cbn = connector(site, s -> s.withStrategy(Strategy.SEQUENTIAL));
      try (Connection c = cbn.connect(NAME, site.port(), TIMEOUT)) {
        assertEquals(List.of(Outcome.REFUSED, Outcome.REFUSED, Outcome.CONNECTED), outcomes(c.attempts()));
        for (int i = 1; i < 3; i++) {
          Attempt previous = c.attempts().get(i - 1);
          assertTrue(c.attempts().get(i).start().compareTo(previous.start().plus(previous.duration())) >= 0,
              "one at a time: " + c.attempts());
        }
      }
    }
  }

  // (j) connect by list

  @Test
  void connectByListExpandsUnresolvedEntriesInPlace() throws Exception {
    try (Fixtures.Site site = Fixtures.site(blackhole(V6), live(V4))) {
      Fixtures.Resolver resolver = Fixtures.resolver(Map.of(NAME, List.of(V4)));
      ByNameConnector cbn = ConnectByName.with(Settings.defaults().withResolver(resolver));
      List<InetSocketAddress> list = List.of(site.address(0), InetSocketAddress.createUnresolved(NAME, site.port()));
      try (Connection c = cbn.connectByList(list, TIMEOUT)) {
        assertEquals(List.of(V6, V4), addresses(c.attempts()));
        assertEquals(List.of(Outcome.CANCELLED, Outcome.CONNECTED), outcomes(c.attempts()));
        assertEquals(V4, c.remote().getAddress());
        assertEquals(NAME, c.remote().getHostName(), "the address of an unresolved entry carries its name");
      }
      assertEquals(List.of(NAME), resolver.lookups());
    }
  }

  @Test
  void connectByListKeepsTheCallersOrderAndPorts() throws Exception {
    try (Fixtures.Site dead = Fixtures.site(refused(V4));
         Fixtures.Site up = Fixtures.site(live(V6))) {
      Fixtures.Resolver resolver = Fixtures.resolver(Map.of());
      ByNameConnector cbn = ConnectByName.with(Settings.defaults().withResolver(resolver));
      List<InetSocketAddress> list = List.of(dead.address(0), InetSocketAddress.createUnresolved("::1", up.port()));
      long t0 = System.nanoTime();
      try (Connection c = cbn.connectByList(list, TIMEOUT)) {
        assertTrue(since(t0).compareTo(Duration.ofMillis(200)) < 0, "took " + since(t0));
        assertEquals(List.of(Outcome.REFUSED, Outcome.CONNECTED), outcomes(c.attempts()));
        assertEquals(up.address(0), c.remote());
        assertEquals(dead.port(), c.attempts().get(0).address().getPort());
      }
      assertEquals(List.of(), resolver.lookups(), "an unresolved literal is not looked up");
    }
  }

  @Test
  void connectByListFailuresNameTheList() throws IOException {
    try (Fixtures.Site site = Fixtures.site(refused(V4), refused(V6))) {
      ByNameConnector cbn = connector(site, s -> s);
      ConnectException e = assertFailsWithoutLeak(ConnectException.class,
          () -> cbn.connectByList(List.of(site.address(0), site.address(1)), TIMEOUT));
      assertMentions(e, "127.0.0.1:" + site.port(), "[::1]:" + site.port());
      assertEquals(2, e.getSuppressed().length);

      UnknownHostException u = assertFailsWithoutLeak(UnknownHostException.class,
          () -> cbn.connectByList(List.of(site.address(0), InetSocketAddress.createUnresolved("nowhere.test", 80)), TIMEOUT));
      assertMentions(u, "nowhere.test");
      assertFailsWithoutLeak(IllegalArgumentException.class, () -> cbn.connectByList(List.of(), TIMEOUT));
    }
  }

  // helpers

  private static ByNameConnector connector(Fixtures.Site site, java.util.function.UnaryOperator<Settings> more) {
    return ConnectByName.with(more.apply(Settings.defaults().withResolver(Fixtures.resolver(Map.of(NAME, site.addresses())))));
  }

  private static Fixtures.Server server(Fixtures.Site site, int i) {
    return (Fixtures.Server) site.listener(i);
  }

  /** Asserts that {@code connect} throws {@code type} and that no descriptor is left open by it. */
  private static <T extends Throwable> T assertFailsWithoutLeak(Class<T> type, Executable connect) {
    Map<Integer, String> before = Fixtures.fileDescriptors();
    T e = assertThrows(type, connect);
    assertNoLeak(before, "after " + e);
    return e;
  }

  private static void assertNoLeak(Map<Integer, String> before, String when) {
    Fixtures.assertNoDescriptorLeak(before, when);
  }

  private static void assertMentions(Throwable e, String... parts) {
    assertNotNull(e.getMessage(), e.toString());
    for (String part : parts) {
      assertTrue(e.getMessage().contains(part), () -> "message should name " + part + ": " + e.getMessage());
    }
  }

  private static List<InetAddress> addresses(List<Attempt> attempts) {
    return attempts.stream().map(a -> a.address().getAddress()).collect(Collectors.toList());
  }

  private static List<Outcome> outcomes(List<Attempt> attempts) {
    return attempts.stream().map(Attempt::outcome).collect(Collectors.toList());
  }

  private static Duration since(long t0) {
    return Duration.ofNanos(System.nanoTime() - t0);
  }

  /** How an interrupted connect ended. */
  private record Interrupted(Throwable thrown, boolean flagSet, Duration reaction) {}

  /**
   * Runs {@code connect} on a new thread, waits until that thread blocks in the JDK's socket code,
   * interrupts it, and reports what it threw and how long after the interrupt.
   */
  private static Interrupted interruptWhileBlocked(Callable<Connection> connect) throws InterruptedException {
    AtomicReference<Throwable> thrown = new AtomicReference<>();
    AtomicReference<Boolean> flag = new AtomicReference<>();
    AtomicReference<Long> endedAt = new AtomicReference<>();
    Thread t = new Thread(() -> {
      try {
        connect.call().close();
      } catch (Throwable e) {
        thrown.set(e);
      }
      endedAt.set(System.nanoTime());
      flag.set(Thread.currentThread().isInterrupted());
    }, "connecting");
    t.start();
    Fixtures.awaitBlocked(t, Duration.ofSeconds(3));
    long interruptedAt = System.nanoTime();
    t.interrupt();
    t.join(TIMEOUT.toMillis() * 2);
    assertFalse(t.isAlive(), "the interrupted connect did not end");
    return new Interrupted(thrown.get(), flag.get(), Duration.ofNanos(endedAt.get() - interruptedAt));
  }
}
