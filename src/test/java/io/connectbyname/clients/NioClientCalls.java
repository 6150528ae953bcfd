package io.connectbyname.clients;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.resource.ClientResources;
import io.netty.resolver.DefaultAddressResolverGroup;
import java.io.DataInputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.hc.client5.http.async.methods.SimpleHttpResponse;
import org.apache.hc.client5.http.async.methods.SimpleRequestBuilder;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.apache.hc.client5.http.impl.async.HttpAsyncClients;
import org.apache.hc.client5.http.impl.nio.PoolingAsyncClientConnectionManagerBuilder;
import org.apache.hc.core5.util.Timeout;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/** The NIO clients of {@link NioWarmChild} that are libraries: each call a new client, closed after. */
final class NioClientCalls {
  private static final int TIMEOUT_MS = NioWarmChild.TIMEOUT_MS;

  private NioClientCalls() {}

  /**
   * Lettuce (Netty NIO) to Redis at {@code host:port}: PING, SET, GET. Names resolved by the JDK
   * (Netty's {@code DefaultAddressResolverGroup}), which reads the test hosts file; Lettuce's default,
   * Netty's own DNS resolver, reads only /etc/hosts and DNS.
   */
  static String lettuce(String target) {
    InetSocketAddress a = NioWarmChild.address(target);
    ClientResources resources = ClientResources.builder().addressResolverGroup(DefaultAddressResolverGroup.INSTANCE)
        .build();
    RedisClient client = RedisClient.create(resources, RedisURI.builder().withHost(a.getHostString())
        .withPort(a.getPort()).withTimeout(Duration.ofMillis(TIMEOUT_MS)).build());
    client.setOptions(ClientOptions.builder()
        .socketOptions(SocketOptions.builder().connectTimeout(Duration.ofMillis(TIMEOUT_MS)).build()).build());
    try (StatefulRedisConnection<String, String> connection = client.connect()) {
      RedisCommands<String, String> redis = connection.sync();
      String pong = redis.ping();
      redis.set("connect-by-name", "lettuce");
      return pong + ", GET connect-by-name -> " + redis.get("connect-by-name");
    } finally {
      client.shutdown(0, 1, TimeUnit.SECONDS);
      resources.shutdown(0, 1, TimeUnit.SECONDS);
    }
  }

  /** Apache HttpClient 5 async (httpcore5's NIO reactor): one GET of {@code url}. */
  static String httpAsync(String url) throws Exception {
    try (CloseableHttpAsyncClient client = HttpAsyncClients.custom()
        .setConnectionManager(PoolingAsyncClientConnectionManagerBuilder.create()
            .setDefaultConnectionConfig(ConnectionConfig.custom()
                .setConnectTimeout(Timeout.ofMilliseconds(TIMEOUT_MS)).build())
            .build())
        .build()) {
      client.start();
      SimpleHttpResponse r = client.execute(SimpleRequestBuilder.get(url).build(), null)
          .get(3L * TIMEOUT_MS, TimeUnit.MILLISECONDS);
      return r.getCode() + " " + r.getBodyText();
    }
  }

  /**
   * A Kafka admin client with {@code client.dns.lookup=use_all_dns_ips} against a fake broker of
   * this JVM's on 127.0.0.1: the broker accepts and reads the client's first request (ApiVersions),
   * which is all a client that reached the broker's accept shows.
   */
  static final class Kafka {
    private final ServerSocket broker;

    Kafka(int port) throws IOException {
      broker = new ServerSocket(port, 50, DeadFirstHost.LIVE);
    }

    String connect(String target) throws Exception {
      CompletableFuture<String> seen = new CompletableFuture<>();
      Thread accept = new Thread(() -> {
        try (Socket s = broker.accept()) {
          DataInputStream in = new DataInputStream(s.getInputStream());
          in.readInt(); // the request's size
          short apiKey = in.readShort();
          short version = in.readShort();
          in.readInt(); // correlation id
          byte[] clientId = new byte[in.readShort()];
          in.readFully(clientId);
          seen.complete("broker accepted " + s.getRemoteSocketAddress() + ", request api_key=" + apiKey
              + (apiKey == 18 ? " (ApiVersions)" : "") + " v" + version + " client_id="
              + new String(clientId, StandardCharsets.UTF_8));
        } catch (IOException e) {
          seen.completeExceptionally(e);
        }
      }, "fake broker");
      accept.setDaemon(true);
      accept.start();
      Properties p = new Properties();
      p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, target);
      p.put(AdminClientConfig.CLIENT_DNS_LOOKUP_CONFIG, "use_all_dns_ips");
      p.put(AdminClientConfig.SOCKET_CONNECTION_SETUP_TIMEOUT_MS_CONFIG, TIMEOUT_MS);
      p.put(AdminClientConfig.SOCKET_CONNECTION_SETUP_TIMEOUT_MAX_MS_CONFIG, TIMEOUT_MS);
      Admin admin = Admin.create(p);
      try {
        admin.describeCluster(); // never answered: the fake broker only sees the connection
        return seen.get(3L * TIMEOUT_MS, TimeUnit.MILLISECONDS);
      } finally {
        admin.close(Duration.ZERO); // close() would wait for the unanswered call to time out
      }
    }
  }
}
