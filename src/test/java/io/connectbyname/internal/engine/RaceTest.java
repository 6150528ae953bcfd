package io.connectbyname.internal.engine;

import io.connectbyname.internal.text.Addresses;

import static io.connectbyname.internal.engine.FakeConnector.connectsAfter;
import static io.connectbyname.internal.engine.FakeConnector.neverAnswers;
import static io.connectbyname.internal.engine.FakeConnector.refusedAfter;
import static io.connectbyname.internal.engine.FakeConnector.startThrows;
import static io.connectbyname.internal.engine.FakeConnector.unreachableAfter;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.connectbyname.Attempt;
import io.connectbyname.Attempt.Outcome;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.channels.ClosedByInterruptException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The race on a fake clock: every assertion is about exact times in the connector's event log. */
@Timeout(10)
class RaceTest {
  private static final InetSocketAddress A6 = address("::1");
  private static final InetSocketAddress A4 = address("127.0.0.1");
  private static final InetSocketAddress B6 = address("::2");
  private static final InetSocketAddress B4 = address("127.0.0.2");
  private static final InetSocketAddress C4 = address("127.0.0.3");
  private static final long DELAY = ms(250);
  private static final long NO_DEADLINE = Long.MAX_VALUE;

  @Test
  void secondAttemptStartsExactlyAtTheAttemptDelay() throws IOException {
    FakeConnector fake = new FakeConnector().on(A6, neverAnswers()).on(A4, connectsAfter(10));
    Race.Result<String> r = race(fake, DELAY, 8).run(List.of(A6, A4), NO_DEADLINE);

    assertEquals(List.of(
        "0ms start [::1]:80",
        "250ms start 127.0.0.1:80",
        "260ms connected 127.0.0.1:80",
        "260ms cancel [::1]:80",
        "260ms keep 127.0.0.1:80",
        "260ms close"), fake.log());
    assertEquals("127.0.0.1:80#2", r.winner());
    assertEquals(A4, r.remote());
    assertFalse(r.timedOut());
    assertEquals(List.of("[::1]:80 @0 cancelled 260", "127.0.0.1:80 @250 connected 10"), describe(r.attempts()));
    assertEquals(List.of(), fake.problems());
  }

  @ParameterizedTest(name = "attempt delay {0} ms")
  @ValueSource(longs = {10, 100, 300, 2000})
  void attemptDelayIsHonouredExactly(long delayMs) throws IOException {
    FakeConnector fake = new FakeConnector().on(A6, neverAnswers()).on(A4, neverAnswers()).on(B6, connectsAfter(1));
    race(fake, ms(delayMs), 8).run(List.of(A6, A4, B6), NO_DEADLINE);

    assertEquals(List.of(
        "0ms start [::1]:80",
        delayMs + "ms start 127.0.0.1:80",
        2 * delayMs + "ms start [::2]:80"), starts(fake));
  }

  @Test
  void firstAttemptThatConnectsAtOnceWinsAlone() throws IOException {
    FakeConnector fake = new FakeConnector().on(A6, connectsAfter(0)).on(A4, connectsAfter(0));
    Race.Result<String> r = race(fake, DELAY, 8).run(List.of(A6, A4), NO_DEADLINE);

    assertEquals(List.of("0ms start [::1]:80", "0ms connected [::1]:80", "0ms keep [::1]:80", "0ms close"), fake.log());
    assertEquals(A6, r.remote());
  }

  @Test
  void aRefusalStartsTheNextAttemptAtOnce() throws IOException {
    FakeConnector fake = new FakeConnector().on(A6, refusedAfter(30)).on(A4, connectsAfter(5));
    Race.Result<String> r = race(fake, DELAY, 8).run(List.of(A6, A4), NO_DEADLINE);

    assertEquals(List.of(
        "0ms start [::1]:80",
        "30ms refused [::1]:80",
        "30ms cancel [::1]:80",
        "30ms start 127.0.0.1:80",
        "35ms connected 127.0.0.1:80",
        "35ms keep 127.0.0.1:80",
        "35ms close"), fake.log());
    assertEquals(List.of("[::1]:80 @0 refused 30", "127.0.0.1:80 @30 connected 5"), describe(r.attempts()));
    assertInstanceOf(java.net.ConnectException.class, r.attempts().get(0).cause());
    assertEquals(List.of(), fake.problems());
  }

