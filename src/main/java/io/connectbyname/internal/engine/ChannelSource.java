package io.connectbyname.internal.engine;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.SocketChannel;

/**
 * Where a connect's attempts get their channels: new, unconnected and blocking, with the caller's
 * options set and local address bound. The connect context of a socket is one; {@link #PLAIN} makes
 * bare channels.
 */
public interface ChannelSource {
  /** Bare channels: no option set, nothing bound. */
  ChannelSource PLAIN = remote -> Channels.open();

  /** A channel for an attempt to connect to {@code remote}; the caller closes it or keeps it. */
  SocketChannel open(InetSocketAddress remote) throws IOException;

  /** The local address the caller bound to, whose family restricts the addresses tried; or null. */
  default InetAddress boundAddress() {
    return null;
  }

  /**
   * Whether only one attempt may be in flight at a time: a fixed local port can be bound by one
   * socket only, so the next attempt takes over when the attempt delay passes.
   */
  default boolean oneAtATime() {
    return false;
  }
}
