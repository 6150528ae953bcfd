package io.connectbyname.internal.observe;

import io.connectbyname.internal.text.Addresses;
import io.connectbyname.internal.text.Printable;
import io.connectbyname.internal.text.Reason;

import io.connectbyname.Attempt;
import io.connectbyname.Settings;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.channels.ClosedByInterruptException;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;

/**
 * The library's log lines, through {@link System.Logger} {@code io.connectbyname}. A connect that
 * made one attempt logs nothing at INFO, whatever its outcome: it did what the JDK's own socket
 * does, and a failure is the caller's exception to report (under the java agent every client
 * socket of the JVM is a by-name socket, and a health check's refused connect every second must
 * not become a log line). One that made more attempts logs one INFO line naming the destination,
 * the winner, the time taken and every attempt; with {@link Settings.Log#DEBUG}, each attempt also
 * gets a DEBUG line, and a failed single attempt a DEBUG summary. A connect the caller aborted
 * (closed the socket, interrupted the thread) is no failure of the connect: DEBUG only.
 *
 * <p>Failures are INFO, not WARNING: the caller gets the same news as an exception and decides how
 * bad it is (a retry loop or a health check expects some); the line is there to explain, not alarm.
 *
 * <p>Every line is one line, never holds a stack trace, and names only the destination and
 * addresses, never an option or a property. Nothing is built unless the logger will take it.
 */
public final class ConnectLog {
  /** The name of the library's logger. */
  public static final String LOGGER_NAME = "io.connectbyname";
  /** The outcome of a connect that connected. */
  public static final String CONNECTED = "connected";
  /** The outcome of a connect ended by {@link Dial#abort}, e.g. by closing the socket. */
  public static final String ABORTED = "aborted";
  /** The outcome of a connect ended by interrupting the thread. */
  public static final String INTERRUPTED = "interrupted";

  private static final ConnectLog[] LIBRARY = {
      new ConnectLog(Settings.Log.OFF, Library::logger),
      new ConnectLog(Settings.Log.INFO, Library::logger),
      new ConnectLog(Settings.Log.DEBUG, Library::logger)};
  /**
   * Set while this thread logs: a logging backend that opens a socket (a socket appender) under a
   * JVM-wide install would otherwise log its own connect, and so on.
   */
  private static final ThreadLocal<Boolean> LOGGING = new ThreadLocal<>();

  private final Settings.Log level;
  private final Supplier<Logger> logger;

  /**
   * @param level what to log
   * @param logger the logger, asked for only when a line may be logged
   */
  public ConnectLog(Settings.Log level, Supplier<Logger> logger) {
    this.level = level;
    this.logger = logger;
  }

  /** The library's log at {@code level}, on {@code System.getLogger("io.connectbyname")}. */
  public static ConnectLog of(Settings.Log level) {
    return LIBRARY[level.ordinal()];
  }

  /**
   * What a connect's outcome was, in a word: {@code connected}, {@code timed out}, {@code refused},
   * {@code unreachable}, {@code unknown host}, {@code aborted}, {@code interrupted} or {@code failed}.
   *
   * @param failure what the connect threw, or {@code null}
   * @param aborted whether {@code failure} is the reason given to {@link Dial#abort}
   */
  public static String outcome(Throwable failure, List<Attempt> attempts, boolean aborted) {
    if (failure == null) {
      return CONNECTED;
    } else if (aborted) {
      return ABORTED;
    } else if (failure instanceof ClosedByInterruptException) {
      return INTERRUPTED;
    } else if (failure instanceof SocketTimeoutException) {
      return Attempt.Outcome.TIMED_OUT.word();
    } else if (failure instanceof UnknownHostException) {
      return "unknown host";
    } else if (failure instanceof NoRouteToHostException) {
      return Attempt.Outcome.UNREACHABLE.word();
    }
    Attempt.Outcome same = attempts.isEmpty() ? null : attempts.get(0).outcome();
    return same != null && attempts.stream().allMatch(a -> a.outcome() == same) ? same.word() : "failed";
  }

