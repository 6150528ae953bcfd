package io.connectbyname;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketAddress;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A loopback echo server for the proxy tests: every byte it reads it writes back. It records the
 * remote address of every connection it accepts, so a test can tell a direct connection (the
 * client's own local address) from one made by a proxy. Its threads are daemons; {@link #close()}
 * closes the listener and every connection.
 */
final class EchoServer implements Closeable {
  private final ServerSocket listener;
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private final List<SocketAddress> clients = new CopyOnWriteArrayList<>();

  /** An echo server listening on {@code address}, port {@code port} (0 = any free port). */
  EchoServer(InetAddress address, int port) throws IOException {
    listener = new ServerSocket();
    listener.bind(new InetSocketAddress(address, port), 50);
    Thread t = new Thread(this::acceptLoop, "echo " + listener.getLocalSocketAddress());
    t.setDaemon(true);
    t.start();
  }

  int port() {
    return listener.getLocalPort();
  }

  InetSocketAddress address() {
    return (InetSocketAddress) listener.getLocalSocketAddress();
  }

  /** The remote address of every connection accepted so far, in order. */
  List<SocketAddress> clients() {
    return List.copyOf(clients);
  }

  private void acceptLoop() {
    while (!listener.isClosed()) {
      Socket s;
      try {
        s = listener.accept();
      } catch (IOException e) {
        return; // closed
      }
      clients.add(s.getRemoteSocketAddress());
      open.add(s);
      Thread t = new Thread(() -> echo(s), "echo connection " + s.getRemoteSocketAddress());
      t.setDaemon(true);
      t.start();
    }
  }

  private void echo(Socket s) {
    try (s) {
      InputStream in = s.getInputStream();
      OutputStream out = s.getOutputStream();
      byte[] buffer = new byte[8192];
      for (int n; (n = in.read(buffer)) >= 0; ) {
        out.write(buffer, 0, n);
        out.flush();
      }
    } catch (IOException ignored) {
      // the peer or close() ended it
    } finally {
      open.remove(s);
    }
  }

  @Override
  public void close() throws IOException {
    listener.close();
    for (Socket s : open) {
      s.close();
    }
  }
}
