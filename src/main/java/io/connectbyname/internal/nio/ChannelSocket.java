package io.connectbyname.internal.nio;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.SocketException;
import java.net.SocketOption;
import java.net.StandardSocketOptions;
import java.nio.channels.IllegalBlockingModeException;
import java.nio.channels.SocketChannel;
import java.util.Set;

/**
 * The socket adaptor of a {@link ByNameSocketChannel} ({@code channel.socket()}), as the JDK's
 * channels have one: {@code connect(address, timeout)} connects the channel by name within that
 * timeout; once connected, every call goes to the adaptor of the JDK channel that holds the
 * connection, so streams and timeouts are the JDK's adaptor's. Before connect, options go to the
 * channel.
 */
final class ChannelSocket extends Socket {
  private final ByNameSocketChannel channel;
  private volatile int soTimeout;

  ChannelSocket(ByNameSocketChannel channel) throws SocketException {
    super((java.net.SocketImpl) null); // as the JDK's adaptor: no implementation of its own, every call overridden
    this.channel = channel;
  }

  @Override
  public void setPerformancePreferences(int connectionTime, int latency, int bandwidth) {
    // as the JDK's socket adaptor: not implemented by channels
  }

  /** The connected JDK channel's adaptor, or null before. */
  private Socket target() {
    SocketChannel d = channel.isConnected() ? channel.delegate() : null;
    return d == null ? null : d.socket();
  }

  private Socket connected() throws SocketException {
    if (!channel.isOpen()) {
      throw new SocketException("Socket is closed");
    }
    Socket t = target();
    if (t == null) {
      throw new SocketException("Socket is not connected");
    }
    return t;
  }

  @Override
  public SocketChannel getChannel() {
    return channel;
  }

  @Override
  public void connect(SocketAddress remote) throws IOException {
    connect(remote, 0);
  }

  @Override
  public void connect(SocketAddress remote, int timeout) throws IOException {
    if (remote == null) {
      throw new IllegalArgumentException("connect: The address can't be null");
    }
    if (timeout < 0) {
      throw new IllegalArgumentException("connect: timeout can't be negative");
    }
    if (!channel.isBlocking()) {
      throw new IllegalBlockingModeException();
    }
    if (!(remote instanceof InetSocketAddress isa)) {
      throw new IllegalArgumentException("Unsupported address type");
    }
    try {
      channel.connect(isa, timeout);
    } catch (java.nio.channels.ClosedChannelException e) {
      // the JDK's adaptor: a closed channel's connect ends as if closed meanwhile, JDK 17 and 25 alike
      throw e instanceof java.nio.channels.AsynchronousCloseException ? e : new java.nio.channels.AsynchronousCloseException();
    }
    Socket t = target();
    if (t != null && soTimeout != 0) {
      t.setSoTimeout(soTimeout);
    }
  }

  @Override
  public void bind(SocketAddress local) throws IOException {
    channel.bind(local);
  }

  @Override
  public InetAddress getInetAddress() {
    Socket t = target();
    return t == null ? null : t.getInetAddress();
  }

  @Override
  public InetAddress getLocalAddress() {
    Socket t = target();
    if (t != null) {
      return t.getLocalAddress();
    }
    try {
      SocketAddress local = channel.getLocalAddress();
      return local == null ? new InetSocketAddress(0).getAddress() : ((InetSocketAddress) local).getAddress();
    } catch (IOException e) {
      return new InetSocketAddress(0).getAddress();
    }
  }

  @Override
  public int getPort() {
    Socket t = target();
    return t == null ? 0 : t.getPort();
  }

  @Override
  public int getLocalPort() {
    Socket t = target();
    if (t != null) {
      return t.getLocalPort();
    }
    try {
      SocketAddress local = channel.getLocalAddress();
      return local == null ? -1 : ((InetSocketAddress) local).getPort();
    } catch (IOException e) {
      return -1;
    }
  }

  @Override
  public SocketAddress getRemoteSocketAddress() {
    Socket t = target();
    return t == null ? null : t.getRemoteSocketAddress();
  }

  @Override
  public SocketAddress getLocalSocketAddress() {
    Socket t = target();
    if (t != null) {
      return t.getLocalSocketAddress();
    }
    try {
      return channel.getLocalAddress();
    } catch (IOException e) {
      return null;
    }
  }

  @Override
  public InputStream getInputStream() throws IOException {
    return connected().getInputStream();
  }

  @Override
  public OutputStream getOutputStream() throws IOException {
    return connected().getOutputStream();
  }

  private <T> void set(SocketOption<T> name, T value) throws SocketException {
    try {
      channel.setOption(name, value);
    } catch (IOException e) {
      throw socketException(e);
    }
  }

  private <T> T get(SocketOption<T> name) throws SocketException {
    try {
      return channel.getOption(name);
    } catch (IOException e) {
      throw socketException(e);
    }
  }

