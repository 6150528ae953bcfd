package io.connectbyname.internal.engine;

import io.connectbyname.internal.text.Addresses;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.nio.channels.ClosedByInterruptException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * A scripted {@link Connector} with a fake clock, for deterministic race tests. Each address is
 * scripted ("connects after 10 ms", "refused after 30 ms", "never answers", "start throws");
 * {@link #await} advances the clock to the next scripted event, or by the time asked for, whichever
 * is first. Everything the race does is written to an event log such as
 * {@code 250ms start 127.0.0.1:80}, and misuse (an attempt left open, a double cancel, use after
 * close) is collected in {@link #problems()}.
 *
 * <p>Handles are strings {@code address#n}, n counting the starts.
 */
final class FakeConnector implements Connector<String> {

  /** What happens to an attempt to one address. */
  record Behaviour(long afterNanos, IOException error, IOException startError) {
    static final long NEVER = Long.MAX_VALUE;
  }

  /** Connects {@code ms} after the attempt starts. */
  static Behaviour connectsAfter(long ms) {
    return new Behaviour(TimeUnit.MILLISECONDS.toNanos(ms), null, null);
  }

  /** Is refused {@code ms} after it starts. */
  static Behaviour refusedAfter(long ms) {
    return failsAfter(ms, new ConnectException("Connection refused"));
  }

  /** Is unreachable {@code ms} after it starts. */
  static Behaviour unreachableAfter(long ms) {
    return failsAfter(ms, new NoRouteToHostException("No route to host"));
  }

  /** Fails with {@code error} {@code ms} after it starts. */
  static Behaviour failsAfter(long ms, IOException error) {
    return new Behaviour(TimeUnit.MILLISECONDS.toNanos(ms), error, null);
  }

  /** Never connects nor fails: a blackholed address. */
  static Behaviour neverAnswers() {
    return new Behaviour(Behaviour.NEVER, null, null);
  }

  /** {@link #start} throws {@code error}. */
  static Behaviour startThrows(IOException error) {
    return new Behaviour(Behaviour.NEVER, null, error);
  }

  /** Something the fake does at a given time while the race waits in {@link #await}. */
  interface Action {
    void run() throws IOException;
  }

  private final long origin;
  private long now;
  private final Map<InetSocketAddress, Behaviour> script = new HashMap<>();
  private final Map<String, Pending> pending = new LinkedHashMap<>();
  private final Set<String> open = new LinkedHashSet<>();
  private final Set<String> connected = new LinkedHashSet<>();
  private final TreeMap<Long, List<Action>> actions = new TreeMap<>();
  private final List<String> log = new ArrayList<>();
  private final List<String> problems = new ArrayList<>();
  private volatile boolean wakeup;
  private boolean closed;
  private boolean keepThrows;
  private int starts;
  private int mostInFlight;

  /** A fake whose clock starts at 0. */
  FakeConnector() {
    this(0);
  }

  /** A fake whose clock starts at {@code origin} nanoseconds (any value, as {@link System#nanoTime}). */
  FakeConnector(long origin) {
    this.origin = origin;
    this.now = origin;
  }

  /** Scripts what attempts to {@code address} do. */
  FakeConnector on(InetSocketAddress address, Behaviour behaviour) {
    script.put(address, behaviour);
    return this;
  }

  /** Runs {@code action} when the fake clock reaches {@code ms} during an {@link #await}. */
  FakeConnector at(long ms, Action action) {
    actions.computeIfAbsent(TimeUnit.MILLISECONDS.toNanos(ms), k -> new ArrayList<>()).add(action);
    return this;
  }

  /** Makes {@link #await} throw {@link ClosedByInterruptException} at {@code ms}, as an interrupt would. */
  FakeConnector interruptAt(long ms) {
    return at(ms, () -> {
      throw new ClosedByInterruptException();
    });
  }

  /** Makes {@link #keep} throw. */
  FakeConnector keepThrows() {
    keepThrows = true;
    return this;
  }

  /** The fake clock, for the race. */
  LongSupplier clock() {
    return () -> now;
  }

  /** The clock value {@code ms} after the origin, e.g. for a deadline. */
  long time(long ms) {
    return origin + TimeUnit.MILLISECONDS.toNanos(ms);
  }

  /** Everything that happened, e.g. {@code 0ms start [::1]:80}, {@code 260ms cancel [::1]:80}. */
  List<String> log() {
    return List.copyOf(log);
  }

  /** Misuse seen: empty when the race used the connector correctly. */
  List<String> problems() {
    List<String> all = new ArrayList<>(problems);
    if (!closed) {
      all.add("the connector was not closed");
    }
    return all;
  }

  /** The most attempts open at once. */
  int mostInFlight() {
    return mostInFlight;
  }

  @Override
  public String start(InetSocketAddress address) throws IOException {
    checkOpen("start");
    Behaviour b = script.get(address);
    if (b == null) {
      throw new AssertionError("No script for " + Addresses.format(address));
    }
    if (b.startError() != null) {
      record("start " + Addresses.format(address) + " throws");
      throw b.startError();
    }
    record("start " + Addresses.format(address));
    String handle = Addresses.format(address) + "#" + (++starts);
    boolean never = b.afterNanos() == Behaviour.NEVER;
    pending.put(handle, new Pending(address, never, never ? 0 : now + b.afterNanos(), b.error()));
    open.add(handle);
    mostInFlight = Math.max(mostInFlight, open.size());
    return handle;
  }

  @Override
  public List<Ended<String>> await(long nanos) throws IOException {
    checkOpen("await");
    if (nanos < 0) {
      problems.add(at() + " await with a negative wait " + nanos);
    }
    if (!wakeup && due().isEmpty()) {
      long left = nanos;
      while (true) {
        Long action = actions.isEmpty() ? null : actions.firstKey();
        long toAction = action == null ? Long.MAX_VALUE : Math.max(0, action - (now - origin));
        long toEnd = Long.MAX_VALUE;
        for (Pending p : pending.values()) {
          if (!p.never) {
            toEnd = Math.min(toEnd, Math.max(0, p.end - now));
          }
        }
        long step = Math.min(left, Math.min(toAction, toEnd));
        if (step == Long.MAX_VALUE) {
          throw new AssertionError(at() + " await(forever) with nothing that could end: the race would hang");
        }
        now += step;
        left -= step;
        if (step == toAction) {
          for (Action a : actions.remove(action)) {
            a.run();
          }
          if (wakeup) {
            break;
          }
          continue;
        }
        break; // an attempt ended, or the wait is over
      }
    }
    wakeup = false;
    List<Ended<String>> ended = new ArrayList<>();
    for (String handle : due()) {
      Pending p = pending.remove(handle);
      record((p.error == null ? "connected " : Failure.classify(p.error).word() + " ") + Addresses.format(p.address));
      if (p.error == null) {
        connected.add(handle);
      }
      ended.add(new Ended<>(handle, p.error));
    }
    return ended;
  }

  /** The handles whose end time has come, in the order they end (start order for ties). */
  private List<String> due() {
    return pending.entrySet().stream()
        .filter(e -> !e.getValue().never && e.getValue().end - now <= 0)
        .sorted((x, y) -> Long.compare(x.getValue().end - origin, y.getValue().end - origin))
        .map(Map.Entry::getKey)
        .toList();
  }

  @Override
  public void wakeup() {
    wakeup = true;
  }

  @Override
  public void cancel(String attempt) {
    record("cancel " + address(attempt));
    if (!open.remove(attempt)) {
      problems.add(at() + " cancel of " + attempt + ", which is not open");
    }
    pending.remove(attempt);
  }

  @Override
  public void keep(String winner) throws IOException {
    record("keep " + address(winner));
    if (!connected.contains(winner)) {
      problems.add(at() + " keep of " + winner + ", which did not connect");
    }
    if (keepThrows) {
      throw new IOException("keep failed");
    }
    open.remove(winner);
  }

  @Override
  public void close() {
    record("close");
    if (closed) {
      problems.add(at() + " closed twice");
    }
    if (!open.isEmpty()) {
      problems.add(at() + " closed with attempts still open: " + open);
    }
    closed = true;
  }

  private void checkOpen(String what) {
    if (closed) {
      problems.add(at() + " " + what + " after close");
      throw new IllegalStateException(what + " after close");
    }
  }

  private void record(String event) {
    log.add(at() + " " + event);
  }

  private String at() {
    long ns = now - origin;
    return ns % 1_000_000 == 0 ? ns / 1_000_000 + "ms" : ns / 1e6 + "ms";
  }

  private static String address(String handle) {
    return handle.substring(0, handle.lastIndexOf('#'));
  }

  private static final class Pending {
    final InetSocketAddress address;
    final boolean never;
    final long end;
    final IOException error;

    Pending(InetSocketAddress address, boolean never, long end, IOException error) {
      this.address = address;
      this.never = never;
      this.end = end;
      this.error = error;
    }
  }
}