  @Test
  void twoFailuresInOneWaitStartTwoAttemptsAtOnce() throws IOException {
    // A and B both fail at 260 ms: one new attempt for each failure, C and D at once.
    FakeConnector fake = new FakeConnector()
        .on(A6, refusedAfter(260)).on(A4, refusedAfter(10)).on(B6, neverAnswers()).on(B4, connectsAfter(5));
    race(fake, DELAY, 8).run(List.of(A6, A4, B6, B4), NO_DEADLINE);

    assertEquals(List.of("0ms start [::1]:80", "250ms start 127.0.0.1:80", "260ms start [::2]:80",
        "260ms start 127.0.0.2:80"), starts(fake));
  }

  @Test
  void aFailureWhileOthersAreInFlightStartsTheNextAtOnce() throws IOException {
    // A runs on; B fails at 270 ms, so C starts then rather than at 500 ms.
    FakeConnector fake = new FakeConnector()
        .on(A6, neverAnswers()).on(A4, unreachableAfter(20)).on(B6, connectsAfter(100));
    Race.Result<String> r = race(fake, DELAY, 8).run(List.of(A6, A4, B6), NO_DEADLINE);

    assertEquals(List.of("0ms start [::1]:80", "250ms start 127.0.0.1:80", "270ms start [::2]:80"), starts(fake));
    assertEquals(List.of("[::1]:80 @0 cancelled 370", "127.0.0.1:80 @250 unreachable 20", "[::2]:80 @270 connected 100"),
        describe(r.attempts()));
  }

  @Test
  void firstToConnectWinsAndEveryOtherIsCancelledAtOnce() throws IOException {
    FakeConnector fake = new FakeConnector()
        .on(A6, neverAnswers()).on(A4, connectsAfter(400)).on(B6, connectsAfter(10));
    Race.Result<String> r = race(fake, DELAY, 8).run(List.of(A6, A4, B6), NO_DEADLINE);

    assertEquals(List.of(
        "0ms start [::1]:80",
        "250ms start 127.0.0.1:80",
        "500ms start [::2]:80",
        "510ms connected [::2]:80",
        "510ms cancel [::1]:80",
        "510ms cancel 127.0.0.1:80",
        "510ms keep [::2]:80",
        "510ms close"), fake.log());
    assertEquals(B6, r.remote());
    assertEquals(List.of("[::1]:80 @0 cancelled 510", "127.0.0.1:80 @250 cancelled 260", "[::2]:80 @500 connected 10"),
        describe(r.attempts()));
    assertTrue(r.attempts().stream().filter(a -> a.outcome() == Outcome.CANCELLED).allMatch(a -> a.cause() == null));
  }

  @Test
  void attemptsAreListedInStartOrderWhateverOrderTheyEndIn() throws IOException {
    FakeConnector fake = new FakeConnector()
        .on(A6, refusedAfter(400)).on(A4, refusedAfter(20)).on(B6, connectsAfter(200)).on(B4, neverAnswers());
    Race.Result<String> r = race(fake, DELAY, 8).run(List.of(A6, A4, B6, B4), NO_DEADLINE);

    assertEquals(List.of(
        "[::1]:80 @0 refused 400",
        "127.0.0.1:80 @250 refused 20",
        "[::2]:80 @270 connected 200",
        "127.0.0.2:80 @400 cancelled 70"), describe(r.attempts()));
  }

  @Test
  void attemptsStartedAtTheSameInstantAreListedInStartOrder() throws IOException {
    // A zero attempt delay starts all three at 0 ms; they end in the reverse order.
    FakeConnector fake = new FakeConnector()
        .on(A6, neverAnswers()).on(A4, connectsAfter(10)).on(B6, refusedAfter(5));
    Race.Result<String> r = race(fake, 0, 8).run(List.of(A6, A4, B6), NO_DEADLINE);

    assertEquals(List.of("0ms start [::1]:80", "0ms start 127.0.0.1:80", "0ms start [::2]:80"), starts(fake));
    assertEquals(List.of("[::1]:80 @0 cancelled 10", "127.0.0.1:80 @0 connected 10", "[::2]:80 @0 refused 5"),
        describe(r.attempts()));
  }

