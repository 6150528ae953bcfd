package io.connectbyname.internal.observe;

import io.connectbyname.internal.engine.Failure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.connectbyname.Attempt;
import io.connectbyname.Attempt.Outcome;
import io.connectbyname.Settings.Log;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.channels.ClosedByInterruptException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.ResourceBundle;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** The log lines of a connect: which, at what level, and that each is one line with no stack trace. */
class ConnectLogTest {
  private static final String DESTINATION = "he.test:5432 (postgresql)";
  private static final InetSocketAddress V6 = address("::1");
  private static final InetSocketAddress V4 = address("127.0.0.1");

  /** A System.Logger that records (level, message) and takes levels from {@code threshold} up. */
  static class RecordingLogger implements System.Logger {
    final List<String> lines = new ArrayList<>();
    final Level threshold;

    RecordingLogger(Level threshold) {
      this.threshold = threshold;
    }

    @Override
    public String getName() {
      return ConnectLog.LOGGER_NAME;
    }

    @Override
    public boolean isLoggable(Level level) {
      return level.getSeverity() >= threshold.getSeverity();
    }

    @Override
    public void log(Level level, ResourceBundle bundle, String message, Throwable thrown) {
      assertEquals(null, thrown, "no throwable is ever passed: it would print a stack trace");
      lines.add(level + " " + message);
    }

    @Override
    public void log(Level level, ResourceBundle bundle, String format, Object... params) {
      lines.add(level + " " + format);
    }
  }

  private final RecordingLogger logger = new RecordingLogger(Level.ALL);
  private final AtomicInteger lookups = new AtomicInteger();
  private final Supplier<System.Logger> supplier = () -> {
    lookups.incrementAndGet();
    return logger;
  };

  @Test
  void firstAttemptSuccessLogsNothingAndDoesNotEvenLookUpTheLogger() {
    ConnectLog log = new ConnectLog(Log.INFO, supplier);
    log.ended(DESTINATION, List.of(connected(V4, 0)), V4, Duration.ofMillis(1), null, ConnectLog.CONNECTED);
    assertEquals(List.of(), logger.lines);
    assertEquals(0, lookups.get());
  }

  @Test
  void twoAttemptsLogOneInfoLine() {
    new ConnectLog(Log.INFO, supplier).ended(DESTINATION, List.of(cancelled(V6, 0), connected(V4, 250)), V4,
        Duration.ofMillis(252), null, ConnectLog.CONNECTED);
    assertEquals(List.of("INFO Connect to he.test:5432 (postgresql): connected to 127.0.0.1:5432 in 252 ms"
        + " after 2 attempts: [::1]:5432 cancelled after 250 ms, 127.0.0.1:5432 connected after 2 ms"),
        logger.lines);
  }

  @Test
  void debugAddsOneLinePerAttemptWithItsStartOffset() {
    new ConnectLog(Log.DEBUG, supplier).ended(DESTINATION, List.of(cancelled(V6, 0), connected(V4, 250)), V4,
        Duration.ofMillis(252), null, ConnectLog.CONNECTED);
    assertEquals(List.of(
        "DEBUG Connect to he.test:5432 (postgresql): attempt 1 of 2, [::1]:5432, started at 0 ms,"
            + " cancelled after 250 ms",
        "DEBUG Connect to he.test:5432 (postgresql): attempt 2 of 2, 127.0.0.1:5432, started at 250 ms,"
            + " connected after 2 ms",
        "INFO Connect to he.test:5432 (postgresql): connected to 127.0.0.1:5432 in 252 ms"
            + " after 2 attempts: [::1]:5432 cancelled after 250 ms, 127.0.0.1:5432 connected after 2 ms"),
        logger.lines);
  }

  @Test
  void debugShowsTheSingleAttemptOfAFirstAttemptSuccessButNoSummary() {
    new ConnectLog(Log.DEBUG, supplier).ended(DESTINATION, List.of(connected(V4, 0)), V4, Duration.ofMillis(2),
        null, ConnectLog.CONNECTED);
    assertEquals(List.of("DEBUG Connect to he.test:5432 (postgresql): attempt 1 of 1, 127.0.0.1:5432,"
        + " started at 0 ms, connected after 2 ms"), logger.lines);
  }

  @Test
  void debugSettingLogsNoDebugLineWhenTheLoggerDoesNotTakeDebug() {
    RecordingLogger infoOnly = new RecordingLogger(Level.INFO);
    new ConnectLog(Log.DEBUG, () -> infoOnly).ended(DESTINATION, List.of(cancelled(V6, 0), connected(V4, 250)),
        V4, Duration.ofMillis(252), null, ConnectLog.CONNECTED);
    assertEquals(1, infoOnly.lines.size(), infoOnly.lines.toString());
    assertTrue(infoOnly.lines.get(0).startsWith("INFO "), infoOnly.lines.toString());
  }

