package io.connectbyname.internal.nio;

import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.spi.AbstractSelectableChannel;
import java.nio.channels.spi.AbstractSelector;
import java.nio.channels.spi.SelectorProvider;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * A selector over the JDK's own: the JDK's channels (server sockets, pipes, datagram and UNIX
 * channels, anything but a by-name TCP channel) are registered on the JDK selector itself, and get a
 * {@link JdkChannelKey} that delegates to the JDK's key, so that their keys behave exactly as the
 * JDK's (cancel, blocking mode, re-registration) while {@code selector()} and {@code keyFor} name
 * this selector; a {@link ByNameSocketChannel} gets a {@link ByNameKey}, with the JDK keys of its
 * attempts or of its winner behind it. {@code select} selects on the JDK selector, advances the
 * races whose attempts were seen ready or whose next attempt is due, on the caller's thread, and
 * reports both kinds of key in one selected-key set.
 *
 * <p>Where the JDK's {@code sun.nio.ch} is out of reach (a provider handed to one client, with no
 * JVM flags), a JDK channel gets the JDK's own key back instead, whose {@code selector()} is the JDK
 * selector underneath: a key of this library's would leave the descriptor of a channel closed
 * during a select open, as only the JDK's internals can close it then ({@link JdkChannelKill}).
 */
public final class ByNameSelector extends AbstractSelector {
  private final Selector real;
  /** Whether JDK channels get a {@link JdkChannelKey} (else the JDK's own key). */
  private final boolean wrapsJdkKeys;
  private final Set<ByNameKey> keys = ConcurrentHashMap.newKeySet();
  private final Set<ByNameKey> selected = new HashSet<>();
  private final Set<ByNameKey> racing = ConcurrentHashMap.newKeySet();
  private final Set<ByNameKey> connectable = ConcurrentHashMap.newKeySet();
  private final Set<SelectionKey> publicKeys;
  private final Set<SelectionKey> publicSelected;
  private volatile boolean wakeupRequested;
  /** A race event this close is due: the JDK selector's wait, in whole milliseconds, may end a hair before it. */
  private static final long RACE_EVENT_SLACK = TimeUnit.MILLISECONDS.toNanos(1);

  /** A selector of {@code provider}'s over the JDK selector {@code real}. */
  public ByNameSelector(SelectorProvider provider, Selector real) {
    super(provider);
    this.real = real;
    this.wrapsJdkKeys = JdkChannelKill.available();
    this.publicKeys = JoinedKeys.unmodifiable(real.keys(), keys, this::view);
    this.publicSelected = JoinedKeys.removable(real.selectedKeys(), selected, this::view);
  }

  /** The JDK selector underneath. */
  Selector real() {
    return real;
  }

  /** A key whose channel races: its next attempt is started by this selector's select when due. */
  void racing(ByNameKey key) {
    racing.add(key);
  }

  /** A key whose channel's race is decided: {@code OP_CONNECT} is ready until {@code finishConnect}. */
  void connectable(ByNameKey key) {
    connectable.add(key);
  }

  @Override
  protected SelectionKey register(AbstractSelectableChannel ch, int ops, Object att) {
    ensureOpen(); // as the JDK's: its JDK keys would fail to register, silently
    SelectionKey k;
    if (ch instanceof ByNameSocketChannel b) {
      ByNameKey key = new ByNameKey(this, b, ops);
      key.attach(att);
      keys.add(key);
      b.added(key);
      k = key;
    } else if (wrapsJdkKeys) {
      k = JdkChannelKey.register(this, real, ch, ops, att);
    } else {
      try {
        k = ch.register(real, ops, att); // the JDK's own key: its semantics exactly
      } catch (ClosedChannelException e) {
        throw sneaky(e); // closed meanwhile: the caller's register declares it, AbstractSelector's cannot
      }
    }
    if (!isOpen()) {
      // Closed meanwhile, perhaps after its close cancelled every key: as the JDK's register.
      if (k instanceof ByNameKey key) {
        keys.remove(key);
        key.byNameChannel().removed(key);
      }
      k.cancel();
      throw new ClosedSelectorException();
    }
    return k;
  }

  /** {@code e} thrown unchecked, for what a channel's {@code register} declares and this selector's cannot. */
  @SuppressWarnings("unchecked")
  static <E extends Throwable> RuntimeException sneaky(Throwable e) throws E {
    throw (E) e;
  }

