package io.connectbyname.bench;

import java.io.Closeable;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;

/**
 * A one-thread HTTP/1.1-ish server on a selector it is given, the simplest real NIO server: a
 * non-blocking accept, then for each connection reads, counts the requests it has read in full (a
 * request ends at its blank line; no bodies) and writes one fixed keep-alive response for each.
 * Its thread's CPU time ({@link #cpuNanos}) is what the server costs per request.
 */
final class SelectorHttpServer implements Closeable {
  static final byte[] RESPONSE = ("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 3\r\n\r\nok\n")
      .getBytes(StandardCharsets.US_ASCII);

  private final Selector selector;
  private final ServerSocketChannel server;
  private final Thread thread;

  /** Serves on {@code selector}, listening on {@code address} (any port), on a new daemon thread. */
  SelectorHttpServer(Selector selector, InetAddress address, String name) throws IOException {
    this.selector = selector;
    this.server = selector.provider().openServerSocketChannel();
    server.bind(new InetSocketAddress(address, 0), 1024);
    server.configureBlocking(false);
    server.register(selector, SelectionKey.OP_ACCEPT);
    thread = new Thread(this::serve, "bench-http-" + name);
    thread.setDaemon(true);
    thread.start();
  }

  int port() throws IOException {
    return ((InetSocketAddress) server.getLocalAddress()).getPort();
  }

  /** The CPU time of the server's thread so far. */
  long cpuNanos() {
    return ManagementFactory.getThreadMXBean().getThreadCpuTime(thread.getId());
  }

  /** Per connection: how far into "\r\n\r\n" the bytes read so far are, and its buffer. */
  private static final class Conn {
    final ByteBuffer in = ByteBuffer.allocateDirect(16 * 1024);
    final ByteBuffer out = ByteBuffer.allocateDirect(64 * 1024);
    int matched;
  }

  private void serve() {
    try {
      while (selector.isOpen()) {
        selector.select();
        for (Iterator<SelectionKey> it = selector.selectedKeys().iterator(); it.hasNext(); ) {
          SelectionKey key = it.next();
          it.remove();
          if (!key.isValid()) {
            continue;
          }
          if (key.isAcceptable()) {
            SocketChannel c;
            while ((c = server.accept()) != null) {
              c.configureBlocking(false);
              c.setOption(java.net.StandardSocketOptions.TCP_NODELAY, true);
              c.register(selector, SelectionKey.OP_READ, new Conn());
            }
          } else if (key.isReadable()) {
            readable(key);
          }
        }
      }
    } catch (IOException | RuntimeException e) {
      if (selector.isOpen()) {
        System.err.println(thread.getName() + " stopped: " + e);
      }
    }
  }

  private static void readable(SelectionKey key) throws IOException {
    SocketChannel c = (SocketChannel) key.channel();
    Conn conn = (Conn) key.attachment();
    int n;
    try {
      n = c.read(conn.in);
    } catch (IOException e) {
      n = -1; // reset by the client: done with it
    }
    if (n < 0) {
      key.cancel();
      c.close();
      return;
    }
    conn.in.flip();
    int requests = 0;
    while (conn.in.hasRemaining()) {
      byte b = conn.in.get();
      int want = conn.matched % 2 == 0 ? '\r' : '\n';
      conn.matched = b == want ? conn.matched + 1 : b == '\r' ? 1 : 0;
      if (conn.matched == 4) {
        requests++;
        conn.matched = 0;
      }
    }
    conn.in.clear();
    for (int i = 0; i < requests; i++) {
      if (conn.out.remaining() < RESPONSE.length) {
        flush(c, conn.out);
      }
      conn.out.put(RESPONSE);
    }
    flush(c, conn.out);
  }

  /** Writes all of {@code out}: the responses are small and the client reads them, so this rarely loops. */
  private static void flush(SocketChannel c, ByteBuffer out) throws IOException {
    out.flip();
    while (out.hasRemaining()) {
      if (c.write(out) == 0) {
        Thread.onSpinWait();
      }
    }
    out.clear();
  }

  @Override
  public void close() throws IOException {
    selector.close();
    server.close();
  }
}
