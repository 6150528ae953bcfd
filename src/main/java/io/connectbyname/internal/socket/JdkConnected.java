package io.connectbyname.internal.socket;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.net.SocketImpl;
import java.net.SocketOption;
import java.net.SocketOptions;
import java.util.Set;

/**
 * A connection held by the JDK's own socket implementation: every call is the JDK's code, and so is
 * the data path (a {@code Socket} asks for its streams once and reads the JDK's streams directly).
 */
final class JdkConnected implements Connected {
  private final SocketImpl impl;

  JdkConnected(SocketImpl impl) {
    this.impl = impl;
  }

  @Override
  public InputStream inputStream() throws IOException {
    return JdkSockets.inputStream(impl);
  }

  @Override
  public OutputStream outputStream() throws IOException {
    return JdkSockets.outputStream(impl);
  }

  @Override
  public int available() throws IOException {
    return JdkSockets.available(impl);
  }

  @Override
  public void shutdownInput() throws IOException {
    JdkSockets.shutdownInput(impl);
  }

  @Override
  public void shutdownOutput() throws IOException {
    JdkSockets.shutdownOutput(impl);
  }

  @Override
  public void sendUrgentData(int data) throws IOException {
    JdkSockets.sendUrgentData(impl, data);
  }

  @Override
  public void close() throws IOException {
    JdkSockets.close(impl);
  }

  @Override
  public void setOption(int id, Object value) throws SocketException {
    impl.setOption(id, value);
  }

  @Override
  public Object getOption(int id) throws SocketException {
    return impl.getOption(id);
  }

  @Override
  public <T> void setOption(SocketOption<T> name, T value) throws IOException {
    JdkSockets.setOption(impl, name, value);
  }

  @Override
  @SuppressWarnings("unchecked")
  public <T> T getOption(SocketOption<T> name) throws IOException {
    return (T) JdkSockets.getOption(impl, name);
  }

  @Override
  public InetSocketAddress localAddress() throws IOException {
    return new InetSocketAddress((InetAddress) impl.getOption(SocketOptions.SO_BINDADDR), JdkSockets.localPort(impl));
  }

  @Override
  public int localPort() {
    return JdkSockets.localPort(impl);
  }

  @Override
  public Set<SocketOption<?>> supportedOptions() {
    return JdkSockets.supportedOptions(impl);
  }
}