  /** What the JDK's adaptor makes of a channel's exception for a {@code Socket} method that throws SocketException. */
  private static SocketException socketException(IOException e) {
    if (e instanceof SocketException se) {
      return se;
    }
    SocketException se = new SocketException(
        e instanceof java.nio.channels.ClosedChannelException ? "Socket is closed" : e.getMessage());
    se.initCause(e);
    return se;
  }

  @Override
  public void setTcpNoDelay(boolean on) throws SocketException {
    set(StandardSocketOptions.TCP_NODELAY, on);
  }

  @Override
  public boolean getTcpNoDelay() throws SocketException {
    return get(StandardSocketOptions.TCP_NODELAY);
  }

  @Override
  public void setSoLinger(boolean on, int linger) throws SocketException {
    if (on && linger < 0) {
      throw new IllegalArgumentException("invalid value for SO_LINGER");
    }
    set(StandardSocketOptions.SO_LINGER, on ? Math.min(linger, 65535) : -1);
  }

  @Override
  public int getSoLinger() throws SocketException {
    return get(StandardSocketOptions.SO_LINGER);
  }

  @Override
  public void sendUrgentData(int data) throws IOException {
    connected().sendUrgentData(data);
  }

  @Override
  public void setOOBInline(boolean on) throws SocketException {
    Socket t = target();
    if (t != null) {
      t.setOOBInline(on);
    } else {
      set(io.connectbyname.internal.engine.SocketDefaults.oobInline(), on);
    }
  }

  @Override
  public boolean getOOBInline() throws SocketException {
    Socket t = target();
    return t != null ? t.getOOBInline() : get(io.connectbyname.internal.engine.SocketDefaults.oobInline());
  }

  @Override
  public void setSoTimeout(int timeout) throws SocketException {
    if (!channel.isOpen()) {
      throw new SocketException("Socket is closed");
    }
    if (timeout < 0) {
      throw new IllegalArgumentException("timeout < 0");
    }
    soTimeout = timeout;
    Socket t = target();
    if (t != null) {
      t.setSoTimeout(timeout);
    }
  }

  @Override
  public int getSoTimeout() throws SocketException {
    if (!channel.isOpen()) {
      throw new SocketException("Socket is closed");
    }
    Socket t = target();
    return t != null ? t.getSoTimeout() : soTimeout;
  }

  @Override
  public void setSendBufferSize(int size) throws SocketException {
    if (size <= 0) {
      throw new IllegalArgumentException("Invalid send size");
    }
    set(StandardSocketOptions.SO_SNDBUF, size);
  }

  @Override
  public int getSendBufferSize() throws SocketException {
    return get(StandardSocketOptions.SO_SNDBUF);
  }

  @Override
  public void setReceiveBufferSize(int size) throws SocketException {
    if (size <= 0) {
      throw new IllegalArgumentException("Invalid receive size");
    }
    set(StandardSocketOptions.SO_RCVBUF, size);
  }

  @Override
  public int getReceiveBufferSize() throws SocketException {
    return get(StandardSocketOptions.SO_RCVBUF);
  }

  @Override
  public void setKeepAlive(boolean on) throws SocketException {
    set(StandardSocketOptions.SO_KEEPALIVE, on);
  }

  @Override
  public boolean getKeepAlive() throws SocketException {
    return get(StandardSocketOptions.SO_KEEPALIVE);
  }

  @Override
  public void setTrafficClass(int tc) throws SocketException {
    set(StandardSocketOptions.IP_TOS, tc);
  }

  @Override
  public int getTrafficClass() throws SocketException {
    return get(StandardSocketOptions.IP_TOS);
  }

  @Override
  public void setReuseAddress(boolean on) throws SocketException {
    set(StandardSocketOptions.SO_REUSEADDR, on);
  }

  @Override
  public boolean getReuseAddress() throws SocketException {
    return get(StandardSocketOptions.SO_REUSEADDR);
  }

  @Override
  public <T> Socket setOption(SocketOption<T> name, T value) throws IOException {
    channel.setOption(name, value);
    return this;
  }

  @Override
  public <T> T getOption(SocketOption<T> name) throws IOException {
    return channel.getOption(name);
  }

  @Override
  public Set<SocketOption<?>> supportedOptions() {
    Socket t = target();
    return t != null ? t.supportedOptions() : channel.supportedOptions(); // the JDK's adaptor: its channel's
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }

  @Override
  public void shutdownInput() throws IOException {
    connected().shutdownInput();
  }

  @Override
  public void shutdownOutput() throws IOException {
    connected().shutdownOutput();
  }

  @Override
  public boolean isConnected() {
    return channel.isConnected();
  }

  @Override
  public boolean isBound() {
    Socket t = target();
    return t != null ? t.isBound() : getLocalSocketAddress() != null;
  }

  @Override
  public boolean isClosed() {
    return !channel.isOpen();
  }

  @Override
  public boolean isInputShutdown() {
    Socket t = target();
    return t != null && t.isInputShutdown();
  }

  @Override
  public boolean isOutputShutdown() {
    Socket t = target();
    return t != null && t.isOutputShutdown();
  }

  @Override
  public String toString() {
    Socket t = target();
    return t != null ? t.toString() : "Socket[unconnected]";
  }
}
