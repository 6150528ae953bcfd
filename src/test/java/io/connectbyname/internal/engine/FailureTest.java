package io.connectbyname.internal.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.connectbyname.Attempt;
import io.connectbyname.Attempt.Outcome;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.channels.ClosedChannelException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class FailureTest {
  private static final InetSocketAddress A6 = address("::1", 5432);
  private static final InetSocketAddress A4 = address("127.0.0.1", 5432);
  private static final String DESTINATION = "db.example:5432 (postgresql)";

  static Stream<Arguments> classify() {
    return Stream.of(
        Arguments.of(new SocketTimeoutException("Connect timed out"), Outcome.TIMED_OUT),
        Arguments.of(new SocketTimeoutException(), Outcome.TIMED_OUT),
        Arguments.of(new ConnectException("Connection refused"), Outcome.REFUSED),
        Arguments.of(new ConnectException("Connection REFUSED: connect"), Outcome.REFUSED),
        Arguments.of(new ConnectException("Connection reset by peer"), Outcome.REFUSED),
        Arguments.of(new NoRouteToHostException("No route to host"), Outcome.UNREACHABLE),
        Arguments.of(new NoRouteToHostException(), Outcome.UNREACHABLE),
        Arguments.of(new ConnectException("Network is unreachable"), Outcome.UNREACHABLE),
        Arguments.of(new SocketException("Network is unreachable"), Outcome.UNREACHABLE),
        Arguments.of(new SocketException("Host is unreachable"), Outcome.UNREACHABLE),
        Arguments.of(new ConnectException("Connection timed out"), Outcome.TIMED_OUT), // the OS gave up
        Arguments.of(new ConnectException(), Outcome.REFUSED), // by its type, whatever the language of its text
        Arguments.of(new SocketException("Connection refused"), Outcome.FAILED),
        Arguments.of(new SocketException("Protocol family unavailable"), Outcome.FAILED),
        Arguments.of(new ClosedChannelException(), Outcome.FAILED),
        Arguments.of(new IOException("odd"), Outcome.FAILED));
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @MethodSource
  void classify(IOException e, Outcome expected) {
    assertEquals(expected, Failure.classify(e));
  }

  static Stream<Arguments> exceptionType() {
    return Stream.of(
        Arguments.of(List.of(Outcome.REFUSED), false, ConnectException.class),
        Arguments.of(List.of(Outcome.REFUSED, Outcome.REFUSED), false, ConnectException.class),
        Arguments.of(List.of(Outcome.UNREACHABLE, Outcome.UNREACHABLE), false, NoRouteToHostException.class),
        Arguments.of(List.of(Outcome.UNREACHABLE, Outcome.FAILED), false, NoRouteToHostException.class),
        Arguments.of(List.of(Outcome.UNREACHABLE, Outcome.REFUSED), false, ConnectException.class),
        Arguments.of(List.of(Outcome.FAILED), false, ConnectException.class),
        Arguments.of(List.of(Outcome.TIMED_OUT, Outcome.TIMED_OUT), true, SocketTimeoutException.class),
        Arguments.of(List.of(Outcome.REFUSED, Outcome.TIMED_OUT), true, SocketTimeoutException.class),
        Arguments.of(List.of(), true, SocketTimeoutException.class));
  }

  @ParameterizedTest(name = "{0} timedOut={1} -> {2}")
  @MethodSource
  void exceptionType(List<Outcome> outcomes, boolean timedOut, Class<? extends IOException> expected) {
    List<Attempt> attempts = new ArrayList<>();
    for (int i = 0; i < outcomes.size(); i++) {
      attempts.add(attempt(i % 2 == 0 ? A6 : A4, i * 250, outcomes.get(i), 10, cause(outcomes.get(i))));
    }
    assertEquals(expected, Failure.of(DESTINATION, attempts, timedOut, 500, false).getClass());
    assertEquals(expected, Failure.of(DESTINATION, attempts, timedOut, 500, true).getClass());
  }

  @Test
  void withHostInfoTheMessageStartsWithTheJdksTextThenNamesDestinationAndEachAddress() {
    List<Attempt> attempts = List.of(
        attempt(A6, 0, Outcome.REFUSED, 3, new ConnectException("Connection refused")),
        attempt(A4, 3, Outcome.REFUSED, 1, new ConnectException("Connection refused")));
    IOException e = Failure.of(DESTINATION, attempts, false, 500, true);

    assertEquals(ConnectException.class, e.getClass());
    assertEquals("Connection refused: db.example:5432 (postgresql): [::1]:5432 refused after 3 ms, "
        + "127.0.0.1:5432 refused after 1 ms", e.getMessage());
  }

  @Test
  void withoutHostInfoTheMessageNamesNoHostNorPortButEveryOutcome() {
    List<Attempt> attempts = List.of(
        attempt(A6, 0, Outcome.TIMED_OUT, 500, new SocketTimeoutException("Connect timed out")),
        attempt(A4, 250, Outcome.REFUSED, 1, new ConnectException("Connection refused")));
    IOException e = Failure.of(DESTINATION, attempts, true, 500, false);

    assertEquals(SocketTimeoutException.class, e.getClass());
    assertEquals("Connect timed out after 500 ms (2 attempts: timed out after 500 ms, refused after 1 ms)",
        e.getMessage());
    assertFalse(e.getMessage().contains("5432") || e.getMessage().contains("db.example"), e.getMessage());
  }

  @Test
  void oneAttemptWithoutHostInfoIsTheJdksTextAlone() {
    IOException refused = Failure.of(DESTINATION, List.of(attempt(A4, 0, Outcome.REFUSED, 1,
        new ConnectException("Connection refused"))), false, 500, false);
    assertEquals("Connection refused", refused.getMessage());
    IOException timedOut = Failure.of(DESTINATION, List.of(attempt(A4, 0, Outcome.TIMED_OUT, 500,
        new SocketTimeoutException("Connect timed out"))), true, 500, false);
    assertEquals("Connect timed out", timedOut.getMessage());
  }

  @Test
  void theRefusalSpeaksForTheRestAndAnAddressInItsTextIsNotRepeated() {
    List<Attempt> attempts = List.of(
        attempt(A6, 0, Outcome.UNREACHABLE, 1, new NoRouteToHostException("No route to host")),
        attempt(A4, 1, Outcome.REFUSED, 1, new ConnectException("Connection refused: 127.0.0.1:5432")));
    assertEquals("Connection refused (2 attempts: unreachable after 1 ms, refused after 1 ms)",
        Failure.of(DESTINATION, attempts, false, 500, false).getMessage());
  }

  @Test
  void noAttemptIsSaid() {
    IOException e = Failure.of(DESTINATION, List.of(), true, 500, true);
    assertEquals("Connect timed out after 500 ms: db.example:5432 (postgresql): no address was tried", e.getMessage());
  }

  @Test
  void suppressedHoldsEachAttemptsCauseInOrder() {
    ConnectException refused = new ConnectException("Connection refused");
    NoRouteToHostException unreachable = new NoRouteToHostException("No route to host");
    List<Attempt> attempts = List.of(
        attempt(A6, 0, Outcome.REFUSED, 1, refused),
        attempt(A4, 1, Outcome.CANCELLED, 9, null),
        attempt(address("127.0.0.2", 5432), 2, Outcome.UNREACHABLE, 1, unreachable));
    IOException e = Failure.of(DESTINATION, attempts, false, 500, false);

    assertArrayEquals(new Throwable[] {refused, unreachable}, e.getSuppressed());
    assertFalse(e.getMessage().contains("\n"), "one line");
  }

  @Test
  void causesAreNotCopied() {
    ConnectException refused = new ConnectException("Connection refused");
    IOException e = Failure.of(DESTINATION, List.of(attempt(A4, 0, Outcome.REFUSED, 1, refused)), false, 500, false);
    assertSame(refused, e.getSuppressed()[0]);
  }

  private static IOException cause(Outcome outcome) {
    switch (outcome) {
      case REFUSED: return new ConnectException("Connection refused");
      case UNREACHABLE: return new NoRouteToHostException("No route to host");
      case TIMED_OUT: return new SocketTimeoutException("timed out");
      default: return new IOException("odd");
    }
  }

  private static Attempt attempt(InetSocketAddress address, long startMs, Outcome outcome, long ms, IOException cause) {
    return new Attempt(address, Duration.ofMillis(startMs), outcome, Duration.ofMillis(ms), cause);
  }

  private static InetSocketAddress address(String literal, int port) {
    try {
      return new InetSocketAddress(InetAddress.getByName(literal), port);
    } catch (UnknownHostException e) {
      throw new AssertionError(e);
    }
  }
}