  @Test
  void aLoggerAboveInfoGetsNothing() {
    RecordingLogger warningOnly = new RecordingLogger(Level.WARNING);
    new ConnectLog(Log.INFO, () -> warningOnly).ended(DESTINATION, List.of(refused(V4, 0)), null,
        Duration.ofMillis(1), failure(List.of(refused(V4, 0))), "refused");
    assertEquals(List.of(), warningOnly.lines);
  }

  @Test
  void offLogsNothingEver() {
    ConnectLog off = new ConnectLog(Log.OFF, supplier);
    off.ended(DESTINATION, List.of(cancelled(V6, 0), connected(V4, 250)), V4, Duration.ofMillis(252), null,
        ConnectLog.CONNECTED);
    List<Attempt> refused = List.of(refused(V6, 0), refused(V4, 0));
    off.ended(DESTINATION, refused, null, Duration.ofMillis(1), failure(refused), "refused");
    off.ended(DESTINATION, List.of(), null, Duration.ofMillis(1), new SocketException("Socket closed"),
        ConnectLog.ABORTED);
    assertEquals(List.of(), logger.lines);
    assertEquals(0, lookups.get());
  }

  @Test
  void failureLogsOneInfoLineWithEveryAttemptAndNoStackTrace() {
    List<Attempt> attempts = List.of(refused(V6, 0), refused(V4, 0));
    IOException e = failure(attempts);
    new ConnectLog(Log.INFO, supplier).ended(DESTINATION, attempts, null, Duration.ofMillis(3), e,
        ConnectLog.outcome(e, attempts, false));
    assertEquals(List.of("INFO Connect to he.test:5432 (postgresql): refused in 3 ms after 2 attempts:"
        + " [::1]:5432 refused after 2 ms, 127.0.0.1:5432 refused after 2 ms"), logger.lines);
    assertOneLineEach(logger.lines);
  }

  @Test
  void failureWithoutAttemptsNamesTheReasonOnOneDebugLine() {
    UnknownHostException e = new UnknownHostException("Unknown host nosuch.test:80: line one\nline two");
    e.addSuppressed(new IOException("a suppressed one"));
    new ConnectLog(Log.INFO, supplier).ended("nosuch.test:80", List.of(), null, Duration.ofMillis(12), e,
        ConnectLog.outcome(e, List.of(), false));
    assertEquals(List.of(), logger.lines, "no INFO line: the JDK's socket would have failed just so");
    new ConnectLog(Log.DEBUG, supplier).ended("nosuch.test:80", List.of(), null, Duration.ofMillis(12), e,
        ConnectLog.outcome(e, List.of(), false));
    assertEquals(List.of("DEBUG Connect to nosuch.test:80: unknown host in 12 ms:"
        + " Unknown host nosuch.test:80: line one\\u000aline two"), logger.lines);
    assertOneLineEach(logger.lines);
  }

  @Test
  void aSingleAttemptThatFailsLogsNothingAtInfo() {
    List<Attempt> attempts = List.of(refused(V4, 0));
    IOException e = failure(attempts);
    new ConnectLog(Log.INFO, supplier).ended(DESTINATION, attempts, null, Duration.ofMillis(3), e,
        ConnectLog.outcome(e, attempts, false));
    assertEquals(List.of(), logger.lines);
  }

  @Test
  void debugLineOfAFailedAttemptNamesItsCauseOnOneLine() {
    Attempt a = new Attempt(V4, Duration.ZERO, Outcome.FAILED, Duration.ofMillis(1),
        new IOException("odd\r\nfailure"));
    List<Attempt> attempts = List.of(a);
    new ConnectLog(Log.DEBUG, supplier).ended(DESTINATION, attempts, null, Duration.ofMillis(1),
        failure(attempts), "failed");
    assertEquals(2, logger.lines.size(), logger.lines.toString());
    assertEquals("DEBUG Connect to he.test:5432 (postgresql): attempt 1 of 1, 127.0.0.1:5432, started at 0 ms,"
        + " failed after 1 ms (odd\\u000d\\u000afailure)", logger.lines.get(0));
    assertOneLineEach(logger.lines);
  }

