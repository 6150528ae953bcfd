package io.connectbyname.internal.socket;

import io.connectbyname.internal.proxy.ProxyRoute;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.net.SocketOption;
import java.net.SocketOptions;
import java.util.Set;

/**
 * A connected stream socket's operations, as a {@link java.net.SocketImpl} has them: what a by-name
 * socket hands every call to once it is connected. {@link JdkConnected} is the JDK's own
 * implementation; {@link ChannelConnected} the winning channel's socket adaptor, where the JDK's
 * cannot be reached.
 */
public interface Connected extends ProxyRoute.Link {
  /** Bytes that can be read without blocking. */
  int available() throws IOException;

  /** Shuts the input down. */
  void shutdownInput() throws IOException;

  /** Shuts the output down. */
  void shutdownOutput() throws IOException;

  /** Sends one byte of urgent data. */
  void sendUrgentData(int data) throws IOException;

  /** Sets an option by its {@link SocketOptions} id, with the JDK's value conventions. */
  void setOption(int id, Object value) throws SocketException;

  /** Reads an option by its {@link SocketOptions} id, with the JDK's value conventions. */
  Object getOption(int id) throws SocketException;

  /** Sets a standard or extended option. */
  <T> void setOption(SocketOption<T> name, T value) throws IOException;

  /** Reads a standard or extended option. */
  <T> T getOption(SocketOption<T> name) throws IOException;

  /** The local address and port of the connection. */
  InetSocketAddress localAddress() throws IOException;

  /** The local port, known without a system call. */
  int localPort();

  /** The options it supports. */
  Set<SocketOption<?>> supportedOptions();

  @Override
  default int readTimeout() throws IOException {
    return (Integer) getOption(SocketOptions.SO_TIMEOUT);
  }

  @Override
  default void readTimeout(int millis) throws IOException {
    setOption(SocketOptions.SO_TIMEOUT, millis);
  }
}
