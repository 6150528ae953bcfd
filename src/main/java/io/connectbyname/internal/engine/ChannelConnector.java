package io.connectbyname.internal.engine;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.net.StandardProtocolFamily;
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
 */
public final class ChannelConnector implements Connector<SocketChannel> {
  private final ChannelSetup setup;
  private final List<SocketChannel> connectedAtOnce = new ArrayList<>();
  private final List<SocketChannel> unwatched = new ArrayList<>(); // started, not on the selector yet
  private final Set<SocketChannel> open = new HashSet<>();
  private volatile Selector selector;
  private volatile boolean wakeupPending;

  /** A connector whose attempts get {@code setup}; close it to release what it opened. */
  public ChannelConnector(ChannelSetup setup) {
    this.setup = setup;
  }

  @Override
  public SocketChannel start(InetSocketAddress address) throws IOException {
    SocketChannel channel = open(address);
    try {
      channel.configureBlocking(false);
      setup.apply(channel);
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

  /** A new channel of the address's family; an unsupported family is an {@link IOException}. */
  public static SocketChannel open(InetSocketAddress address) throws IOException {
    boolean v4 = address.getAddress() instanceof Inet4Address;
    try {
      return SocketChannel.open(v4 ? StandardProtocolFamily.INET : StandardProtocolFamily.INET6);
    } catch (UnsupportedOperationException e) {
      throw new SocketException((v4 ? "IPv4" : "IPv6") + " is not available in this JVM: " + e.getMessage());
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
    if (Thread.currentThread().isInterrupted()) {
      throw new ClosedByInterruptException();
    }
    return ended;
  }

  /** The selector, opened on first need, with every unwatched attempt registered on it. */
  private Selector watch() throws IOException {
    Selector s = selector;
    if (s == null) {
      s = Selector.open();
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
    closeQuietly(attempt);
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
    Selector s = selector;
    if (s != null) {
      try {
        s.close();
      } catch (IOException ignored) {
        // nothing is left to release
      }
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
