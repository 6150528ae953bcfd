package io.connectbyname.internal.engine;

import io.connectbyname.Attempt;
import io.connectbyname.Attempt.Outcome;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The Happy Eyeballs race (RFC 8305 §5) over a list of addresses, driven by the calling thread:
 * the next attempt starts when the attempt delay passes or an attempt fails, whichever is first;
 * the first attempt to connect wins and every other is cancelled at once; one deadline bounds it
 * all. With an infinite attempt delay it tries one address at a time (the sequential strategy).
 * One at a time (for a fixed local port, which only one socket can hold), an attempt gives way to
 * the next when the attempt delay passes, and the last runs until the deadline.
 *
 * <p>A race runs once. {@link #abort} may be called from any thread.
 *
 * @param <T> the connector's attempt handle
 */
public final class Race<T> {
  /** An attempt delay that never passes: the sequential strategy. */
  public static final long SEQUENTIAL = Long.MAX_VALUE;

  private final Connector<T> connector;
  private final LongSupplier nanoClock;
  private final long attemptDelayNanos;
  private final int maxInFlight;
  private final boolean oneAtATime;
  private final List<Attempt> attempts = new ArrayList<>();
  private final List<Integer> order = new ArrayList<>(); // start number of each of attempts
  private int started;
  private List<InetSocketAddress> addresses = List.of();
  private long deadline = Long.MAX_VALUE;
  private long nextStart;
  private int next; // the next address to start
  private int owed; // attempts to start at once: one for each failure (RFC 8305 §5)
  private Result<T> result;
  private final Map<T, Running> inFlight = new LinkedHashMap<>();
  private volatile Supplier<? extends IOException> abortReason;
  private long start;

  /**
   * @param connector starts and watches the attempts; closed when the race ends
   * @param nanoClock {@code System::nanoTime} or a fake
   * @param attemptDelayNanos delay before the next attempt starts, or {@link #SEQUENTIAL}
   * @param maxInFlight the most attempts in flight at once, at least 1
   */
  public Race(Connector<T> connector, LongSupplier nanoClock, long attemptDelayNanos, int maxInFlight) {
    this(connector, nanoClock, attemptDelayNanos, maxInFlight, false);
  }

  /**
   * As {@link #Race(Connector, LongSupplier, long, int)}; {@code oneAtATime} keeps a single attempt
   * in flight, which gives way to the next when the attempt delay passes.
   */
  public Race(Connector<T> connector, LongSupplier nanoClock, long attemptDelayNanos, int maxInFlight,
      boolean oneAtATime) {
    this.connector = connector;
    this.nanoClock = nanoClock;
    this.attemptDelayNanos = attemptDelayNanos;
    this.maxInFlight = oneAtATime ? 1 : Math.max(1, maxInFlight);
    this.oneAtATime = oneAtATime;
  }

  /**
   * The outcome of a race.
   *
   * @param winner the connected attempt, or {@code null} when every attempt failed
   * @param remote the address the winner connected to, or {@code null}
   * @param attempts every attempt started, in the order started
   * @param timedOut whether the deadline ended the race
   */
  public record Result<T>(T winner, InetSocketAddress remote, List<Attempt> attempts, boolean timedOut) {}

  /**
   * Runs the race to the end.
   *
   * @param addresses the addresses in the order to try them, resolved
   * @param deadline the {@code nanoClock} value at which to give up, or {@code Long.MAX_VALUE}
   * @throws IOException only when aborted (the abort reason, made on this thread) or interrupted
   *     ({@link java.nio.channels.ClosedByInterruptException}); every attempt is closed then
   */
  public Result<T> run(List<InetSocketAddress> addresses, long deadline) throws IOException {
    return run(addresses, nanoClock.getAsLong(), deadline);
  }

  /**
   * As {@link #run(List, long)}, with attempt start offsets measured from {@code origin}, the
   * {@code nanoClock} value at which the whole connect (resolution included) began.
   */
  public Result<T> run(List<InetSocketAddress> addresses, long origin, long deadline) throws IOException {
    try {
      begin(addresses, origin, deadline);
      Result<T> r;
      do {
        r = step(Long.MAX_VALUE);
      } while (r == null);
      return r;
    } finally {
      connector.close();
    }
  }

  /**
   * Sets the race up without starting anything: {@link #step} does, for a caller that drives the
   * race itself (a non-blocking connect, advanced from a selector or by {@code finishConnect}).
   */
  public void begin(List<InetSocketAddress> addresses, long origin, long deadline) {
    this.addresses = addresses;
    this.start = origin;
    this.deadline = deadline;
    this.nextStart = nanoClock.getAsLong();
  }

  /**
   * One turn of the race: ends it at the deadline, starts the attempts that are due, then takes the
   * attempts that ended from the connector, which waits at most {@code maxWaitNanos} (less when the
   * race has something to do sooner). The result once the race is decided, else null. On an abort
   * or an interrupt, or any other exception, every attempt is closed and the exception thrown; the
   * connector itself is the caller's to close.
   */
  public Result<T> step(long maxWaitNanos) throws IOException {
    if (result != null) {
      return result;
    }
    try {
      return result = turn(maxWaitNanos);
    } catch (IOException | RuntimeException | Error e) {
      endAll(Outcome.CANCELLED, nanoClock.getAsLong());
      throw e;
    }
  }

  /**
   * When the race next has something to do whatever its attempts do: the next attempt's start or
   * the deadline, as a {@code nanoClock} value; {@code Long.MAX_VALUE} when nothing but an attempt
   * ending can move it.
   */
  public long nextEvent() {
    long event = deadline;
    if (next < addresses.size() && (inFlight.size() < maxInFlight || oneAtATime) && nextStart != Long.MAX_VALUE
        && (deadline == Long.MAX_VALUE || nextStart - deadline < 0)) {
      event = nextStart;
    }
    return event;
  }

  /** Every attempt recorded so far, in the order started. */
  public List<Attempt> attempts() {
    return List.copyOf(attempts);
  }

  /** Closes every attempt still in flight, recording it cancelled; for a race its caller abandons. */
  public void cancel() {
    if (result == null) {
      endAll(Outcome.CANCELLED, nanoClock.getAsLong());
    }
  }

  private Result<T> turn(long maxWaitNanos) throws IOException {
    boolean noDeadline = deadline == Long.MAX_VALUE;
    while (true) {
      checkAborted();
      long now = nanoClock.getAsLong();
      if (!noDeadline && now - deadline >= 0) {
        endAll(Outcome.TIMED_OUT, now);
        return new Result<>(null, null, List.copyOf(attempts), true);
      }
      boolean due = nextStart != Long.MAX_VALUE && now - nextStart >= 0;
      if (oneAtATime && due && !inFlight.isEmpty() && next < addresses.size()) {
        endAll(Outcome.CANCELLED, now); // gives way: the next attempt needs the one local port
      }
      while (next < addresses.size() && inFlight.size() < maxInFlight
          && (inFlight.isEmpty() || owed > 0 || due)) {
        owed = Math.max(0, owed - 1);
        if (!begin(addresses.get(next++), now)) {
          owed++; // an attempt that failed to start is a failure like any other
        }
        nextStart = attemptDelayNanos == SEQUENTIAL ? Long.MAX_VALUE : now + attemptDelayNanos;
        due = false;
      }
      if (inFlight.isEmpty()) {
        if (next >= addresses.size()) {
          return new Result<>(null, null, List.copyOf(attempts), false);
        }
        continue; // every attempt so far failed at once: start the next one now
      }
      long eventAt = nextEvent();
      long wait = Math.min(maxWaitNanos, eventAt == Long.MAX_VALUE ? Long.MAX_VALUE : Math.max(0, eventAt - now));
      List<Connector.Ended<T>> ended = connector.await(wait);
      checkAborted();
      now = nanoClock.getAsLong();
      for (Connector.Ended<T> e : ended) {
        Running r = inFlight.remove(e.attempt());
        if (r == null) {
          continue;
        }
        if (e.error() == null) {
          record(r, Outcome.CONNECTED, now, null);
          endAll(Outcome.CANCELLED, now);
          try {
            connector.keep(e.attempt());
          } catch (IOException | RuntimeException x) {
            connector.cancel(e.attempt());
            throw x;
          }
          return new Result<>(e.attempt(), r.address, List.copyOf(attempts), false);
        }
        connector.cancel(e.attempt());
        record(r, Failure.classify(e.error()), now, e.error());
        owed++; // a failure starts the next attempt at once
      }
      if (ended.isEmpty() && maxWaitNanos != Long.MAX_VALUE) {
        long event = nextEvent();
        if (event == Long.MAX_VALUE || event - nanoClock.getAsLong() > 0) {
          return null; // nothing ended and nothing is due: the caller's turn
        }
      }
    }
  }

  /**
   * Ends the race from any thread: the running {@link #run} closes every attempt and throws what
   * {@code reason} makes, on its own thread (so that the stack trace is the connect's).
   */
  public void abort(Supplier<? extends IOException> reason) {
    abortReason = reason;
    connector.wakeup();
  }

  /** Starts an attempt; false when it failed at once (it is recorded then). */
  private boolean begin(InetSocketAddress address, long now) throws IOException {
    Running r = new Running(address, now, started++);
    try {
      inFlight.put(connector.start(address), r);
      return true;
    } catch (java.nio.channels.ClosedByInterruptException e) {
      record(r, Outcome.CANCELLED, now, e);
      throw e;
    } catch (IOException e) {
      record(r, Failure.classify(e), nanoClock.getAsLong(), e);
      return false;
    }
  }

  private void checkAborted() throws IOException {
    Supplier<? extends IOException> reason = abortReason;
    if (reason != null) {
      throw reason.get();
    }
  }

  private void endAll(Outcome outcome, long now) {
    for (Map.Entry<T, Running> e : inFlight.entrySet()) {
      connector.cancel(e.getKey());
      record(e.getValue(), outcome, now, outcome == Outcome.TIMED_OUT ? Failure.timedOut(e.getValue().address) : null);
    }
    inFlight.clear();
  }

  private void record(Running r, Outcome outcome, long now, IOException cause) {
    Attempt a = new Attempt(r.address, Duration.ofNanos(r.start - start), outcome,
        Duration.ofNanos(now - r.start), cause);
    // Keep attempts in the order they started, whatever order they end in (equal start times too).
    int at = attempts.size();
    while (at > 0 && order.get(at - 1) > r.order) {
      at--;
    }
    attempts.add(at, a);
    order.add(at, r.order);
  }

  private static final class Running {
    final InetSocketAddress address;
    final long start;
    final int order;

    Running(InetSocketAddress address, long start, int order) {
      this.address = address;
      this.start = start;
      this.order = order;
    }
  }
}