  @Test
  void deadlineEndsTheRaceWithEveryAttemptTimedOutAndCancelled() throws IOException {
    FakeConnector fake = new FakeConnector().on(A6, neverAnswers()).on(A4, neverAnswers()).on(B6, neverAnswers())
        .on(B4, connectsAfter(1));
    Race.Result<String> r = race(fake, DELAY, 8).run(List.of(A6, A4, B6, B4), fake.time(600));

    assertEquals(List.of(
        "0ms start [::1]:80",
        "250ms start 127.0.0.1:80",
        "500ms start [::2]:80",
        "600ms cancel [::1]:80",
        "600ms cancel 127.0.0.1:80",
        "600ms cancel [::2]:80",
        "600ms close"), fake.log());
    assertTrue(r.timedOut());
    assertNull(r.winner());
    assertNull(r.remote());
    assertEquals(List.of("[::1]:80 @0 timed out 600", "127.0.0.1:80 @250 timed out 350", "[::2]:80 @500 timed out 100"),
        describe(r.attempts()));
    for (Attempt a : r.attempts()) {
      SocketTimeoutException cause = assertInstanceOf(SocketTimeoutException.class, a.cause());
      assertTrue(cause.getMessage().startsWith("Connect timed out"), cause.getMessage()); // the JDK's words
    }
    assertEquals(List.of(), fake.problems());
  }

  @Test
  void deadlineBeforeTheAttemptDelayMeansOneAttempt() throws IOException {
    FakeConnector fake = new FakeConnector().on(A6, neverAnswers()).on(A4, connectsAfter(1));
    Race.Result<String> r = race(fake, DELAY, 8).run(List.of(A6, A4), fake.time(100));

    assertEquals(List.of("0ms start [::1]:80", "100ms cancel [::1]:80", "100ms close"), fake.log());
    assertTrue(r.timedOut());
    assertEquals(List.of("[::1]:80 @0 timed out 100"), describe(r.attempts()));
  }

  @Test
  void deadlineAlreadyPassedStartsNothing() throws IOException {
    FakeConnector fake = new FakeConnector().on(A6, connectsAfter(0));
    Race.Result<String> r = race(fake, DELAY, 8).run(List.of(A6), fake.time(0));

    assertEquals(List.of("0ms close"), fake.log());
    assertTrue(r.timedOut());
    assertEquals(List.of(), r.attempts());
  }

  @Test
  void everyAttemptFailingEndsTheRaceWithoutAWinner() throws IOException {
    FakeConnector fake = new FakeConnector()
        .on(A6, refusedAfter(3)).on(A4, unreachableAfter(7)).on(B6, FakeConnector.failsAfter(1, new IOException("odd")));
    Race.Result<String> r = race(fake, DELAY, 8).run(List.of(A6, A4, B6), fake.time(5000));

    assertNull(r.winner());
    assertFalse(r.timedOut());
    assertEquals(List.of("[::1]:80 @0 refused 3", "127.0.0.1:80 @3 unreachable 7", "[::2]:80 @10 failed 1"),
        describe(r.attempts()));
    assertEquals("11ms close", fake.log().get(fake.log().size() - 1), "the race ends when the last attempt fails");
    assertEquals(List.of(), fake.problems());
  }

  @Test
  void emptyListEndsAtOnce() throws IOException {
    FakeConnector fake = new FakeConnector();
    Race.Result<String> r = race(fake, DELAY, 8).run(List.of(), fake.time(1000));

    assertNull(r.winner());
    assertFalse(r.timedOut());
    assertEquals(List.of("0ms close"), fake.log());
  }

  @Test
  void sequentialNeverRunsTwoAtOnceAndNeverPassesAHangingAttempt() throws IOException {
    FakeConnector fake = new FakeConnector().on(A6, neverAnswers()).on(A4, connectsAfter(1));
    Race.Result<String> r = race(fake, Race.SEQUENTIAL, 8).run(List.of(A6, A4), fake.time(1000));

    assertEquals(List.of("0ms start [::1]:80", "1000ms cancel [::1]:80", "1000ms close"), fake.log());
    assertTrue(r.timedOut());
    assertEquals(1, fake.mostInFlight());
  }