  /**
   * Logs a connect that ended, as the class comment says. Never throws: a failing logger does not
   * fail the connect.
   *
   * @param destination e.g. {@code db.example:5432 (postgresql)}
   * @param attempts every attempt, in the order started; empty when none started
   * @param remote the address that won, or {@code null}
   * @param elapsed the time the whole connect took
   * @param failure what the connect threw, or {@code null}
   * @param outcome its {@link #outcome} word
   */
  public void ended(String destination, List<Attempt> attempts, InetSocketAddress remote, Duration elapsed,
      Throwable failure, String outcome) {
    boolean debug = level == Settings.Log.DEBUG;
    // INFO only where the library did more than the JDK's socket would have: several attempts.
    boolean cut = outcome.equals(ABORTED) || outcome.equals(INTERRUPTED);
    Level summary = attempts.size() > 1 && !cut ? Level.INFO : failure != null ? Level.DEBUG : null;
    if (level == Settings.Log.OFF || !debug && (summary == null || summary == Level.DEBUG)
        || LOGGING.get() != null) {
      return; // the fast path: a first-attempt success, or nothing to log
    }
    LOGGING.set(Boolean.TRUE);
    try {
      Logger log = logger.get();
      if (debug && log.isLoggable(Level.DEBUG)) {
        for (int i = 0; i < attempts.size(); i++) {
          log.log(Level.DEBUG, attempt(destination, i + 1, attempts.size(), attempts.get(i)));
        }
      }
      if (summary != null && log.isLoggable(summary)) {
        log.log(summary, summary(destination, attempts, remote, elapsed, failure, outcome));
      }
    } catch (RuntimeException e) {
      // a logger that fails must not turn a connect into a failure, nor hide the real one
    } finally {
      LOGGING.remove();
    }
  }

  /** {@code Connect to D: attempt 1 of 2, [::1]:5432, started at 0 ms, refused after 1 ms (Connection refused)}. */
  static String attempt(String destination, int n, int of, Attempt a) {
    return Printable.of("Connect to " + destination + ": attempt " + n + " of " + of + ", "
        + Addresses.format(a.address()) + ", started at " + a.start().toMillis() + " ms, " + a.outcome().word()
        + " after " + a.duration().toMillis() + " ms" + (a.cause() == null ? "" : " (" + Reason.of(a.cause()) + ")"));
  }

  /**
   * {@code Connect to D: connected to 127.0.0.1:5432 in 252 ms after 2 attempts: ...}, or
   * {@code Connect to D: refused in 3 ms after 2 attempts: ...}; when no attempt started, the
   * exception's message instead: {@code Connect to D: unknown host in 2 ms: Unknown host D}.
   */
  static String summary(String destination, List<Attempt> attempts, InetSocketAddress remote, Duration elapsed,
      Throwable failure, String outcome) {
    StringBuilder line = new StringBuilder("Connect to ").append(destination).append(": ").append(outcome);
    if (remote != null) {
      line.append(" to ").append(Addresses.format(remote));
    }
    line.append(" in ").append(elapsed.toMillis()).append(" ms");
    if (attempts.isEmpty()) {
      return Printable.of(line.append(failure == null ? "" : ": " + Reason.of(failure)).toString());
    }
    line.append(" after ").append(attempts.size()).append(attempts.size() == 1 ? " attempt" : " attempts");
    for (int i = 0; i < attempts.size(); i++) {
      line.append(i == 0 ? ": " : ", ").append(attempts.get(i));
    }
    return Printable.of(line.toString());
  }

  /** The library's logger, looked up on first use: never for a connect that logs nothing. */
  private static final class Library {
    static final Logger LOGGER = System.getLogger(LOGGER_NAME);

    static Logger logger() {
      return LOGGER;
    }
  }
}
