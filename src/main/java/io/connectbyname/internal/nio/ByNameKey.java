package io.connectbyname.internal.nio;

import java.io.IOException;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.channels.spi.AbstractSelectionKey;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The key of a {@link ByNameSocketChannel} on a {@link ByNameSelector}. Behind it, the JDK's own
 * keys on the selector's JDK selector: while the channel races, one per attempt ({@code OP_CONNECT});
 * once a JDK channel holds the connection, or connects alone, one for it, with this key's interest
 * (less {@code OP_CONNECT} once connected: the JDK reports it only while a connect is pending,
 * this key reports it itself once the race is decided).
 */
final class ByNameKey extends AbstractSelectionKey {
  /** The attachment of a JDK key behind a by-name key: whose it is, and whether it is an attempt's. */
  record Inner(ByNameKey key, boolean attempt) {}

  private final ByNameSelector selector;
  private final ByNameSocketChannel channel;
  private final Map<SocketChannel, SelectionKey> inner = new ConcurrentHashMap<>();
  private volatile int interestOps;
  volatile int readyOps; // written by the selector's select, as the JDK's are

  ByNameKey(ByNameSelector selector, ByNameSocketChannel channel, int ops) {
    this.selector = selector;
    this.channel = channel;
    this.interestOps = ops;
  }

  @Override
  public SelectableChannel channel() {
    return channel;
  }

  ByNameSocketChannel byNameChannel() {
    return channel;
  }

  @Override
  public Selector selector() {
    return selector;
  }

  @Override
  public int interestOps() {
    ensureValid();
    return interestOps;
  }

  @Override
  public SelectionKey interestOps(int ops) {
    ensureValid();
    if ((ops & ~channel.validOps()) != 0) {
      throw new IllegalArgumentException(); // with no message, as the JDK's key
    }
    interestOps = ops;
    sync();
    return this;
  }

  /** The interest, for the selector, without the validity check. */
  int interest() {
    return interestOps;
  }

  @Override
  public int readyOps() {
    ensureValid();
    return readyOps;
  }

  private void ensureValid() {
    if (!isValid()) {
      throw new CancelledKeyException();
    }
  }

  /** Brings the JDK keys behind this one in line with the channel: its attempts, or its JDK channel. */
  synchronized void sync() {
    if (!isValid() || !channel.isOpen()) {
      return;
    }
    Selector real = selector.real();
    if (channel.racing()) {
      selector.racing(this);
      for (SocketChannel attempt : channel.attempts()) {
        if (!inner.containsKey(attempt)) {
          register(real, attempt, SelectionKey.OP_CONNECT, true);
        }
      }
      inner.entrySet().removeIf(e -> !e.getKey().isOpen());
      return;
    }
    SocketChannel d = channel.delegate();
    inner.entrySet().removeIf(e -> {
      if (e.getKey() != d) {
        e.getValue().cancel();
        return true;
      }
      return false;
    });
    if (d == null) {
      return;
    }
    int ops = interestOps;
    if (channel.isConnected() || channel.connectable()) {
      ops &= ~SelectionKey.OP_CONNECT; // the JDK would report it never: this key does
    }
    SelectionKey k = inner.get(d);
    if (k != null && k.isValid() && k.attachment() instanceof Inner i && !i.attempt()) {
      k.interestOps(ops);
    } else {
      register(real, d, ops, false);
    }
    if (channel.connectable()) {
      selector.connectable(this);
    }
  }

  private void register(Selector real, SocketChannel ch, int ops, boolean attempt) {
    try {
      inner.put(ch, ch.register(real, ops, new Inner(this, attempt)));
    } catch (ClosedChannelException | RuntimeException e) {
      inner.remove(ch); // an attempt that ended meanwhile, or a channel being closed: nothing to watch
    }
  }

  /** Cancels the JDK keys behind this one (the key is cancelled, or the channel goes blocking). */
  synchronized void unsync() {
    for (SelectionKey k : inner.values()) {
      k.cancel();
    }
    inner.clear();
  }

  /** Advances the channel's race after one of its attempts was seen ready; whether it is decided. */
  boolean advance() {
    try {
      channel.advance();
    } catch (IOException e) {
      // lost: finishConnect throws it; OP_CONNECT is ready, as for a JDK channel whose connect failed
    }
    boolean decided = !channel.racing();
    sync();
    return decided;
  }
}
