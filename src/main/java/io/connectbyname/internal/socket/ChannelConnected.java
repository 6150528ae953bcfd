package io.connectbyname.internal.socket;

import io.connectbyname.internal.engine.Channels;
import io.connectbyname.internal.engine.SocketDefaults;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketOption;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SocketChannel;
import java.util.Set;

/**
 * A connection held by the winning channel's socket adaptor: what a by-name socket uses where the
 * JDK's own implementation cannot be reached ({@code java.base} does not open {@code sun.nio.ch}
 * to this library). It is the JDK's socket in all but one thing, which no public API can change:
 * an interrupt that arrives while a platform thread is blocked in a read or a write closes the
 * socket, as it does on a virtual thread ({@code SocketException: Closed by interrupt}). An
 * interrupt status already set when a read or write begins changes nothing, as with the JDK's
 * socket, and a close from another thread is {@code SocketException: Socket closed}.
 */
final class ChannelConnected implements Connected, LegacyOptions.Target {
  private final SocketChannel channel;
  private final Socket adaptor;

  ChannelConnected(SocketChannel channel) {
    this.channel = channel;
    this.adaptor = channel.socket();
  }

  private InputStream in; // the adaptor's, asked for once: it refuses once the input is shut down

  private synchronized InputStream adaptorInput() throws IOException {
    if (in == null) {
      in = adaptor.getInputStream();
    }
    return in;
  }

  @Override
  public InputStream inputStream() throws IOException {
    InputStream in = adaptorInput();
    return new InputStream() {
      @Override
      public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xFF;
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        boolean wasInterrupted = clearInterruptOfPlatformThread();
        try {
          return in.read(b, off, len);
        } catch (ClosedChannelException e) {
          throw translated(e);
        } finally {
          restore(wasInterrupted);
        }
      }

      @Override
      public int available() throws IOException {
        return ChannelConnected.this.available();
      }

      @Override
      public void close() throws IOException {
        ChannelConnected.this.close();
      }
    };
  }

  @Override
  public OutputStream outputStream() throws IOException {
    OutputStream out = adaptor.getOutputStream();
    return new OutputStream() {
      @Override
      public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
      }

      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        boolean wasInterrupted = clearInterruptOfPlatformThread();
        try {
          out.write(b, off, len);
        } catch (ClosedChannelException e) {
          throw translated(e);
        } finally {
          restore(wasInterrupted);
        }
      }

      @Override
      public void close() throws IOException {
        ChannelConnected.this.close();
      }
    };
  }

  /**
   * A platform thread's interrupt status, cleared for the read or write to come: a channel would
   * close itself at once for an interrupted thread, where the JDK's socket goes on.
   */
  private static boolean clearInterruptOfPlatformThread() {
    Thread self = Thread.currentThread();
    return !Channels.isVirtual(self) && Thread.interrupted();
  }

  private static void restore(boolean wasInterrupted) {
    if (wasInterrupted) {
      Thread.currentThread().interrupt();
    }
  }

  /** A channel's close exceptions, as the JDK's socket says them. */
  private IOException translated(ClosedChannelException e) {
    if (e instanceof ClosedByInterruptException) {
      if (Channels.isVirtual(Thread.currentThread())) {
        InterruptedIOException x = new InterruptedIOException(); // the Socket closes itself and says so
        x.initCause(e);
        return x;
      }
      SocketException x = new SocketException("Closed by interrupt");
      x.initCause(e);
      return x;
    }
    SocketException x = new SocketException("Socket closed");
    x.initCause(e);
    return x;
  }

  @Override
  public int available() throws IOException {
    try {
      return adaptorInput().available();
    } catch (ClosedChannelException e) {
      throw translated(e);
    }
  }

  @Override
  public void shutdownInput() throws IOException {
    adaptor.shutdownInput();
  }

  @Override
  public void shutdownOutput() throws IOException {
    adaptor.shutdownOutput();
  }

  @Override
  public void sendUrgentData(int data) throws IOException {
    adaptor.sendUrgentData(data);
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }

  @Override
  public void setOption(int id, Object value) throws SocketException {
    LegacyOptions.set(this, id, value);
  }

  @Override
  public Object getOption(int id) throws SocketException {
    return LegacyOptions.get(this, id);
  }

  @Override
  public <T> void setOption(SocketOption<T> name, T value) throws IOException {
    set(name, value);
  }

  @Override
  public <T> T getOption(SocketOption<T> name) throws IOException {
    return get(name);
  }

  @Override
  public Set<SocketOption<?>> supportedOptions() {
    return SocketDefaults.supported();
  }

  // ---- LegacyOptions.Target ----

  @Override
  public <T> void set(SocketOption<T> name, T value) throws IOException {
    channel.setOption(name, value);
  }

  @Override
  public <T> T get(SocketOption<T> name) throws IOException {
    return channel.getOption(name);
  }

  @Override
  public void soTimeout(int millis) throws IOException {
    adaptor.setSoTimeout(millis);
  }

  @Override
  public int soTimeout() throws IOException {
    return adaptor.getSoTimeout();
  }

  @Override
  public InetAddress boundAddress() {
    return adaptor.getLocalAddress();
  }

  @Override
  public InetSocketAddress localAddress() throws IOException {
    return (InetSocketAddress) channel.getLocalAddress();
  }

  @Override
  public int localPort() {
    return adaptor.getLocalPort();
  }
}
