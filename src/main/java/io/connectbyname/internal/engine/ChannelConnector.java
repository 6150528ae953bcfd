package io.connectbyname.internal.engine;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The real connector: one non-blocking {@link SocketChannel} per attempt, all watched by one
 * {@link Selector} that the calling thread blocks in. No thread is created. The selector is opened
 * only when the race has to wait: an attempt that has already connected when the race first looks
 * (as on loopback, or when the history put the live address first) costs no selector at all.
 *
 * <p>An interrupt of the calling thread is handled as {@link Caller} says. When it changes
 * nothing, the interrupt status is cleared while the race waits (a selector returns at once for an
 * interrupted thread) and set again when the connector is closed.
 */
public final class ChannelConnector implements Connector<SocketChannel> {
  private final ChannelSource source;
  private final Caller caller;
  private final List<SocketChannel> connectedAtOnce = new ArrayList<>();
  private final List<SocketChannel> unwatched = new ArrayList<>(); // started, not on the selector yet
  private final Set<SocketChannel> open = new HashSet<>();
  private volatile Selector selector;
  private volatile boolean wakeupPending;
  private boolean interruptedMeanwhile;

  /** A connector whose attempts come from {@code source}; close it to release what it opened. */
  public ChannelConnector(ChannelSource source, Caller caller) {
    this.source = source;
    this.caller = caller;
  }

  @Override
  public SocketChannel start(InetSocketAddress address) throws IOException {
    SocketChannel channel = source.open(address);
    try {
      channel.configureBlocking(false);
      if (channel.connect(address)) {
        connectedAtOnce.add(channel);
      } else {
        unwatched.add(channel);
      }
      open.add(channel);
      return channel;
    } catch (IOException | RuntimeException | Error e) {
      closeQuietly(channel);
      throw e;
    }
  }

  @Override
  public List<Ended<SocketChannel>> await(long nanos) throws IOException {
    List<Ended<SocketChannel>> ended = new ArrayList<>();
    for (SocketChannel c : connectedAtOnce) {
      ended.add(new Ended<>(c, null));
    }
    connectedAtOnce.clear();
    // Before paying for a selector, look once: a nearby connect has often completed already.
    for (Iterator<SocketChannel> it = unwatched.iterator(); it.hasNext(); ) {
      SocketChannel channel = it.next();
      try {
        if (channel.finishConnect()) {
          it.remove();
          ended.add(new Ended<>(channel, null));
        }
      } catch (IOException e) {
        it.remove();
        ended.add(new Ended<>(channel, e));
      }
    }
    boolean mustWait = ended.isEmpty() && nanos > 0;
    if (mustWait || selector != null) {
      Selector s = watch();
      if (!mustWait || wakeupPending) {
        wakeupPending = false;
        s.selectNow();
      } else if (nanos == Long.MAX_VALUE) {
        s.select();
      } else {
        // Round up: waking before the deadline would only spin.
        s.select(Math.max(1, TimeUnit.NANOSECONDS.toMillis(nanos + 999_999)));
      }
      collect(s, ended);
    }
    Thread self = Thread.currentThread();
    if (self.isInterrupted()) {
      if (caller.endsConnectOnInterrupt(self)) {
        throw new ClosedByInterruptException();
      }
      Thread.interrupted(); // set again by close(): meanwhile, the selector must be able to wait
      interruptedMeanwhile = true;
    }
    return ended;
  }

  /** The selector, opened on first need, with every unwatched attempt registered on it. */
  private Selector watch() throws IOException {
    Selector s = selector;
    if (s == null) {
      s = Channels.selector();
      selector = s; // published before wakeupPending is read: a wakeup() is never lost
    }
    for (SocketChannel channel : unwatched) {
      channel.register(s, SelectionKey.OP_CONNECT);
    }
    unwatched.clear();
    return s;
  }

  private static void collect(Selector s, List<Ended<SocketChannel>> ended) {
    Iterator<SelectionKey> keys = s.selectedKeys().iterator();
    while (keys.hasNext()) {
      SelectionKey key = keys.next();
      keys.remove();
      SocketChannel channel = (SocketChannel) key.channel();
      try {
        if (channel.finishConnect()) {
          key.cancel();
          ended.add(new Ended<>(channel, null));
        }
      } catch (IOException e) {
        key.cancel();
        ended.add(new Ended<>(channel, e));
      }
    }
  }

  @Override
  public void wakeup() {
    wakeupPending = true;
    Selector s = selector;
    if (s != null) {
      s.wakeup();
    }
  }

  @Override
  public void cancel(SocketChannel attempt) {
    open.remove(attempt);
    unwatched.remove(attempt);
    connectedAtOnce.remove(attempt);
    boolean registered = attempt.isRegistered();
    closeQuietly(attempt);
    Selector s = selector;
    if (registered && s != null) {
      try {
        s.selectNow(); // the JDK closes a registered channel's descriptor only once it is deregistered
      } catch (IOException ignored) {
        // it is closed with the selector at the latest
      }
    }
  }

  @Override
  public void keep(SocketChannel winner) throws IOException {
    open.remove(winner);
    Selector s = selector;
    if (s != null) {
      s.close(); // deregisters the winner, so that it may block again
    }
    winner.configureBlocking(true);
  }

  @Override
  public void close() {
    for (SocketChannel c : open) {
      closeQuietly(c);
    }
    open.clear();
    unwatched.clear();
    connectedAtOnce.clear();
    Selector s = selector;
    if (s != null) {
      try {
        s.close();
      } catch (IOException ignored) {
        // nothing is left to release
      }
    }
    if (interruptedMeanwhile) {
      interruptedMeanwhile = false;
      Thread.currentThread().interrupt(); // as the JDK's socket leaves it: the status stays set
    }
  }

  private static void closeQuietly(SocketChannel channel) {
    try {
      channel.close();
    } catch (IOException ignored) {
      // closing a failed attempt: nothing more to do
    }
  }
}
