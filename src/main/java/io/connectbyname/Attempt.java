package io.connectbyname;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Locale;
import io.connectbyname.internal.text.Addresses;

/**
 * One connection attempt of a connect by name, for diagnosis.
 *
 * @param address the address tried
 * @param start when the attempt started, measured from the start of the whole connect
 * @param outcome how it ended
 * @param duration how long it ran
 * @param cause the exception that ended it, or {@code null} when it connected or was cancelled
 */
public record Attempt(
    InetSocketAddress address, Duration start, Outcome outcome, Duration duration, IOException cause) {

  /** How an attempt ended. */
  public enum Outcome {
    /** It connected and won the race. */
    CONNECTED,
    /** The peer refused it (nothing listening, or a reset). */
    REFUSED,
    /** No route to the host or network. */
    UNREACHABLE,
    /** The overall deadline passed while it was still in flight. */
    TIMED_OUT,
    /** Another attempt won, or the connect was aborted, while this one was in flight. */
    CANCELLED,
    /** Any other error. */
    FAILED;

    /** A short lower-case word for messages and tables, e.g. {@code refused}. */
    public String word() {
      return this == TIMED_OUT ? "timed out" : name().toLowerCase(Locale.ROOT);
    }
  }

  /** One line for messages: {@code 127.0.0.1:5432 refused after 3 ms}. */
  @Override
  public String toString() {
    return Addresses.format(address) + " " + outcome.word() + " after " + duration.toMillis() + " ms";
  }
}
