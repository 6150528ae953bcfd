package io.connectbyname.bench;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A loopback server for the benchmarks, on daemon threads: it accepts until closed and serves each
 * connection in one of a few ways. Closing it closes every connection it holds.
 */
final class LoopbackServer implements Closeable {
  /** What the server does with each connection. */
  enum Mode {
    /** Reads and drops everything. */
    DISCARD,
    /** Writes 64 KiB chunks until the peer goes away. */
    SOURCE,
    /** Writes back every byte read, as soon as it is read. */
    ECHO
  }

  static final int CHUNK = 64 * 1024;

  private final ServerSocket server;
  private final Mode mode;
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();

  /** Listens on {@code address} (port 0 = any) with the largest backlog the kernel allows. */
  LoopbackServer(InetAddress address, int port, Mode mode) throws IOException {
    this.mode = mode;
    this.server = new ServerSocket();
    server.bind(new InetSocketAddress(address, port), 4096);
    Thread t = new Thread(this::acceptLoop, "bench-server-" + mode + "-" + server.getLocalPort());
    t.setDaemon(true);
    t.start();
  }

  int port() {
    return server.getLocalPort();
  }

  InetAddress address() {
    return server.getInetAddress();
  }

  private void acceptLoop() {
    while (!server.isClosed()) {
      Socket s;
      try {
        s = server.accept();
      } catch (IOException e) {
        return; // closed
      }
      open.add(s);
      Thread t = new Thread(() -> serve(s), "bench-conn-" + mode);
      t.setDaemon(true);
      t.start();
    }
  }

  private void serve(Socket s) {
    byte[] buf = new byte[CHUNK];
    try (s) {
      s.setTcpNoDelay(true);
      InputStream in = s.getInputStream();
      OutputStream out = s.getOutputStream();
      switch (mode) {
        case DISCARD -> {
          while (in.read(buf) >= 0) {
            // dropped
          }
        }
        case SOURCE -> {
          while (true) {
            out.write(buf);
          }
        }
        case ECHO -> {
          int n;
          while ((n = in.read(buf)) >= 0) {
            out.write(buf, 0, n);
          }
        }
        default -> throw new IllegalStateException(mode.name());
      }
    } catch (IOException ignored) {
      // the client closed: this connection is done
    } finally {
      open.remove(s);
    }
  }

  @Override
  public void close() throws IOException {
    server.close();
    for (Socket s : open) {
      s.close();
    }
  }
}
