package io.connectbyname.clients;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.connectbyname.ChildJvm;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The JDK's {@code java.net.http.HttpClient}, unchanged, HTTP/1.1 in clear and over TLS, in a child
 * JVM as it is and with {@code -javaagent:connect-by-name.jar=nio=on}: its channels are then the
 * by-name provider's, raced inside its selector manager's {@code select()}.
 */
@Tag("clients") // run by failsafe in a JVM of their own, see pom.xml
@Timeout(180)
class JdkHttpClientAgentIT {
  /**
   * Over TLS the time includes a new client's handshake, a few hundred ms on two busy cores stock
   * as well (the connect itself still costs one attempt delay, 250 ms): a looser bound.
   */
  static final long TLS_MS = 2_000;

  @TempDir
  static Path dir;
  private static SelfSigned keys;
  private static HelloHttpServer http;
  private static HelloHttpServer https;
  private static DeadFirstHost httpHost;
  private static DeadFirstHost httpsHost;

  @BeforeAll
  static void start() throws Exception {
    ChildJvm.jar();
    keys = SelfSigned.in(dir);
    http = ServerStart.of("the JDK's HTTP server on 127.0.0.1", HelloHttpServer::start);
    https = ServerStart.of("the JDK's HTTPS server on 127.0.0.1", () -> HelloHttpServer.startTls(keys.serverContext()));
    httpHost = DeadFirstHost.onPort(http.port());
    httpsHost = DeadFirstHost.onPort(https.port());
  }

  @AfterAll
  static void stop() throws Exception {
    for (AutoCloseable c : new AutoCloseable[] {httpHost, httpsHost, http, https}) {
      if (c != null) {
        c.close();
      }
    }
  }

  @Test
  void http() throws Exception {
    compare("jdk-httpclient-agent", http, List.of(), StockVsByName.FAST_MS);
  }

  @Test
  void https() throws Exception {
    compare("jdk-httpclient-tls-agent", https, keys.trustOptions(), TLS_MS);
  }

  private static void compare(String name, HelloHttpServer server, List<String> options, long fastMs)
      throws Exception {
    ChildJvm.Run stock = NioChild.jdkHttpClient(NioChild.Mode.STOCK, options, server.url("127.0.0.1"),
        server.url(DeadFirstHost.NAME));
    ChildJvm.Run byName = NioChild.jdkHttpClient(NioChild.Mode.AGENT_NIO, options, server.url("127.0.0.1"),
        server.url(DeadFirstHost.NAME));
    StockVsByName.report(name, Timed.of(stock), Timed.of(byName), "stock connects to the first address only");
    StockVsByName.assertConnectedWithin(Timed.of(byName), fastMs);
    assertEquals(0, byName.exitCode(), byName.output());
    assertTrue(byName.output().contains("200 hello from 127.0.0.1"), byName.output());
    StockVsByName.assertWaited(Timed.of(stock));
    assertFalse(stock.connected(), "stock HttpClient tries the first address only: " + stock.output());
  }
}