  @Test
  void anAbortedConnectIsNoFailureItLogsAtDebugOnly() {
    SocketException closed = new SocketException("Socket closed");
    new ConnectLog(Log.INFO, supplier).ended(DESTINATION, List.of(), null, Duration.ofMillis(40), closed,
        ConnectLog.ABORTED);
    assertEquals(List.of(), logger.lines);
    new ConnectLog(Log.DEBUG, supplier).ended(DESTINATION, List.of(), null, Duration.ofMillis(40), closed,
        ConnectLog.ABORTED);
    assertEquals(List.of("DEBUG Connect to he.test:5432 (postgresql): aborted in 40 ms: Socket closed"),
        logger.lines);
  }

  @Test
  void aFailingLoggerDoesNotFailTheConnect() {
    System.Logger broken = new RecordingLogger(Level.ALL) {
      @Override
      public void log(Level level, ResourceBundle bundle, String message, Throwable thrown) {
        throw new IllegalStateException("the logging backend is broken");
      }
    };
    new ConnectLog(Log.DEBUG, () -> broken).ended(DESTINATION, List.of(cancelled(V6, 0), connected(V4, 250)),
        V4, Duration.ofMillis(252), null, ConnectLog.CONNECTED); // no exception
  }

  @Test
  void aConnectMadeWhileLoggingIsNotLoggedAgain() {
    ConnectLog[] log = new ConnectLog[1];
    RecordingLogger reentrant = new RecordingLogger(Level.ALL) {
      @Override
      public void log(Level level, ResourceBundle bundle, String message, Throwable thrown) {
        super.log(level, bundle, message, thrown);
        // a socket appender that connects, by name, to a log server that needs two attempts
        log[0].ended("logs.test:514", List.of(cancelled(V6, 0), connected(V4, 250)), V4, Duration.ofMillis(252),
            null, ConnectLog.CONNECTED);
      }
    };
    log[0] = new ConnectLog(Log.INFO, () -> reentrant);
    log[0].ended(DESTINATION, List.of(cancelled(V6, 0), connected(V4, 250)), V4, Duration.ofMillis(252), null,
        ConnectLog.CONNECTED);
    assertEquals(1, reentrant.lines.size(), reentrant.lines.toString());
    assertTrue(reentrant.lines.get(0).contains(DESTINATION), reentrant.lines.toString());
  }

  @Test
  void outcomeWords() {
    List<Attempt> refused = List.of(refused(V6, 0), refused(V4, 0));
    List<Attempt> mixed = List.of(refused(V6, 0), new Attempt(V4, Duration.ZERO, Outcome.FAILED, Duration.ZERO,
        new IOException("odd")));
    assertEquals("connected", ConnectLog.outcome(null, List.of(connected(V4, 0)), false));
    assertEquals("refused", ConnectLog.outcome(new ConnectException("x"), refused, false));
    assertEquals("failed", ConnectLog.outcome(new ConnectException("x"), mixed, false));
    assertEquals("timed out", ConnectLog.outcome(new SocketTimeoutException("x"), refused, false));
    assertEquals("unreachable", ConnectLog.outcome(new NoRouteToHostException("x"), List.of(), false));
    assertEquals("unknown host", ConnectLog.outcome(new UnknownHostException("x"), List.of(), false));
    assertEquals("interrupted", ConnectLog.outcome(new ClosedByInterruptException(), List.of(), false));
    assertEquals("aborted", ConnectLog.outcome(new SocketException("Socket closed"), List.of(), true));
    assertEquals("failed", ConnectLog.outcome(new IllegalStateException("x"), List.of(), false));
  }

  private static void assertOneLineEach(List<String> lines) {
    for (String line : lines) {
      assertFalse(line.contains("\n") || line.contains("\r"), line);
      assertFalse(line.contains("\tat ") || line.contains("Exception"), line);
    }
  }

  private static IOException failure(List<Attempt> attempts) {
    return Failure.of(DESTINATION, attempts, false, 500, true);
  }

  private static Attempt connected(InetSocketAddress a, long startMillis) {
    return new Attempt(a, Duration.ofMillis(startMillis), Outcome.CONNECTED, Duration.ofMillis(2), null);
  }

  private static Attempt cancelled(InetSocketAddress a, long startMillis) {
    return new Attempt(a, Duration.ofMillis(startMillis), Outcome.CANCELLED, Duration.ofMillis(250), null);
  }

  private static Attempt refused(InetSocketAddress a, long startMillis) {
    return new Attempt(a, Duration.ofMillis(startMillis), Outcome.REFUSED, Duration.ofMillis(2),
        new ConnectException("Connection refused"));
  }

  private static InetSocketAddress address(String literal) {
    try {
      return new InetSocketAddress(InetAddress.getByName(literal), 5432);
    } catch (UnknownHostException e) {
      throw new AssertionError(e);
    }
  }
}
