package io.connectbyname;

import static io.connectbyname.Fixtures.V4;
import static io.connectbyname.Fixtures.V6;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.verifyNoMoreInteractions;
import static org.mockito.Mockito.when;

import io.connectbyname.spi.AddressResolver;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Resolvers that misbehave, through the {@link AddressResolver} SPI, on the plain API and on the
 * factory's sockets: each ends in a clear error or a connection within the deadline, nothing
 * leaks, and however many addresses a name has, at most {@code maxInFlight} attempts are open.
 */
@Timeout(30)
class HostileResolverTest {
  private static final String NAME = "hostile.test";
  private static final Duration TIMEOUT = Duration.ofSeconds(5);
  /** Descriptors a race holds besides its attempts: the selector (epoll and its wakeup). */
  private static final int SELECTOR_FDS = 3;

  // --- resolvers that throw ---

  @Test
  void unknownHostFromTheResolverNamesTheDestinationAndTheResolversReason() throws IOException {
    for (Throwable e : bothWays(host -> {
      throw new UnknownHostException("NXDOMAIN from 192.0.2.53");
    }, 5432)) {
      assertInstanceOf(UnknownHostException.class, e);
      assertMentions(e, NAME + ":5432", "NXDOMAIN from 192.0.2.53");
    }
  }

  @Test
  void runtimeExceptionFromTheResolverIsAnUnknownHostWithTheCause() throws IOException {
    IllegalStateException bug = new IllegalStateException("resolver is broken");
    for (Throwable e : bothWays(host -> {
      throw bug;
    }, 80)) {
      assertInstanceOf(UnknownHostException.class, e);
      assertMentions(e, NAME + ":80", "resolver is broken");
      assertSame(bug, e.getCause());
    }
  }

  @Test
  void errorFromTheResolverGoesThroughUnchangedAndLeavesTheSocketClosed() throws IOException {
    ResolverBug bug = new ResolverBug();
    for (Throwable e : bothWays(host -> {
      throw bug;
    }, 80)) {
      assertSame(bug, e, "an Error is not the library's to swallow or wrap");
    }
    ByNameSocketFactory f = factory(host -> {
      throw bug;
    });
    try (Socket s = f.createSocket()) {
      assertThrows(ResolverBug.class, () -> s.connect(InetSocketAddress.createUnresolved(NAME, 80)));
      assertThrows(SocketException.class, () -> s.connect(InetSocketAddress.createUnresolved(NAME, 80)),
          "the implementation closed itself, as after any failed connect");
    }
  }

