package io.connectbyname.internal.engine;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.net.SocketOption;
import java.nio.channels.AlreadyBoundException;
import java.nio.channels.SocketChannel;
import java.nio.channels.UnsupportedAddressTypeException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The connect context: what a caller set on a socket before it connected, options and a local
 * address. They are set on a real channel at once, the first attempt's ("early") channel, so that
 * the kernel checks and reports them as it does for the JDK's own socket (a bind fails at
 * {@code bind}, a buffer size reads back as the kernel's), and recorded, so that every further
 * attempt gets the same before its connect and the winner carries them.
 *
 * <p>Thread-safe: a connect takes its channels while another thread may close the socket.
 */
public final class ConnectContext implements ChannelSource {
  private final Map<SocketOption<?>, Object> options = new LinkedHashMap<>();
  private final Map<SocketOption<?>, Object> late = new LinkedHashMap<>(); // set while connecting
  private SocketChannel early; // until an attempt takes it (or the context is closed)
  private InetSocketAddress bound; // as the caller asked; null = not bound
  private InetSocketAddress local; // what the early channel got
  private boolean closed;

  private ConnectContext(SocketChannel early) {
    this.early = early;
  }

  /** A context with its early channel: the descriptor the socket has from creation on, as the JDK's has. */
  public static ConnectContext open() throws IOException {
    return new ConnectContext(Channels.open());
  }

  /**
   * Sets {@code value} for {@code name} on the early channel (checked there exactly as the JDK's
   * socket checks it) and records it for the attempts to come.
   */
  public synchronized <T> void set(SocketOption<T> name, T value) throws IOException {
    if (early != null) {
      early.setOption(name, value);
    } else {
      late.put(name, value); // attempts under way have their options already: the winner gets these after
    }
    options.put(name, value);
  }

  /** The options set while the connect was under way, in the order set. */
  public synchronized Map<SocketOption<?>, Object> late() {
    return Map.copyOf(late);
  }

  /**
   * The value of {@code name} as the kernel reports it for the early channel; once an attempt has
   * taken it (the connect is under way), the value recorded, else a new socket's.
   */
  @SuppressWarnings("unchecked")
  public synchronized <T> T get(SocketOption<T> name) throws IOException {
    if (early != null) {
      return early.getOption(name);
    }
    return options.containsKey(name) ? (T) options.get(name) : SocketDefaults.value(name);
  }

  /**
   * Binds the early channel to {@code address} (port 0 = an ephemeral one) and records it: every
   * further attempt binds the same address (and port, when fixed).
   *
   * @throws java.net.BindException when the address is in use or not local, as the JDK's socket
   */
  public synchronized void bind(InetSocketAddress address) throws IOException {
    if (bound != null || early == null) {
      throw new SocketException("Already bound");
    }
    try {
      early.bind(address);
    } catch (UnsupportedAddressTypeException e) {
      throw new SocketException("Protocol family unavailable"); // an IPv6 address on an IPv4-only stack
    } catch (AlreadyBoundException e) {
      throw new SocketException("Already bound");
    }
    bound = address;
    local = (InetSocketAddress) early.getLocalAddress();
  }

  /** The local address the early channel is bound to, or null when it is not bound. */
  public synchronized InetSocketAddress localAddress() {
    return local;
  }

  @Override
  public synchronized InetAddress boundAddress() {
    return bound == null ? null : bound.getAddress();
  }

  @Override
  public synchronized boolean oneAtATime() {
    return bound != null && bound.getPort() != 0;
  }

  /**
   * The early channel for the first attempt, a new one with the options set and the address bound
   * for each after it.
   */
  @Override
  public synchronized SocketChannel open(InetSocketAddress remote) throws IOException {
    if (closed) {
      throw new SocketException("Socket closed");
    }
    SocketChannel channel = early;
    if (channel != null) {
      early = null;
      return channel;
    }
    channel = Channels.open();
    try {
      for (Map.Entry<SocketOption<?>, Object> e : options.entrySet()) {
        setOption(channel, e.getKey(), e.getValue());
      }
      if (bound != null) {
        channel.bind(bound);
      }
      return channel;
    } catch (IOException | RuntimeException | Error e) {
      channel.close();
      throw e;
    }
  }

  /** Closes the early channel unless an attempt took it; no attempt gets a channel after this. */
  public synchronized void close() throws IOException {
    closed = true;
    SocketChannel channel = early;
    early = null;
    if (channel != null) {
      channel.close();
    }
  }

  @SuppressWarnings("unchecked")
  private static <T> void setOption(SocketChannel channel, SocketOption<T> name, Object value) throws IOException {
    channel.setOption(name, (T) value);
  }
}
