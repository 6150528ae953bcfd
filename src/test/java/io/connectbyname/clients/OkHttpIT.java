package io.connectbyname.clients;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import example.OkHttpExample;
import java.io.IOException;
import java.time.Duration;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * OkHttp 5 against a real HTTP server, through {@link OkHttpExample}'s two lines ({@code dns},
 * {@code socketFactory}). OkHttp 5 races addresses itself ("fast fallback", on by default), so
 * stock is fast too; with {@code fastFallback(false)} (OkHttp 4's way) it waits on the dead address.
 */
@Tag("clients") // run by failsafe in a JVM of their own, see pom.xml
@Timeout(180)
class OkHttpIT {
  @RegisterExtension
  static final DeadFirstHttpServer server = new DeadFirstHttpServer();

  @Test
  void byNameAnswersAtOnceAsStockFastFallbackDoesWhereSequentialStockWaits() throws IOException {
    get(stock(true), server.url("127.0.0.1")); // warm-up: classes loaded before anything is timed
    get(OkHttpExample.byName(stock(true)).build(), server.url("127.0.0.1"));
    String url = server.url(DeadFirstHost.NAME);
    Timed<String> stock = Timed.of(() -> get(stock(true).build(), url));
    Timed<String> sequential = Timed.of(() -> get(stock(false).build(), url));
    Timed<String> byName = Timed.of(() -> get(OkHttpExample.byName(stock(true)).build(), url));
    StockVsByName.report("okhttp", stock, byName, "stock OkHttp 5 races the addresses itself (fast fallback)");
    StockVsByName.report("okhttp-fastFallback-off", sequential, byName, "stock with fastFallback(false), OkHttp 4's way");
    StockVsByName.assertFast(byName);
    assertEquals("hello from 127.0.0.1", byName.value());
    // Honest: OkHttp 5's own fast fallback gets past the dead address as quickly.
    StockVsByName.assertFast(stock);
    StockVsByName.assertWaited(sequential);
    assertTrue(sequential.ok(), () -> "sequential OkHttp moves on to the next address: " + sequential.outcome());
  }

  private static OkHttpClient.Builder stock(boolean fastFallback) {
    return new OkHttpClient.Builder()
        .connectTimeout(Duration.ofMillis(StockVsByName.CONNECT_TIMEOUT_MS))
        .fastFallback(fastFallback);
  }

  private static String get(OkHttpClient.Builder builder, String url) throws IOException {
    return get(builder.build(), url);
  }

  /** One GET with a fresh client (no pooled connection): the connect is part of it. */
  private static String get(OkHttpClient client, String url) throws IOException {
    try (Response response = client.newCall(new Request.Builder().url(url).build()).execute()) {
      return response.body().string();
    } finally {
      client.connectionPool().evictAll();
      client.dispatcher().executorService().shutdown();
    }
  }
}
