package io.connectbyname.clients;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import example.ApacheHttpClientExample;
import java.io.IOException;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.util.Timeout;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Apache HttpClient 5 against a real HTTP server, through {@link ApacheHttpClientExample}'s
 * connection manager ({@code DetachedSocketFactory} of {@code DefaultHttpClientConnectionOperator}).
 */
@Tag("clients") // run by failsafe in a JVM of their own, see pom.xml
@org.junit.jupiter.api.Timeout(180)
class ApacheHttpClientIT {
  static final ConnectionConfig CONNECT = ConnectionConfig.custom()
      .setConnectTimeout(Timeout.ofMilliseconds(StockVsByName.CONNECT_TIMEOUT_MS)).build();

  @RegisterExtension
  static final DeadFirstHttpServer server = new DeadFirstHttpServer();

  @Test
  void byNameAnswersAtOnceWhereStockWaitsOnTheDeadFirstAddress() throws IOException {
    get(PoolingHttpClientConnectionManagerBuilder.create(), server.url("127.0.0.1")); // warm-up
    get(ApacheHttpClientExample.byName(), server.url("127.0.0.1"));
    String url = server.url(DeadFirstHost.NAME);
    Timed<String> stock = Timed.of(() -> get(PoolingHttpClientConnectionManagerBuilder.create(), url));
    Timed<String> byName = Timed.of(() -> get(ApacheHttpClientExample.byName(), url));
    StockVsByName.report("httpclient5", stock, byName, "stock tries the addresses one by one, each with the whole timeout");
    StockVsByName.assertFast(byName);
    assertEquals("hello from 127.0.0.1", byName.value());
    StockVsByName.assertWaited(stock);
    assertTrue(stock.ok(), () -> "stock HttpClient moves on to the next address: " + stock.outcome());
  }

  /** One GET with a fresh client and connection manager: the connect is part of it. */
  private static String get(PoolingHttpClientConnectionManagerBuilder manager, String url) throws IOException {
    try (CloseableHttpClient client = HttpClients.custom()
        .setConnectionManager(manager.setDefaultConnectionConfig(CONNECT).build()).build()) {
      return client.execute(new HttpGet(url), response -> EntityUtils.toString(response.getEntity()));
    }
  }
}
