package io.connectbyname.cli;

import io.connectbyname.internal.engine.Channels;
import io.connectbyname.internal.text.Addresses;

import java.io.Closeable;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;

/**
 * A listening address that never answers, like a host that silently drops packets: a server
 * socket with a backlog of 1 whose accept queue is filled by connections that are never accepted.
 * The kernel then drops every further SYN, so a connect to it hangs until its timeout.
 *
 * <p>How many connections fill the queue depends on the OS (Linux queues backlog + 1), so it is
 * found out: connect until one connect stays pending.
 */
public final class Blackhole implements Closeable {
  /** The most filler connections tried before giving up. */
  static final int MAX_FILLERS = 16;
  /** How long a probe connect may take on loopback before it counts as hanging. */
  static final long PROBE_MILLIS = 200;

  private final ServerSocket server;
  private final List<SocketChannel> fillers;
  private final SocketChannel hanging;

  private Blackhole(ServerSocket server, List<SocketChannel> fillers, SocketChannel hanging) {
    this.server = server;
    this.fillers = fillers;
    this.hanging = hanging;
  }

  /**
   * Binds {@code address} (port 0 = any free port) and fills its accept queue.
   *
   * @throws java.net.BindException when the address cannot be bound
   * @throws IOException when the queue cannot be filled; nothing is left open
   */
  public static Blackhole open(InetSocketAddress address) throws IOException {
    return open(address, PROBE_MILLIS);
  }

  /**
   * As {@link #open(InetSocketAddress)}, a probe connect counting as hanging after
   * {@code probeMillis}. The probe that hangs is kept open: should its SYN get in after all, it
   * takes the place in the queue that a caller's connect would otherwise get.
   */
  public static Blackhole open(InetSocketAddress address, long probeMillis) throws IOException {
    ServerSocket server = new ServerSocket(address.getPort(), 1, address.getAddress());
    List<SocketChannel> fillers = new ArrayList<>();
    try {
      InetSocketAddress target = (InetSocketAddress) server.getLocalSocketAddress();
      while (fillers.size() < MAX_FILLERS) {
        SocketChannel probe = Channels.open();
        if (!connects(probe, target, probeMillis)) {
          return new Blackhole(server, fillers, probe); // its SYN was dropped: the queue is full
        }
        fillers.add(probe);
      }
      throw new IOException("Cannot make " + Addresses.format(target) + " silent: " + MAX_FILLERS
          + " connections were queued and the next one still connected");
    } catch (IOException | RuntimeException e) {
      for (SocketChannel c : fillers) {
        c.close();
      }
      server.close();
      throw e;
    }
  }

  /** Whether a connect to {@code target} completes within {@code probeMillis}. */
  private static boolean connects(SocketChannel probe, InetSocketAddress target, long probeMillis)
      throws IOException {
    try (Selector selector = Selector.open()) {
      probe.configureBlocking(false);
      if (probe.connect(target)) {
        return true;
      }
      probe.register(selector, SelectionKey.OP_CONNECT);
      return selector.select(probeMillis) > 0 && probe.finishConnect();
    } catch (IOException | RuntimeException e) {
      probe.close();
      throw e;
    }
  }

  /** The address a connect hangs on. */
  public InetSocketAddress address() {
    return (InetSocketAddress) server.getLocalSocketAddress();
  }

  /** How many connections it took to fill the accept queue. */
  public int fillers() {
    return fillers.size();
  }

  /** Closes the server socket, the connections that fill its queue and the probe that hung. */
  @Override
  public void close() throws IOException {
    IOException first = null;
    List<SocketChannel> all = new ArrayList<>(fillers);
    all.add(hanging);
    for (SocketChannel c : all) {
      try {
        c.close();
      } catch (IOException e) {
        first = first == null ? e : first;
      }
    }
    server.close();
    if (first != null) {
      throw first;
    }
  }
}
