package io.connectbyname;

import io.connectbyname.internal.text.Addresses;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * One connection attempt of a connect by name, for diagnosis. A value: equal when every part is
 * equal. (A final class rather than a record, so that a part added later breaks no caller.)
 */
public final class Attempt {
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

    /**
     * A short lower-case word for messages and tables.
     *
     * @return e.g. {@code refused}, {@code timed out}
     */
    public String word() {
      return this == TIMED_OUT ? "timed out" : name().toLowerCase(Locale.ROOT);
    }
  }

  private final InetSocketAddress address;
  private final Duration start;
  private final Outcome outcome;
  private final Duration duration;
  private final IOException cause;

  /**
   * An attempt as it ended.
   *
   * @param address the address tried
   * @param start when the attempt started, measured from the start of the whole connect
   * @param outcome how it ended
   * @param duration how long it ran
   * @param cause the exception that ended it, or {@code null} when it connected or was cancelled
   */
  public Attempt(InetSocketAddress address, Duration start, Outcome outcome, Duration duration, IOException cause) {
    this.address = Objects.requireNonNull(address, "address");
    this.start = Objects.requireNonNull(start, "start");
    this.outcome = Objects.requireNonNull(outcome, "outcome");
    this.duration = Objects.requireNonNull(duration, "duration");
    this.cause = cause;
  }

  /**
   * The address tried.
   *
   * @return the address and port
   */
  public InetSocketAddress address() {
    return address;
  }

  /**
   * When the attempt started, measured from the start of the whole connect (resolution included).
   *
   * @return the offset
   */
  public Duration start() {
    return start;
  }

  /**
   * How it ended.
   *
   * @return the outcome
   */
  public Outcome outcome() {
    return outcome;
  }

  /**
   * How long it ran.
   *
   * @return from its start to its end
   */
  public Duration duration() {
    return duration;
  }

  /**
   * The exception that ended it.
   *
   * @return the cause, or {@code null} when it connected or was cancelled
   */
  public IOException cause() {
    return cause;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Attempt a && address.equals(a.address) && start.equals(a.start) && outcome == a.outcome
        && duration.equals(a.duration) && Objects.equals(cause, a.cause);
  }

  @Override
  public int hashCode() {
    return Objects.hash(address, start, outcome, duration, cause);
  }

  /**
   * One line for messages.
   *
   * @return e.g. {@code 127.0.0.1:5432 refused after 3 ms}
   */
  @Override
  public String toString() {
    return Addresses.format(address) + " " + outcome.word() + " after " + duration.toMillis() + " ms";
  }
}
