package io.connectbyname.internal.engine;

import io.connectbyname.Attempt;
import io.connectbyname.Attempt.Outcome;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * A bounded, expiring memory of how connects to a name and port went (RFC 8305 §4 lets history
 * shape the order): the address that won last moves to the front, addresses that failed recently
 * move to the back. Entries expire after the time to live, so an address that failed and recovered
 * is tried in its place again. Thread-safe; one instance per (size, ttl) is shared JVM-wide.
 */
public final class History {
  /** Failures remembered per name and port at most. */
  static final int MAX_FAILED = 16;
  private static final Map<List<Long>, History> SHARED = new ConcurrentHashMap<>();
  /** The last one {@link #shared} gave: every connect asks, nearly always for the same bounds. */
  private static volatile History lastShared;

  private final int size;
  private final long ttlNanos;
  private final LongSupplier nanoClock;
  private final Map<Key, Entry> entries;

  /**
   * @param size the most names remembered, the least recently used forgotten first; at least 1
   * @param ttlNanos how long a memory holds
   */
  public History(int size, long ttlNanos, LongSupplier nanoClock) {
    this.size = size;
    this.ttlNanos = ttlNanos;
    this.nanoClock = nanoClock;
    this.entries = new LinkedHashMap<>(16, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<Key, History.Entry> eldest) {
        return size() > History.this.size;
      }
    };
  }

  /** The JVM-wide history for these bounds, or null when {@code size} is 0 (history off). */
  public static History shared(int size, long ttlNanos) {
    if (size <= 0) {
      return null;
    }
    History last = lastShared;
    if (last != null && last.size == size && last.ttlNanos == ttlNanos) {
      return last;
    }
    last = SHARED.computeIfAbsent(List.of((long) size, ttlNanos), k -> new History(size, ttlNanos, System::nanoTime));
    lastShared = last;
    return last;
  }

  /** {@code ordered} as history would have it for {@code host:port}; unchanged with no memory. */
  public List<InetAddress> reorder(Object resolver, String host, int port, List<InetAddress> ordered) {
    InetAddress winner;
    Set<InetAddress> failed;
    synchronized (this) {
      Entry e = entries.get(new Key(resolver, host, port));
      if (e == null) {
        return ordered;
      }
      long now = nanoClock.getAsLong();
      winner = e.winner != null && now - e.winnerAt < ttlNanos ? e.winner : null;
      e.failedAt.values().removeIf(at -> now - at >= ttlNanos);
      failed = Set.copyOf(e.failedAt.keySet());
      if (winner == null && failed.isEmpty()) {
        entries.remove(new Key(resolver, host, port));
        return ordered;
      }
    }
    return reorder(ordered, winner, failed);
  }

  /** Remembers how the attempts of a connect to {@code host:port} ended; cancelled ones say nothing. */
  public void record(Object resolver, String host, int port, List<Attempt> attempts) {
    long now = nanoClock.getAsLong();
    synchronized (this) {
      Entry e = entries.computeIfAbsent(new Key(resolver, host, port), k -> new Entry());
      for (Attempt a : attempts) {
        InetAddress address = a.address().getAddress();
        if (a.outcome() == Outcome.CONNECTED) {
          e.winner = address;
          e.winnerAt = now;
          e.failedAt.remove(address);
        } else if (a.outcome() != Outcome.CANCELLED) {
          e.failedAt.remove(address);
          e.failedAt.put(address, now);
          if (address.equals(e.winner)) {
            e.winner = null;
          }
        }
      }
    }
  }

  /**
   * The pure rule: {@code winner} first when present, then the others in their order, then those
   * that failed, in their order.
   */
  static List<InetAddress> reorder(List<InetAddress> ordered, InetAddress winner, Set<InetAddress> failed) {
    List<InetAddress> result = new ArrayList<>(ordered.size());
    if (winner != null && ordered.contains(winner)) {
      result.add(winner);
    }
    for (InetAddress a : ordered) {
      if (!a.equals(winner) && !failed.contains(a)) {
        result.add(a);
      }
    }
    for (InetAddress a : ordered) {
      if (!a.equals(winner) && failed.contains(a)) {
        result.add(a);
      }
    }
    return result;
  }

  /**
   * A name, case-insensitive ({@code DB.example} and {@code db.example} share a memory), as one
   * resolver answers it: under another resolver the same name may mean other addresses.
   */
  private record Key(Object resolver, String host, int port) {
    Key {
      host = host.toLowerCase(java.util.Locale.ROOT);
    }
  }

  private static final class Entry {
    InetAddress winner;
    long winnerAt;
    final Map<InetAddress, Long> failedAt = new LinkedHashMap<>(4, 0.75f, false) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<InetAddress, Long> eldest) {
        return size() > MAX_FAILED;
      }
    };
  }
}