  @Test
  void sequentialMovesOnWhenAnAttemptFails() throws IOException {
    FakeConnector fake = new FakeConnector()
        .on(A6, refusedAfter(100)).on(A4, unreachableAfter(400)).on(B6, connectsAfter(20));
    Race.Result<String> r = race(fake, Race.SEQUENTIAL, 8).run(List.of(A6, A4, B6), fake.time(5000));

    assertEquals(List.of("0ms start [::1]:80", "100ms start 127.0.0.1:80", "500ms start [::2]:80"), starts(fake));
    assertEquals(B6, r.remote());
    assertEquals(1, fake.mostInFlight());
  }

  @Test
  void maxInFlightBoundsConcurrency() throws IOException {
    FakeConnector fake = new FakeConnector().on(A6, refusedAfter(450)).on(A4, neverAnswers())
        .on(B6, neverAnswers()).on(B4, neverAnswers()).on(C4, neverAnswers());
    Race.Result<String> r = race(fake, ms(100), 2).run(List.of(A6, A4, B6, B4, C4), fake.time(1000));

    // Two in flight from 100 ms on; the third waits for a place, which A's refusal frees at 450 ms.
    assertEquals(List.of("0ms start [::1]:80", "100ms start 127.0.0.1:80", "450ms start [::2]:80"), starts(fake));
    assertEquals(2, fake.mostInFlight());
    assertTrue(r.timedOut());
    assertEquals(List.of(), fake.problems());
  }

  @Test
  void anAttemptWhoseStartThrowsIsRecordedAndTheNextStartsAtOnce() throws IOException {
    FakeConnector fake = new FakeConnector().on(A6, neverAnswers())
        .on(A4, startThrows(new SocketException("Network is unreachable"))).on(B6, connectsAfter(5));
    Race.Result<String> r = race(fake, DELAY, 8).run(List.of(A6, A4, B6), NO_DEADLINE);

    assertEquals(List.of(
        "0ms start [::1]:80",
        "250ms start 127.0.0.1:80 throws",
        "250ms start [::2]:80",
        "255ms connected [::2]:80",
        "255ms cancel [::1]:80",
        "255ms keep [::2]:80",
        "255ms close"), fake.log());
    assertEquals(List.of("[::1]:80 @0 cancelled 255", "127.0.0.1:80 @250 unreachable 0", "[::2]:80 @250 connected 5"),
        describe(r.attempts()));
    assertEquals(List.of(), fake.problems());
  }

  @Test
  void firstStartThrowingStartsTheSecondAtOnce() throws IOException {
    FakeConnector fake = new FakeConnector()
        .on(A6, startThrows(new SocketException("IPv6 is not available in this JVM"))).on(A4, connectsAfter(5));
    Race.Result<String> r = race(fake, DELAY, 8).run(List.of(A6, A4), NO_DEADLINE);

    assertEquals(List.of("0ms start [::1]:80 throws", "0ms start 127.0.0.1:80"), starts(fake));
    assertEquals(List.of("[::1]:80 @0 failed 0", "127.0.0.1:80 @0 connected 5"), describe(r.attempts()));
  }

  @Test
  void abortFromInsideAwaitThrowsTheReasonAndCancelsEverything() {
    SocketException reason = new SocketException("Socket closed");
    FakeConnector fake = new FakeConnector().on(A6, neverAnswers()).on(A4, neverAnswers()).on(B6, connectsAfter(500));
    Race<String> race = race(fake, DELAY, 8);
    fake.at(300, () -> race.abort(() -> reason));

    IOException thrown = assertThrows(IOException.class, () -> race.run(List.of(A6, A4, B6), fake.time(5000)));
    assertSame(reason, thrown);
    assertEquals(List.of(
        "0ms start [::1]:80",
        "250ms start 127.0.0.1:80",
        "300ms cancel [::1]:80",
        "300ms cancel 127.0.0.1:80",
        "300ms close"), fake.log());
    assertEquals(List.of(), fake.problems());
  }

  @Test
  void abortBeforeRunStartsNothing() {
    SocketException reason = new SocketException("Socket closed");
    FakeConnector fake = new FakeConnector().on(A6, connectsAfter(0));
    Race<String> race = race(fake, DELAY, 8);
    race.abort(() -> reason);

    assertSame(reason, assertThrows(IOException.class, () -> race.run(List.of(A6, A4), NO_DEADLINE)));
    assertEquals(List.of("0ms close"), fake.log());
  }

