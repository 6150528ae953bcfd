package app;

import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.Field;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;

/**
 * A server and a client in one JVM: a {@code ServerSocket} on 127.0.0.1 accepts a plain
 * {@code new Socket()}, each side writes a byte that the other reads. Prints the
 * {@code SocketImpl} class of the client, the server and the accepted socket (needs
 * {@code --add-opens java.base/java.net=ALL-UNNAMED}), then {@code exchanged} when the bytes
 * went both ways.
 */
public final class Serve {
  public static void main(String[] args) throws Exception {
    try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Socket client = new Socket()) {
      client.connect(new InetSocketAddress("localhost", server.getLocalPort()), 5000);
      try (Socket accepted = server.accept()) {
        System.out.println("client " + impl(client, Socket.class));
        System.out.println("server " + impl(server, ServerSocket.class));
        System.out.println("accepted " + accepted.getClass().getName() + " " + impl(accepted, Socket.class));
        accepted.setSoTimeout(5000);
        client.setSoTimeout(5000);
        OutputStream toServer = client.getOutputStream();
        InputStream fromClient = accepted.getInputStream();
        toServer.write(42);
        toServer.flush();
        int a = fromClient.read();
        accepted.getOutputStream().write(43);
        accepted.getOutputStream().flush();
        int b = client.getInputStream().read();
        System.out.println(a == 42 && b == 43 ? "exchanged" : "lost " + a + " " + b);
      }
    }
  }

  private static String impl(Object socket, Class<?> type) throws ReflectiveOperationException {
    Field f = type.getDeclaredField("impl");
    f.setAccessible(true);
    Object impl = f.get(socket);
    return impl == null ? "null" : impl.getClass().getName();
  }
}
