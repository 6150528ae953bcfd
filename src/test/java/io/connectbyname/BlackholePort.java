package io.connectbyname;

import java.io.Closeable;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;

/**
 * A dead ("blackholed") address and port on loopback: a listener with backlog 1 whose accept queue
 * is filled by two connections that are never accepted, so the kernel drops further SYNs and a
 * connect hangs as it would to a silent host. {@link #close()} releases the port and the fillers.
 */
final class BlackholePort implements Closeable {
  private static final int FILLERS = 2;

  private final ServerSocket listener;
  private final List<Socket> fillers = new ArrayList<>();

  /**
   * Blackholes {@code address:port}.
   *
   * @throws java.net.BindException when the port is taken on that address
   */
  BlackholePort(InetAddress address, int port) throws IOException {
    listener = new ServerSocket();
    try {
      listener.bind(new InetSocketAddress(address, port), 1);
      for (int i = 0; i < FILLERS; i++) {
        Socket filler = new Socket(Proxy.NO_PROXY);
        fillers.add(filler);
        filler.connect(listener.getLocalSocketAddress(), 2000);
      }
    } catch (IOException | RuntimeException e) {
      close();
      throw e;
    }
  }

  InetSocketAddress address() {
    return (InetSocketAddress) listener.getLocalSocketAddress();
  }

  @Override
  public void close() throws IOException {
    for (Socket s : fillers) {
      s.close();
    }
    listener.close();
  }
}
