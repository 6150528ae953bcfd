package io.connectbyname.internal;

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
 * {@link Selector} that the calling thread blocks in. No thread is created.
 */
public final class ChannelConnector implements Connector<SocketChannel> {
  private final ChannelSetup setup;
  private final Selector selector;
  private final List<SocketChannel> connectedAtOnce = new ArrayList<>();
  private final Set<SocketChannel> open = new HashSet<>();

  /** Opens the selector; close the connector to release it. */
  public ChannelConnector(ChannelSetup setup) throws IOException {
    this.setup = setup;
    this.selector = Selector.open();
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
        channel.register(selector, SelectionKey.OP_CONNECT, address);
      }
      open.add(channel);
      return channel;
    } catch (IOException | RuntimeException | Error e) {
      closeQuietly(channel);
      throw e;
    }
  }

  /** A new channel of the address's family; an unsupported family is an {@link IOException}. */
  static SocketChannel open(InetSocketAddress address) throws IOException {
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
    if (ended.isEmpty()) {
      if (nanos == Long.MAX_VALUE) {
        selector.select();
      } else if (nanos <= 0) {
        selector.selectNow();
      } else {
        // Round up: waking before the deadline would only spin.
        selector.select(Math.max(1, TimeUnit.NANOSECONDS.toMillis(nanos + 999_999)));
      }
    } else {
      selector.selectNow();
    }
    if (Thread.currentThread().isInterrupted()) {
      throw new ClosedByInterruptException();
    }
    Iterator<SelectionKey> keys = selector.selectedKeys().iterator();
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
    return ended;
  }

  @Override
  public void wakeup() {
    selector.wakeup();
  }

  @Override
  public void cancel(SocketChannel attempt) {
    open.remove(attempt);
    closeQuietly(attempt);
  }

  @Override
  public void keep(SocketChannel winner) throws IOException {
    open.remove(winner);
    selector.close(); // deregisters the winner, so that it may block again
    winner.configureBlocking(true);
  }

  @Override
  public void close() {
    for (SocketChannel c : open) {
      closeQuietly(c);
    }
    open.clear();
    try {
      selector.close();
    } catch (IOException ignored) {
      // nothing is left to release
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