  @Test
  void interruptInAwaitCancelsEverythingAndPropagates() {
    FakeConnector fake = new FakeConnector().on(A6, neverAnswers()).on(A4, neverAnswers()).interruptAt(260);
    Race<String> race = race(fake, DELAY, 8);

    assertThrows(ClosedByInterruptException.class, () -> race.run(List.of(A6, A4), NO_DEADLINE));
    assertEquals(List.of(
        "0ms start [::1]:80",
        "250ms start 127.0.0.1:80",
        "260ms cancel [::1]:80",
        "260ms cancel 127.0.0.1:80",
        "260ms close"), fake.log());
    assertEquals(List.of(), fake.problems());
  }

  @Test
  void winnerThatCannotBeKeptIsClosedAndTheErrorPropagates() {
    FakeConnector fake = new FakeConnector().on(A6, neverAnswers()).on(A4, connectsAfter(1)).keepThrows();
    Race<String> race = race(fake, DELAY, 8);

    IOException e = assertThrows(IOException.class, () -> race.run(List.of(A6, A4), NO_DEADLINE));
    assertEquals("keep failed", e.getMessage());
    assertEquals(List.of(
        "0ms start [::1]:80",
        "250ms start 127.0.0.1:80",
        "251ms connected 127.0.0.1:80",
        "251ms cancel [::1]:80",
        "251ms keep 127.0.0.1:80",
        "251ms cancel 127.0.0.1:80",
        "251ms close"), fake.log());
    assertEquals(List.of(), fake.problems());
  }

  /** {@link System#nanoTime} may be any value, negative too, and may wrap; only differences count. */
  @ParameterizedTest(name = "clock origin {0}")
  @ValueSource(longs = {0, -1_000_000_000_000L, Long.MIN_VALUE + 1, Long.MAX_VALUE - 123_456_789})
  void happyEyeballsDoesNotDependOnTheClockOrigin(long origin) throws IOException {
    FakeConnector fake = new FakeConnector(origin)
        .on(A6, neverAnswers()).on(A4, refusedAfter(20)).on(B6, neverAnswers()).on(B4, neverAnswers());
    Race.Result<String> r = race(fake, DELAY, 8).run(List.of(A6, A4, B6, B4), fake.time(600));

    assertEquals(List.of("0ms start [::1]:80", "250ms start 127.0.0.1:80", "270ms start [::2]:80",
        "520ms start 127.0.0.2:80"), starts(fake));
    assertTrue(r.timedOut());
    assertEquals("600ms close", fake.log().get(fake.log().size() - 1));
  }

  @ParameterizedTest(name = "clock origin {0}")
  @ValueSource(longs = {0, -1_000_000_000_000L, Long.MIN_VALUE + 1, Long.MAX_VALUE - 123_456_789})
  void sequentialDoesNotDependOnTheClockOrigin(long origin) throws IOException {
    FakeConnector fake = new FakeConnector(origin).on(A6, neverAnswers()).on(A4, connectsAfter(1));
    Race.Result<String> r = race(fake, Race.SEQUENTIAL, 8).run(List.of(A6, A4), fake.time(1000));

    assertEquals(List.of("0ms start [::1]:80", "1000ms cancel [::1]:80", "1000ms close"), fake.log());
    assertTrue(r.timedOut());
  }

  private static Race<String> race(FakeConnector fake, long delayNanos, int maxInFlight) {
    return new Race<>(fake, fake.clock(), delayNanos, maxInFlight);
  }

  private static List<String> starts(FakeConnector fake) {
    return fake.log().stream().filter(e -> e.contains(" start ")).collect(Collectors.toList());
  }

  /** {@code 127.0.0.1:80 @250 connected 10}: address, start and duration in ms, outcome. */
  private static List<String> describe(List<Attempt> attempts) {
    return attempts.stream()
        .map(a -> Addresses.format(a.address()) + " @" + millis(a.start()) + " " + a.outcome().word() + " "
            + millis(a.duration()))
        .collect(Collectors.toList());
  }

  private static String millis(Duration d) {
    return d.toNanos() % 1_000_000 == 0 ? Long.toString(d.toMillis()) : d.toNanos() / 1e6 + "";
  }

  private static long ms(long ms) {
    return TimeUnit.MILLISECONDS.toNanos(ms);
  }

  private static InetSocketAddress address(String literal) {
    try {
      return new InetSocketAddress(InetAddress.getByName(literal), 80); // a literal: never looked up
    } catch (UnknownHostException e) {
      throw new AssertionError(e);
    }
  }
}
