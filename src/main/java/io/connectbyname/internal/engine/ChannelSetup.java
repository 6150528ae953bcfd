package io.connectbyname.internal.engine;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.channels.SocketChannel;

/**
 * What is done to each attempt's channel before it connects: options set, a local address bound.
 * The socket layer's connect context implements it; {@link #NONE} does nothing.
 */
public interface ChannelSetup {
  /** Sets nothing, binds nothing. */
  ChannelSetup NONE = channel -> {};

  /** Applies the options and the bind address to a new, unconnected channel. */
  void apply(SocketChannel channel) throws IOException;

  /** The local address the caller bound to, whose family restricts the addresses tried; or null. */
  default InetAddress boundAddress() {
    return null;
  }
}