  // --- resolvers that return nothing, nulls, duplicates ---

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"null", "empty", "only nulls"})
  void noAddressIsAnUnknownHost(String what) throws IOException {
    List<InetAddress> answer = switch (what) {
      case "null" -> null;
      case "empty" -> List.of();
      default -> Arrays.asList(null, null, null);
    };
    for (Throwable e : bothWays(host -> answer, 80)) {
      assertInstanceOf(UnknownHostException.class, e);
      assertMentions(e, NAME + ":80", "no address");
    }
  }

  @Test
  void nullsAmongTheAddressesAreSkipped() throws Exception {
    try (Fixtures.Site site = Fixtures.site(Fixtures.live(V4))) {
      ByNameSocketFactory f = factory(host -> Arrays.asList(null, V4, null));
      try (Socket s = f.createSocket(NAME, site.port())) {
        assertEquals(V4, s.getInetAddress());
      }
    }
  }

  @Test
  void duplicatesAreTriedOnce() throws IOException {
    try (Fixtures.Site site = Fixtures.site(Fixtures.refused(V4), Fixtures.refused(V6))) {
      List<InetAddress> answer = List.of(V4, V4, V6, V4, V6, V6, V4);
      ByNameConnector cbn = ConnectByName.with(Settings.defaults().withResolver(host -> answer));
      ConnectException e = assertThrows(ConnectException.class, () -> cbn.connect(NAME, site.port(), TIMEOUT));
      assertEquals(2, e.getSuppressed().length, e.getMessage());
    }
  }

  @Test
  void aListTheResolverChangesLaterIsNotReadAgain() throws Exception {
    try (Fixtures.Site site = Fixtures.site(Fixtures.live(V4))) {
      List<InetAddress> shared = Collections.synchronizedList(new ArrayList<>(List.of(V4)));
      ByNameConnector cbn = ConnectByName.with(Settings.defaults().withResolver(host -> shared));
      try (Connection c = cbn.connect(NAME, site.port(), TIMEOUT)) {
        shared.clear(); // a resolver that reuses its list: the connect has its own copy
        assertEquals(V4, c.remote().getAddress());
      }
    }
  }

  // --- 500 addresses: every one tried, never more than maxInFlight open ---

  @Test
  void fiveHundredRefusedAddressesAreEachTriedWithAtMostMaxInFlightOpen() throws Exception {
    // Nothing listens on this port at any 127/8 address: a wildcard socket holds it, not listening.
    try (Fixtures.Site site = Fixtures.site(Fixtures.refused(InetAddress.getByName("0.0.0.0")))) {
      ByNameConnector cbn = ConnectByName.with(Settings.defaults().withResolver(host -> loopback500()));
      Map<Integer, String> before = Fixtures.fileDescriptors();
      Peak peak = Peak.start();
      long start = System.nanoTime();
      ConnectException e;
      try {
        e = assertThrows(ConnectException.class, () -> cbn.connect(NAME, site.port(), TIMEOUT));
      } finally {
        peak.stop();
      }
      long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
      assertEquals(500, e.getSuppressed().length, "every address is tried");
      assertTrue(millis < 3000, "500 refusals took " + millis + " ms");
      assertTrue(peak.max() - before.size() <= Settings.DEFAULT_MAX_IN_FLIGHT + SELECTOR_FDS,
          "at most " + Settings.DEFAULT_MAX_IN_FLIGHT + " attempts open at once: " + before.size()
              + " descriptors before, " + peak.max() + " at the peak");
      Fixtures.assertNoDescriptorLeak(before, "after 500 refusals");
    }
  }

  @ParameterizedTest(name = "maxInFlight {0}")
  @ValueSource(ints = {1, 8, 20})
  void fiveHundredSilentAddressesNeverHoldMoreThanMaxInFlightDescriptors(int maxInFlight) throws Exception {
    // One wildcard listener with a full accept queue blackholes the port on every 127/8 address.
    // 800 ms: time enough to start 20 attempts 10 ms apart on a loaded machine.
    try (Fixtures.Site site = Fixtures.site(Fixtures.blackhole(InetAddress.getByName("0.0.0.0")))) {
      Settings settings = Settings.defaults().withResolver(host -> loopback500())
          .withAttemptDelay(Duration.ofMillis(10)).withMaxInFlight(maxInFlight);
      Map<Integer, String> before = Fixtures.fileDescriptors();
      Peak peak = Peak.start();
      SocketTimeoutException e;
      try {
        e = assertThrows(SocketTimeoutException.class,
            () -> ConnectByName.with(settings).connect(NAME, site.port(), Duration.ofMillis(800)));
      } finally {
        peak.stop();
      }
      assertEquals(maxInFlight, e.getSuppressed().length, "silent attempts never end, so no slot frees: "
          + e.getMessage());
      int held = peak.max() - before.size();
      assertTrue(held >= maxInFlight && held <= maxInFlight + SELECTOR_FDS,
          maxInFlight + " attempts in flight held " + held + " descriptors at the peak");
      Fixtures.assertNoDescriptorLeak(before, "after the timeout");
    }
  }

  @Test
  void theFactorysSocketsHaveTheSameBound() throws Exception {
    try (Fixtures.Site site = Fixtures.site(Fixtures.blackhole(InetAddress.getByName("0.0.0.0")))) {
      ByNameSocketFactory f = new ByNameSocketFactory(Settings.defaults().withResolver(host -> loopback500())
          .withAttemptDelay(Duration.ofMillis(10)));
      Map<Integer, String> before = Fixtures.fileDescriptors();
      Peak peak = Peak.start();
      try (Socket s = f.createSocket()) {
        assertThrows(SocketTimeoutException.class,
            () -> s.connect(InetSocketAddress.createUnresolved(NAME, site.port()), 500));
      } finally {
        peak.stop();
      }
      assertTrue(peak.max() - before.size() <= Settings.DEFAULT_MAX_IN_FLIGHT + SELECTOR_FDS,
          before.size() + " descriptors before, " + peak.max() + " at the peak");
      Fixtures.assertNoDescriptorLeak(before, "after the timeout");
    }
  }

  // --- a resolver slower than the deadline ---

  @Test
  void resolverThatUsesTheWholeTimeoutIsATimeoutThatSaysSo() throws IOException {
    try (Fixtures.Site site = Fixtures.site(Fixtures.live(V4))) {
      AddressResolver slow = sleeping(Duration.ofMillis(700), List.of(V4));
      List<Throwable> thrown = bothWays(slow, site.port(), Duration.ofMillis(300));
      for (Throwable e : thrown) {
        assertInstanceOf(SocketTimeoutException.class, e);
        assertTrue(e.getMessage().startsWith("Connect timed out"), e.getMessage());
        assertMentions(e, "resolving the name took", "of the 300 ms timeout", "no address was tried");
      }
      assertMentions(thrown.get(0), NAME + ":" + site.port()); // the plain API's names it; a socket's does not
      assertFalse(thrown.get(1).getMessage().contains(NAME), thrown.get(1).getMessage());
      assertEquals(0, ((Fixtures.Server) site.listener(0)).finished(), "nothing was connected");
    }
  }

  @Test
  void resolutionCountsAgainstTheOneDeadline() throws IOException {
    try (Fixtures.Site site = Fixtures.site(Fixtures.blackhole(V4), Fixtures.blackhole(V6))) {
      ByNameConnector cbn = ConnectByName.with(Settings.defaults()
          .withResolver(sleeping(Duration.ofMillis(300), site.addresses())));
      long start = System.nanoTime();
      SocketTimeoutException e = assertThrows(SocketTimeoutException.class,
          () -> cbn.connect(NAME, site.port(), Duration.ofMillis(600)));
      long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
      assertTrue(millis >= 590 && millis < 900, "300 ms resolving + the race ended at " + millis + " ms, not 900");
      assertMentions(e, "timed out after 600 ms");
    }
  }

  @Test
  void closeWhileTheResolverIsSlowEndsTheConnectWhenItReturnsWithNoAttempt() throws Exception {
    try (Fixtures.Site site = Fixtures.site(Fixtures.live(V4))) {
      CountDownLatch resolving = new CountDownLatch(1);
      AddressResolver slow = host -> {
        resolving.countDown();
        return sleeping(Duration.ofMillis(400), List.of(V4)).resolve(host);
      };
      Map<Integer, String> before = Fixtures.fileDescriptors();
      Socket s = factory(slow).createSocket();
      CompletableFuture<Throwable> result = CompletableFuture.supplyAsync(() -> {
        try {
          s.connect(InetSocketAddress.createUnresolved(NAME, site.port()), 5000);
          return null;
        } catch (Throwable t) {
          return t;
        }
      });
      assertTrue(resolving.await(5, TimeUnit.SECONDS));
      s.close();
      Throwable t = result.get(5, TimeUnit.SECONDS);
      assertTrue(t instanceof SocketException && "Socket closed".equals(t.getMessage()), String.valueOf(t));
      assertEquals(0, ((Fixtures.Server) site.listener(0)).finished(), "nothing was connected");
      Fixtures.assertNoDescriptorLeak(before, "after the close");
    }
  }

  @Test
  void aResolverCalledFromManyThreadsAtOnceIsCalledOncePerConnectWithTheName() throws Exception {
    try (Fixtures.Site site = Fixtures.site(Fixtures.live(V4))) {
      AddressResolver resolver = mock(AddressResolver.class);
      when(resolver.resolve(NAME)).thenReturn(List.of(V4));
      ByNameSocketFactory f = factory(resolver);
      List<CompletableFuture<Void>> all = new ArrayList<>();
      for (int i = 0; i < 32; i++) {
        all.add(CompletableFuture.runAsync(() -> {
          try (Socket s = f.createSocket(NAME, site.port())) {
            assertEquals(V4, s.getInetAddress());
          } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
          }
        }));
      }
      CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(20, TimeUnit.SECONDS);
      verify(resolver, times(32)).resolve(NAME);
      verifyNoMoreInteractions(resolver);
    }
  }

  @Test
  void aLiteralAddressIsNeverHandedToTheResolver() throws Exception {
    try (Fixtures.Site site = Fixtures.site(Fixtures.live(V4), Fixtures.live(V6))) {
      AddressResolver resolver = mock(AddressResolver.class);
      ByNameConnector cbn = ConnectByName.with(Settings.defaults().withResolver(resolver));
      for (String literal : List.of("127.0.0.1", "::1", "[::1]")) {
        try (Connection c = cbn.connect(literal, site.port(), TIMEOUT)) {
          assertEquals(1, c.attempts().size(), literal);
        }
      }
      try (Socket s = factory(resolver).createSocket(V4, site.port())) {
        assertEquals(V4, s.getInetAddress());
      }
      try (Socket s = factory(resolver).createSocket()) {
        s.connect(new InetSocketAddress(V6, site.port()), 5000);
      }
      verifyNoInteractions(resolver);
    }
  }

  // --- helpers ---

  /** What a connect to {@code NAME:port} throws, on the plain API and on a factory's socket; no descriptor leaks. */
  private static List<Throwable> bothWays(AddressResolver resolver, int port) throws IOException {
    return bothWays(resolver, port, TIMEOUT);
  }

  private static List<Throwable> bothWays(AddressResolver resolver, int port, Duration timeout) throws IOException {
    ByNameConnector cbn = ConnectByName.with(Settings.defaults().withResolver(resolver));
    ByNameSocketFactory f = factory(resolver);
    List<Function<Void, Object>> ways = List.of(
        x -> call(() -> cbn.connect(NAME, port, timeout).close()),
        x -> call(() -> {
          try (Socket s = f.createSocket()) {
            s.connect(InetSocketAddress.createUnresolved(NAME, port), (int) timeout.toMillis());
          }
        }));
    List<Throwable> thrown = new ArrayList<>();
    for (Function<Void, Object> way : ways) {
      Map<Integer, String> before = Fixtures.fileDescriptors();
      Object outcome = way.apply(null);
      assertInstanceOf(Throwable.class, outcome, "the connect should have failed");
      Fixtures.assertNoDescriptorLeak(before, "after " + outcome);
      assertNotNull(((Throwable) outcome).toString());
      thrown.add((Throwable) outcome);
    }
    return thrown;
  }

  private interface Body {
    void run() throws Exception;
  }

  private static Object call(Body body) {
    try {
      body.run();
      return "connected";
    } catch (Throwable t) {
      return t;
    }
  }

  private static ByNameSocketFactory factory(AddressResolver resolver) {
    return new ByNameSocketFactory(Settings.defaults().withResolver(resolver));
  }

  /** A resolver that takes {@code delay} to answer {@code answer}, as a slow DNS server does. */
  private static AddressResolver sleeping(Duration delay, List<InetAddress> answer) {
    return host -> {
      try {
        Thread.sleep(delay.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new UnknownHostException("interrupted while resolving " + host);
      }
      return answer;
    };
  }

  /** 500 distinct loopback addresses, 127.0.0.2 .. 127.0.1.246. */
  private static List<InetAddress> loopback500() throws UnknownHostException {
    List<InetAddress> all = new ArrayList<>(500);
    for (int i = 2; all.size() < 500; i++) {
      all.add(InetAddress.getByAddress(new byte[] {127, 0, (byte) (i >> 8), (byte) i}));
      if ((i & 0xFF) == 255) {
        i++; // skip .0 of the next /24: it would be 127.0.1.0, a valid but odd-looking address
      }
    }
    return all;
  }

  private static void assertMentions(Throwable e, String... parts) {
    assertNotNull(e.getMessage(), e.toString());
    for (String part : parts) {
      assertTrue(e.getMessage().contains(part), () -> "message should name " + part + ": " + e.getMessage());
    }
  }

  /** An Error a buggy resolver might throw. */
  private static final class ResolverBug extends Error {
    private static final long serialVersionUID = 1L;

    ResolverBug() {
      super("resolver bug");
    }
  }

  /** The most descriptors open at once, sampled from another thread every millisecond or so. */
  private static final class Peak {
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicInteger max = new AtomicInteger();
    private final Thread sampler;

    private Peak() {
      sampler = new Thread(() -> {
        while (running.get()) {
          max.accumulateAndGet(Fixtures.openFileDescriptors(), Math::max);
        }
      }, "descriptor-sampler");
      sampler.setDaemon(true);
    }

    static Peak start() throws InterruptedException {
      Peak p = new Peak();
      p.sampler.start();
      while (p.max.get() == 0) {
        Thread.sleep(1); // until the first sample is in
      }
      return p;
    }

    void stop() throws InterruptedException {
      running.set(false);
      sampler.join();
    }

    int max() {
      return max.get();
    }
  }
}
