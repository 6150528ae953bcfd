package io.connectbyname.internal.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.connectbyname.Attempt;
import io.connectbyname.Attempt.Outcome;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The connect history on a fake clock: who goes first, who goes last, and when it forgets. */
class HistoryTest {
  private static final InetAddress A6 = address("::1");
  private static final InetAddress A4 = address("127.0.0.1");
  private static final InetAddress B6 = address("::2");
  private static final InetAddress B4 = address("127.0.0.2");
  private static final List<InetAddress> ORDER = List.of(A6, A4, B6, B4);
  private static final long TTL = Duration.ofMinutes(10).toNanos();
  private static final Object RESOLVER = new Object();

  private final AtomicLong now = new AtomicLong(-5_000_000_000L); // nanoTime may be negative
  private final History history = new History(2, TTL, now::get);

  static Stream<Arguments> pureRule() {
    return Stream.of(
        Arguments.of(null, Set.of(), ORDER),
        Arguments.of(B6, Set.of(), List.of(B6, A6, A4, B4)),
        Arguments.of(null, Set.of(A6), List.of(A4, B6, B4, A6)),
        Arguments.of(null, Set.of(A6, B6), List.of(A4, B4, A6, B6)),
        Arguments.of(B4, Set.of(A6), List.of(B4, A4, B6, A6)),
        Arguments.of(address("10.9.9.9"), Set.of(), ORDER), // a winner the name no longer has
        Arguments.of(null, Set.of(A6, A4, B6, B4), ORDER));
  }

  @ParameterizedTest(name = "winner {0}, failed {1}")
  @MethodSource
  void pureRule(InetAddress winner, Set<InetAddress> failed, List<InetAddress> expected) {
    assertEquals(expected, History.reorder(ORDER, winner, failed));
  }

  @Test
  void theLastWinnerGoesFirstAndCancelledAttemptsSayNothing() {
    history.record(RESOLVER, "db.example", 5432, List.of(attempt(A6, Outcome.CANCELLED), attempt(A4, Outcome.CONNECTED)));
    assertEquals(List.of(A4, A6, B6, B4), history.reorder(RESOLVER, "DB.example", 5432, ORDER), "names are case-insensitive");
    assertEquals(ORDER, history.reorder(RESOLVER, "db.example", 5433, ORDER), "another port is another memory");
    assertEquals(ORDER, history.reorder(new Object(), "db.example", 5432, ORDER), "another resolver is another memory");
  }

  @Test
  void failuresGoLastAndAWinnerThatFailsIsForgotten() {
    history.record(RESOLVER, "db", 1, List.of(attempt(A6, Outcome.REFUSED), attempt(A4, Outcome.CONNECTED)));
    assertEquals(List.of(A4, B6, B4, A6), history.reorder(RESOLVER, "db", 1, ORDER));
    history.record(RESOLVER, "db", 1, List.of(attempt(A4, Outcome.TIMED_OUT)));
    assertEquals(List.of(B6, B4, A6, A4), history.reorder(RESOLVER, "db", 1, ORDER));
    history.record(RESOLVER, "db", 1, List.of(attempt(A6, Outcome.CONNECTED)));
    assertEquals(List.of(A6, B6, B4, A4), history.reorder(RESOLVER, "db", 1, ORDER), "a recovered address wins again");
  }

  @Test
  void everythingExpiresAfterTheTimeToLive() {
    history.record(RESOLVER, "db", 1, List.of(attempt(A6, Outcome.UNREACHABLE), attempt(A4, Outcome.CONNECTED)));
    now.addAndGet(TTL - 1);
    assertEquals(List.of(A4, B6, B4, A6), history.reorder(RESOLVER, "db", 1, ORDER));
    now.addAndGet(1);
    assertEquals(ORDER, history.reorder(RESOLVER, "db", 1, ORDER), "after the ttl the resolver's order is back");
  }

  @Test
  void theLeastRecentlyUsedNameIsForgottenBeyondTheSize() {
    history.record(RESOLVER, "a", 1, List.of(attempt(B4, Outcome.CONNECTED)));
    history.record(RESOLVER, "b", 1, List.of(attempt(B4, Outcome.CONNECTED)));
    history.reorder(RESOLVER, "a", 1, ORDER); // a is used again, so b is the eldest
    history.record(RESOLVER, "c", 1, List.of(attempt(B4, Outcome.CONNECTED)));
    assertEquals(B4, history.reorder(RESOLVER, "a", 1, ORDER).get(0));
    assertEquals(ORDER, history.reorder(RESOLVER, "b", 1, ORDER), "b was forgotten");
    assertEquals(B4, history.reorder(RESOLVER, "c", 1, ORDER).get(0));
  }

  @Test
  void failuresPerNameAreBounded() {
    for (int i = 0; i < History.MAX_FAILED + 5; i++) {
      history.record(RESOLVER, "db", 1, List.of(attempt(address("127.0.1." + i), Outcome.REFUSED)));
    }
    List<InetAddress> all = Arrays.asList(new InetAddress[History.MAX_FAILED + 5]);
    for (int i = 0; i < all.size(); i++) {
      all.set(i, address("127.0.1." + i));
    }
    List<InetAddress> reordered = history.reorder(RESOLVER, "db", 1, all);
    assertEquals(all.subList(0, 5), reordered.subList(0, 5), "the five oldest failures were forgotten");
  }

  @Test
  void sizeZeroMeansNoHistory() {
    assertEquals(null, History.shared(0, TTL));
  }

  @Test
  void oneSharedHistoryPerBoundsEvenWhenAsksAlternate() {
    History a = History.shared(3, TTL);
    History otherTtl = History.shared(3, TTL + 1);
    History otherSize = History.shared(4, TTL);
    for (int i = 0; i < 3; i++) { // alternating asks: the remembered last answer must not leak across bounds
      assertSame(a, History.shared(3, TTL), "one history per bounds, JVM-wide");
      assertSame(otherTtl, History.shared(3, TTL + 1));
      assertSame(otherSize, History.shared(4, TTL));
    }
    assertNotSame(a, otherTtl, "another ttl, another history");
    assertNotSame(a, otherSize, "another size, another history");
    assertNotSame(otherTtl, otherSize);
  }

  private static Attempt attempt(InetAddress address, Outcome outcome) {
    return new Attempt(new InetSocketAddress(address, 1), Duration.ZERO, outcome, Duration.ZERO, null);
  }

  private static InetAddress address(String literal) {
    try {
      return InetAddress.getByName(literal);
    } catch (UnknownHostException e) {
      throw new AssertionError(e);
    }
  }
}
