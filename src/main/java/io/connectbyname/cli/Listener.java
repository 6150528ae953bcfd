package io.connectbyname.cli;

import java.io.Closeable;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/**
 * A live server for the demo: accepts every connection on a daemon thread and closes it at once
 * (the client has its connection by then; nothing is exchanged).
 */
public final class Listener implements Closeable {
  private final ServerSocket server;
  private final Thread acceptor;

  private Listener(ServerSocket server) {
    this.server = server;
    this.acceptor = new Thread(this::acceptAll, "connect-by-name demo listener");
    acceptor.setDaemon(true); // never keeps the JVM alive, even if close() is forgotten
  }

  /**
   * Binds {@code address} (port 0 = any free port) and starts accepting.
   *
   * @throws java.net.BindException when the address cannot be bound
   */
  public static Listener open(InetSocketAddress address) throws IOException {
    Listener listener = new Listener(new ServerSocket(address.getPort(), 50, address.getAddress()));
    listener.acceptor.start();
    return listener;
  }

  /** The address it accepts on. */
  public InetSocketAddress address() {
    return (InetSocketAddress) server.getLocalSocketAddress();
  }

  /** Stops accepting, closes the server socket, and waits for the accepting thread to end. */
  @Override
  public void close() throws IOException {
    server.close();
    try {
      acceptor.join(1000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt(); // keep the caller's interrupt; the thread is ending anyway
    }
  }

  private void acceptAll() {
    while (!server.isClosed()) {
      try {
        server.accept().close(); // the client only wanted to connect
      } catch (IOException e) {
        // closed by close(), or a client gone before accept: either way, go round
      }
    }
  }
}
