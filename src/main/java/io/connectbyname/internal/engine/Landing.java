package io.connectbyname.internal.engine;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.SocketChannel;

/**
 * What a connect by name hands its caller: the socket layer turns the winning channel into the
 * JDK's own socket implementation, a channel user takes the channel as it is.
 *
 * @param <T> the connected thing
 */
public interface Landing<T> {
  /** The winning channel as it is (the NIO layer's landing). */
  Landing<SocketChannel> CHANNEL = new OfChannel() {};

  /** A landing whose connected thing is the winning channel itself; see {@link #CHANNEL}. */
  interface OfChannel extends Landing<SocketChannel> {
    @Override
    default SocketChannel winner(SocketChannel channel) {
      return channel;
    }

    @Override
    default InetSocketAddress localAddress(SocketChannel channel) throws IOException {
      return (InetSocketAddress) channel.getLocalAddress();
    }

    @Override
    default void close(SocketChannel channel) throws IOException {
      channel.close();
    }
  }

  /**
   * Whether this landing connects a lone address itself ({@link #single}); if not, one address is
   * raced like a list (non-blocking, on a selector only when it must wait).
   */
  default boolean connectsSingle() {
    return false;
  }

  /**
   * Connects the only address there is as the caller's own kind of socket connects it, with a
   * channel of {@code source}'s or a socket of its own; it closes what it opened when the connect fails.
   *
   * @param timeoutMillis the time left, at least 1; 0 = none
   */
  default T single(ChannelSource source, InetSocketAddress address, int timeoutMillis) throws IOException {
    throw new UnsupportedOperationException("this landing races a single address");
  }

  /** Takes over the connected, blocking channel that won. */
  T winner(SocketChannel channel) throws IOException;

  /** The local address of what {@link #single} or {@link #winner} gave. */
  InetSocketAddress localAddress(T connected) throws IOException;

  /** Closes what {@link #single} or {@link #winner} gave, when the connect fails after all. */
  void close(T connected) throws IOException;
}
