package io.connectbyname.internal.engine;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ProtocolFamily;
import java.net.SocketException;
import java.net.SocketOption;
import java.nio.channels.AlreadyBoundException;
import java.nio.channels.SocketChannel;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The connect context: what a caller set on a socket before it connected, options and a local
 * address. They are set on a real channel at once, the first attempt's ("early") channel, made on
 * the first option or bind, so that the kernel checks and reports them as it does for the JDK's own
 * socket (a bind fails at {@code bind}, a buffer size reads back as the kernel's); and recorded, so
 * that every further attempt gets the same before its connect and the winner carries them. A
 * socket that is connected with nothing set before needs no early channel at all.
 *
 * <p>Thread-safe: a connect takes its channels while another thread may close the socket.
 */
public final class ConnectContext implements ChannelSource {
  private final ProtocolFamily family; // null: dual-stack, as the JDK's Socket
  private Map<SocketOption<?>, Object> options = Map.of();
  private Map<SocketOption<?>, Object> late = Map.of(); // set while connecting
  private SocketChannel early; // made on first need, until an attempt takes it
  private boolean taken; // the connect has begun: no early channel from now on
  private InetSocketAddress bound; // as the caller asked; null = not bound
  private InetSocketAddress local; // what the early channel got
  private boolean closed;

  /** A context for a dual-stack socket, as the JDK's {@code Socket} is. */
  public ConnectContext() {
    this(null);
  }

  /** A context whose channels are of {@code family} (null = dual-stack). */
  public ConnectContext(ProtocolFamily family) {
    this.family = family;
  }

  /**
   * Sets {@code value} for {@code name} on the early channel (checked there exactly as the JDK's
   * socket checks it) and records it for the attempts to come.
   */
  public synchronized <T> void set(SocketOption<T> name, T value) throws IOException {
    SocketChannel channel = early();
    if (channel != null) {
      channel.setOption(name, value);
    } else {
      late = put(late, name, value); // attempts under way have their options already: the winner gets these after
    }
    options = put(options, name, value);
  }

  /**
   * The value of {@code name} as the kernel reports it for the early channel; once the connect is
   * under way, the value recorded, else a new socket's.
   */
  @SuppressWarnings("unchecked")
  public synchronized <T> T get(SocketOption<T> name) throws IOException {
    SocketChannel channel = early();
    if (channel != null) {
      return channel.getOption(name);
    }
    return options.containsKey(name) ? (T) options.get(name) : SocketDefaults.value(name);
  }

  /** The options set while the connect was under way, in the order set. */
  public synchronized Map<SocketOption<?>, Object> late() {
    return late.isEmpty() ? Map.of() : new LinkedHashMap<>(late);
  }

  /**
   * Binds the early channel to {@code address} (port 0 = an ephemeral one) and records it: every
   * further attempt binds the same address (and port, when fixed).
   *
   * @throws java.net.BindException when the address is in use or not local, as the JDK's socket
   * @throws AlreadyBoundException when it is bound already, or the connect has begun
   * @throws java.nio.channels.UnsupportedAddressTypeException for an address of the other family
   */
  public synchronized void bind(InetSocketAddress address) throws IOException {
    SocketChannel channel = early();
    if (bound != null || channel == null) {
      throw new AlreadyBoundException();
    }
    channel.bind(address);
    bound = address;
    local = (InetSocketAddress) channel.getLocalAddress();
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
   * The early channel, when anything was set before the connect, for the connect's first attempt;
   * null when nothing was (the caller then makes a socket of its own). The connect has begun.
   */
  public synchronized SocketChannel takeEarly() throws SocketException {
    if (closed) {
      throw new SocketException("Socket closed");
    }
    taken = true;
    SocketChannel channel = early;
    early = null;
    return channel;
  }

  /**
   * The early channel for the first attempt, a new one with the options set and the address bound
   * for each after it.
   */
  @Override
  public synchronized SocketChannel open(InetSocketAddress remote) throws IOException {
    SocketChannel channel = takeEarly();
    if (channel != null) {
      return channel;
    }
    channel = Channels.open(family);
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

  /** The early channel, made on first need before the connect; null once the connect has begun. */
  private SocketChannel early() throws IOException {
    if (closed) {
      throw new SocketException("Socket closed");
    }
    if (early == null && !taken) {
      early = Channels.open(family);
    }
    return early;
  }

  private static Map<SocketOption<?>, Object> put(Map<SocketOption<?>, Object> map, SocketOption<?> name,
      Object value) {
    Map<SocketOption<?>, Object> copy = map.isEmpty() ? new LinkedHashMap<>() : map;
    copy.put(name, value);
    return copy;
  }

  @SuppressWarnings("unchecked")
  private static <T> void setOption(SocketChannel channel, SocketOption<T> name, Object value) throws IOException {
    channel.setOption(name, (T) value);
  }
}