  /**
   * What the caller sees of a key on the JDK selector: the wrapper of a JDK channel's key, nothing
   * for a key behind a by-name key, or the key itself where JDK channels get the JDK's keys.
   */
  private SelectionKey view(SelectionKey k) {
    Object a = k.attachment();
    if (a instanceof ByNameKey.Inner) {
      return null;
    }
    if (a instanceof JdkChannelKey w && w.jdk() == k) {
      return w;
    }
    return wrapsJdkKeys ? null : k; // wrapping: a key being registered, not handed out yet
  }

  @Override
  public Set<SelectionKey> keys() {
    ensureOpen();
    return publicKeys;
  }

  @Override
  public Set<SelectionKey> selectedKeys() {
    ensureOpen();
    return publicSelected;
  }

  @Override
  public int selectNow() throws IOException {
    return selectFor(-1);
  }

  @Override
  public int select(long timeout) throws IOException {
    if (timeout < 0) {
      throw new IllegalArgumentException("Negative timeout");
    }
    return selectFor(timeout);
  }

  @Override
  public int select() throws IOException {
    return selectFor(0);
  }

  /** The select loop: -1 = now, 0 = until something is ready, else at most that many milliseconds. */
  private int selectFor(long timeoutMillis) throws IOException {
    synchronized (this) {
      ensureOpen();
      boolean now = timeoutMillis < 0;
      if (now) {
        wakeupRequested = false;
      }
      // Times as differences of nanoTime values, which may wrap; toNanos saturates at Long.MAX_VALUE.
      long start = System.nanoTime();
      long timeoutNanos = timeoutMillis > 0 ? TimeUnit.MILLISECONDS.toNanos(timeoutMillis) : Long.MAX_VALUE;
      while (true) {
        processCancelled();
        int updated = advanceDue() + reportConnectable();
        boolean immediate = now || updated > 0;
        long waitMillis = 0; // 0 = no limit
        long raceEvent = Long.MAX_VALUE; // what bounds the wait when a race's next event does
        if (!immediate) {
          long at = System.nanoTime();
          long left = timeoutMillis > 0 ? timeoutNanos - (at - start) : Long.MAX_VALUE;
          if (left <= 0) {
            return updated; // the caller's timeout has passed
          }
          long event = nextRaceEvent();
          if (event != Long.MAX_VALUE && event - at < left) {
            raceEvent = event;
            left = Math.max(0, event - at);
          }
          if (left != Long.MAX_VALUE) {
            waitMillis = Math.max(1, ceilMillis(left));
          }
        }
        int n = immediate ? real.selectNow() : waitMillis == 0 ? real.select() : real.select(waitMillis);
        if (!isOpen()) {
          return 0;
        }
        processCancelled(); // those cancelled during the select, as the JDK's does after its wait
        int internal = 0;
        int attempts = 0;
        if (!keys.isEmpty()) {
          for (Iterator<SelectionKey> it = real.selectedKeys().iterator(); it.hasNext(); ) {
            SelectionKey k = it.next();
            if (k.attachment() instanceof ByNameKey.Inner inner) {
              it.remove();
              internal++;
              attempts += inner.attempt() ? 1 : 0;
              updated += handle(k, inner);
            }
          }
          updated += reportConnectable();
        }
        int total = updated + n - internal;
        if (total > 0 || immediate) {
          return total;
        }
        if (wakeupRequested) {
          wakeupRequested = false;
          return 0;
        }
        boolean raceDue = raceEvent != Long.MAX_VALUE && raceEvent - System.nanoTime() <= RACE_EVENT_SLACK;
        boolean raceMoved = internal > 0 && attempts == internal && !racing.isEmpty();
        if (!raceDue && !raceMoved) {
          // The JDK selector returned with nothing for the caller and for no undecided race: woken
          // (through a JDK key's selector() too), interrupted, timed out, or its ready keys, a
          // winner's among them, were selected already. The JDK's own select returns 0 then;
          // looping would spin (the winner's key is ready again at once) or miss a wakeup.
          return 0;
        }
      }
    }
  }

  /** {@code nanos}, at least 0, in whole milliseconds rounded up, without overflow. */
  private static long ceilMillis(long nanos) {
    long millis = TimeUnit.NANOSECONDS.toMillis(nanos);
    return nanos % 1_000_000 == 0 ? millis : millis + 1;
  }

