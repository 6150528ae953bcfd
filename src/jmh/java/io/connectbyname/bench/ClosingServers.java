package io.connectbyname.bench;

import java.io.Closeable;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;

/**
 * Listeners on many ports of one loopback address, served by one daemon thread that accepts every
 * connection and closes it at once. A connect benchmark spreads its connects over the ports so
 * that client-side TIME_WAIT entries (one per closed connection, keyed by the four-tuple) never use
 * up the ephemeral port range; see {@link ConnectBench}.
 */
final class ClosingServers implements Closeable {
  private final Selector selector;
  private final ServerSocketChannel[] servers;
  private final int[] ports;
  private final Thread thread;

  ClosingServers(InetAddress address, int count) throws IOException {
    selector = Selector.open();
    servers = new ServerSocketChannel[count];
    ports = new int[count];
    for (int i = 0; i < count; i++) {
      ServerSocketChannel s = ServerSocketChannel.open();
      servers[i] = s;
      s.bind(new InetSocketAddress(address, 0), 4096); // the kernel caps it at net.core.somaxconn
      s.configureBlocking(false);
      s.register(selector, SelectionKey.OP_ACCEPT);
      ports[i] = ((InetSocketAddress) s.getLocalAddress()).getPort();
    }
    thread = new Thread(this::serve, "bench-closing-servers");
    thread.setDaemon(true);
    thread.start();
  }

  /** The listening ports, in a fixed order. */
  int[] ports() {
    return ports.clone();
  }

  private void serve() {
    try {
      while (selector.isOpen()) {
        selector.select();
        for (SelectionKey key : selector.selectedKeys()) {
          ServerSocketChannel server = (ServerSocketChannel) key.channel();
          SocketChannel c;
          while ((c = server.accept()) != null) {
            c.close();
          }
        }
        selector.selectedKeys().clear();
      }
    } catch (IOException | RuntimeException e) {
      if (selector.isOpen()) { // not closed by the benchmark: say why connects will now hang
        System.err.println("bench-closing-servers stopped: " + e);
      }
    }
  }

  @Override
  public void close() throws IOException {
    selector.close();
    for (ServerSocketChannel s : servers) {
      s.close();
    }
  }
}
