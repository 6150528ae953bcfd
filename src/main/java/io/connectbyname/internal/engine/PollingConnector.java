package io.connectbyname.internal.engine;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The connector of a non-blocking connect: one non-blocking channel per attempt, and no selector
 * of its own. It never waits: {@link #await} looks at each attempt once ({@code finishConnect}),
 * and its caller waits as it likes, e.g. in the selector that watches {@link #inFlight()}.
 */
final class PollingConnector implements Connector<SocketChannel> {
  private final ChannelSource source;
  private final Set<SocketChannel> open = new LinkedHashSet<>();

  PollingConnector(ChannelSource source) {
    this.source = source;
  }

  @Override
  public SocketChannel start(InetSocketAddress address) throws IOException {
    SocketChannel channel = source.open(address);
    try {
      channel.configureBlocking(false);
      channel.connect(address); // a connect that completes at once is seen by the next await
      open.add(channel);
      return channel;
    } catch (IOException | RuntimeException | Error e) {
      close(channel);
      throw e;
    }
  }

  /** Looks at every attempt in flight once, whatever {@code nanos} says: it never waits. */
  @Override
  public List<Ended<SocketChannel>> await(long nanos) {
    List<Ended<SocketChannel>> ended = new ArrayList<>();
    for (SocketChannel channel : open) {
      try {
        if (channel.finishConnect()) {
          ended.add(new Ended<>(channel, null));
        }
      } catch (IOException e) {
        ended.add(new Ended<>(channel, e));
      }
    }
    return ended;
  }

  /** The attempts in flight, for the caller to watch. */
  Set<SocketChannel> inFlight() {
    return Collections.unmodifiableSet(open);
  }

  @Override
  public void wakeup() {
    // it never waits
  }

  @Override
  public void cancel(SocketChannel attempt) {
    open.remove(attempt);
    close(attempt);
  }

  /** The winner stays as it is: non-blocking, and on whatever selector watches it. */
  @Override
  public void keep(SocketChannel winner) {
    open.remove(winner);
  }

  @Override
  public void close() {
    for (SocketChannel c : open) {
      close(c);
    }
    open.clear();
  }

  private static void close(SocketChannel channel) {
    try {
      channel.close();
    } catch (IOException ignored) {
      // closing an attempt that lost or failed: nothing more to do
    }
  }
}
