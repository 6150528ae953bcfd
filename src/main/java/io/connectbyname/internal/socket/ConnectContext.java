package io.connectbyname.internal.socket;

import io.connectbyname.internal.engine.ChannelSetup;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.net.SocketOption;
import java.net.StandardSocketOptions;
import java.nio.channels.SocketChannel;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The connect context: the options and the local address a caller set on a socket before it
 * connected. Each attempt's channel gets them before its connect, so the winner carries them.
 * {@code SO_TIMEOUT} and {@code SO_OOBINLINE} are socket-level: they are kept here and applied to
 * the winner after connect. Not thread-safe; the socket that owns it guards it.
 */
public final class ConnectContext implements ChannelSetup {
  private final Map<SocketOption<?>, Object> options = new LinkedHashMap<>();
  private InetSocketAddress bind;
  private int soTimeout;
  private boolean oobInline;

  /**
   * Records {@code value} for {@code name} after checking it as the JDK would.
   *
   * @throws UnsupportedOperationException when a socket channel does not support the option
   * @throws IllegalArgumentException when the value is of the wrong type or out of range
   */
  public <T> void set(SocketOption<T> name, T value) throws SocketException {
    if (!SocketDefaults.supported().contains(name)) {
      throw new UnsupportedOperationException("'" + name + "' not supported");
    }
    if (value == null || !name.type().isInstance(value)) {
      throw new IllegalArgumentException("Invalid value '" + value + "' for " + name);
    }
    if ((name == StandardSocketOptions.SO_SNDBUF || name == StandardSocketOptions.SO_RCVBUF)
        && (Integer) value <= 0) {
      throw new IllegalArgumentException("Invalid value " + value + " for " + name + ": must be > 0");
    }
    if (name == StandardSocketOptions.IP_TOS && ((Integer) value < 0 || (Integer) value > 255)) {
      throw new IllegalArgumentException("Invalid value " + value + " for IP_TOS: must be 0..255");
    }
    options.put(name, value);
  }

  /** The recorded value of {@code name}, else the JDK's default for a new socket. */
  @SuppressWarnings("unchecked")
  public <T> T get(SocketOption<T> name) {
    if (!SocketDefaults.supported().contains(name)) {
      throw new UnsupportedOperationException("'" + name + "' not supported");
    }
    return options.containsKey(name) ? (T) options.get(name) : SocketDefaults.value(name);
  }

  /** The options recorded so far, in the order set. */
  public Set<SocketOption<?>> recorded() {
    return options.keySet();
  }

  /** Records the local address to bind each attempt to (port 0 = an ephemeral port each). */
  public void bind(InetSocketAddress local) {
    this.bind = local;
  }

  /** The recorded local address, or null. */
  public InetSocketAddress bindAddress() {
    return bind;
  }

  @Override
  public InetAddress boundAddress() {
    return bind == null ? null : bind.getAddress();
  }

  /** The read timeout in milliseconds, 0 = none. */
  public int soTimeout() {
    return soTimeout;
  }

  /** Records the read timeout in milliseconds. */
  public void soTimeout(int millis) {
    if (millis < 0) {
      throw new IllegalArgumentException("timeout < 0");
    }
    soTimeout = millis;
  }

  /** Whether urgent data is received inline. */
  public boolean oobInline() {
    return oobInline;
  }

  /** Records whether urgent data is received inline. */
  public void oobInline(boolean on) {
    oobInline = on;
  }

  @Override
  public void apply(SocketChannel channel) throws IOException {
    for (Map.Entry<SocketOption<?>, Object> e : options.entrySet()) {
      setOption(channel, e.getKey(), e.getValue());
    }
    if (bind != null) {
      channel.bind(bind);
    }
  }

  /** Applies the socket-level settings to the winner's socket after it connected. */
  public void applyAfterConnect(java.net.Socket socket) throws SocketException {
    if (soTimeout != 0) {
      socket.setSoTimeout(soTimeout);
    }
    if (oobInline) {
      socket.setOOBInline(true);
    }
  }

  @SuppressWarnings("unchecked")
  private static <T> void setOption(SocketChannel channel, SocketOption<T> name, Object value) throws IOException {
    channel.setOption(name, (T) value);
  }
}