  /** A JDK key behind a by-name key was selected: an attempt's (advance the race) or the winner's. */
  private int handle(SelectionKey k, ByNameKey.Inner inner) {
    ByNameKey key = inner.key();
    if (!key.isValid()) {
      return 0;
    }
    if (inner.attempt()) {
      if (key.advance()) {
        racing.remove(key);
        connectable.add(key);
      }
      return 0; // OP_CONNECT, when the race is decided, is reported by reportConnectable
    }
    return ready(key, k.isValid() ? k.readyOps() : 0);
  }

  /** Starts the attempts that are due: a race moves on when its attempt delay passes, nothing else wakes it. */
  private int advanceDue() {
    if (racing.isEmpty()) {
      return 0;
    }
    long now = System.nanoTime();
    for (Iterator<ByNameKey> it = racing.iterator(); it.hasNext(); ) {
      ByNameKey key = it.next();
      ByNameSocketChannel ch = key.byNameChannel();
      if (!key.isValid() || !ch.racing()) {
        it.remove();
        if (key.isValid() && ch.connectable()) {
          connectable.add(key);
        }
        continue;
      }
      if (ch.nextEvent() - now <= 0 && key.advance()) {
        it.remove();
        connectable.add(key);
      }
    }
    return 0;
  }

  /** The keys whose race is decided and whose interest holds {@code OP_CONNECT}: ready, as the JDK's would be. */
  private int reportConnectable() {
    if (connectable.isEmpty()) {
      return 0;
    }
    int updated = 0;
    for (Iterator<ByNameKey> it = connectable.iterator(); it.hasNext(); ) {
      ByNameKey key = it.next();
      if (!key.isValid() || !key.byNameChannel().connectable()) {
        it.remove();
        continue;
      }
      if ((key.interest() & SelectionKey.OP_CONNECT) != 0) {
        updated += ready(key, SelectionKey.OP_CONNECT);
      }
    }
    return updated;
  }

  private long nextRaceEvent() {
    long event = Long.MAX_VALUE;
    for (ByNameKey key : racing) {
      long e = key.byNameChannel().nextEvent();
      if (e != Long.MAX_VALUE && (event == Long.MAX_VALUE || e - event < 0)) {
        event = e;
      }
    }
    return event;
  }

  /** Updates a by-name key's ready set as the JDK's selector updates its own keys; 1 when it counts. */
  private int ready(ByNameKey key, int ops) {
    ops &= key.interest();
    if (selected.contains(key)) {
      int old = key.readyOps;
      key.readyOps = old | ops;
      return key.readyOps != old ? 1 : 0;
    }
    key.readyOps = ops;
    if (ops != 0) {
      selected.add(key);
      return 1;
    }
    return 0;
  }

  /**
   * Deregisters the cancelled keys. For a JDK channel's key, the JDK key under it is then cancelled
   * (deregistered by the JDK selector's next select) and the descriptor of a closed channel closed
   * if no key holds it any more.
   */
  private void processCancelled() throws IOException {
    Set<SelectionKey> cancelled = cancelledKeys();
    IOException failure = null;
    synchronized (cancelled) {
      if (cancelled.isEmpty()) {
        return;
      }
      for (SelectionKey k : cancelled) {
        if (k instanceof JdkChannelKey key) {
          deregister(key);
          try {
            key.deregistered();
          } catch (IOException e) {
            failure = failure == null ? e : failure;
          }
          continue;
        }
        ByNameKey key = (ByNameKey) k;
        key.byNameChannel().removed(key);
        keys.remove(key);
        selected.remove(key);
        racing.remove(key);
        connectable.remove(key);
        if (key.channel().keyFor(this) == key) {
          deregister(key); // not a key whose register failed as this selector closed: the channel never held it
        }
      }
      cancelled.clear();
    }
    if (failure != null) {
      throw failure;
    }
  }

  @Override
  public Selector wakeup() {
    wakeupRequested = true;
    real.wakeup();
    return this;
  }

  @Override
  protected void implCloseSelector() throws IOException {
    wakeup();
    synchronized (this) {
      try {
        for (ByNameKey key : keys) {
          key.cancel();
        }
        processCancelled();
        for (SelectionKey k : real.keys()) {
          if (view(k) instanceof JdkChannelKey key) {
            deregister(key); // as the JDK's close: off the channel and invalid, not cancelled
          }
        }
      } finally {
        real.close(); // deregisters the JDK keys, and closes the descriptors of closed channels
      }
    }
  }

  private void ensureOpen() {
    if (!isOpen()) {
      throw new ClosedSelectorException();
    }
  }
}
