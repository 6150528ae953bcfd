package example;

import io.connectbyname.ByNameSocketFactory;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.JedisSocketFactory;
import redis.clients.jedis.exceptions.JedisConnectionException;

/**
 * Jedis: it takes a {@link JedisSocketFactory} that returns a <em>connected</em> socket.
 *
 * <pre>{@code
 * JedisClientConfig config = DefaultJedisClientConfig.builder().connectionTimeoutMillis(10_000).build();
 * Jedis jedis = new Jedis(JedisExample.byName(new HostAndPort("cache.example", 6379), config), config);
 * }</pre>
 *
 * The socket carries the options Jedis' own factory sets; the connection timeout is the one overall
 * timeout for all the addresses of the name (stock Jedis shuffles the addresses and gives each the
 * whole timeout in turn).
 *
 * <p>Run: {@code java -cp connect-by-name.jar:jedis.jar:... example.JedisExample cache.example 6379}
 */
public final class JedisExample {
  private JedisExample() {}

  /** Sockets connected by name to {@code server}, with {@code config}'s timeouts. */
  public static JedisSocketFactory byName(HostAndPort server, JedisClientConfig config) {
    return () -> {
      Socket socket = null;
      try {
        socket = ByNameSocketFactory.getDefault().createSocket();
        socket.setReuseAddress(true);
        socket.setKeepAlive(true);
        socket.setTcpNoDelay(true);
        socket.setSoLinger(true, 0);
        socket.connect(InetSocketAddress.createUnresolved(server.getHost(), server.getPort()),
            config.getConnectionTimeoutMillis());
        socket.setSoTimeout(config.getSocketTimeoutMillis());
        return socket;
      } catch (IOException e) {
        closeQuietly(socket);
        throw new JedisConnectionException("Failed to connect to " + server, e);
      }
    };
  }

  public static void main(String[] args) {
    HostAndPort server = new HostAndPort(args.length > 0 ? args[0] : "localhost",
        args.length > 1 ? Integer.parseInt(args[1]) : 6379);
    JedisClientConfig config = DefaultJedisClientConfig.builder().connectionTimeoutMillis(10_000)
        .autoNegotiateProtocol(false).build(); // Jedis speaks RESP2: no negotiation, no warning
    long start = System.nanoTime();
    try (Jedis jedis = new Jedis(byName(server, config), config)) {
      String pong = jedis.ping();
      System.out.println("Jedis: connected in " + (System.nanoTime() - start) / 1_000_000 + " ms; PING -> " + pong);
    }
  }

  private static void closeQuietly(Socket socket) {
    if (socket != null) {
      try {
        socket.close();
      } catch (IOException ignored) {
        // already failing: the connect error is the one to report
      }
    }
  }
}
