package io.connectbyname.internal.engine;

import io.connectbyname.Attempt;
import io.connectbyname.Attempt.Outcome;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** Turns failed attempts into the one exception a connect by name throws. */
public final class Failure {
  private Failure() {}

  /**
   * The outcome an attempt's exception stands for, by its type first: the JDK throws
   * {@link NoRouteToHostException} for an unreachable host and {@link ConnectException} for a
   * refusal (and for the OS's own connect timeout, whose text says so). The text, which the OS may
   * translate, only refines that.
   */
  public static Outcome classify(IOException e) {
    String message = e.getMessage() == null ? "" : e.getMessage().toLowerCase(Locale.ROOT);
    if (e instanceof SocketTimeoutException) {
      return Outcome.TIMED_OUT;
    }
    if (e instanceof NoRouteToHostException || message.contains("unreachable")) {
      return Outcome.UNREACHABLE;
    }
    if (e instanceof ConnectException) {
      return message.contains("timed out") ? Outcome.TIMED_OUT : Outcome.REFUSED;
    }
    return Outcome.FAILED;
  }

  /**
   * One exception for a connect that failed: {@link SocketTimeoutException} when the deadline
   * passed, {@link ConnectException} when every attempt was refused, {@link NoRouteToHostException}
   * when one was unreachable, else {@link ConnectException}. Its message names the destination and
   * every attempt with its outcome; the attempts' causes are suppressed exceptions.
   *
   * @param destination e.g. {@code db.example:5432 (postgresql)}
   */
  public static IOException of(String destination, List<Attempt> attempts, boolean timedOut, long timeoutMillis) {
    String tried = attempts.isEmpty() ? "no address was tried"
        : attempts.stream().map(Attempt::toString).collect(Collectors.joining(", "));
    IOException e;
    if (timedOut) {
      e = new SocketTimeoutException("Connect to " + destination + " timed out after " + timeoutMillis
          + " ms: " + tried);
    } else if (attempts.stream().anyMatch(a -> a.outcome() == Outcome.UNREACHABLE)
        && attempts.stream().noneMatch(a -> a.outcome() == Outcome.REFUSED)) {
      e = new NoRouteToHostException("Failed to connect to " + destination + ": " + tried);
    } else {
      e = new ConnectException("Failed to connect to " + destination + ": " + tried);
    }
    for (Attempt a : attempts) {
      if (a.cause() != null) {
        e.addSuppressed(a.cause());
      }
    }
    return e;
  }
}
