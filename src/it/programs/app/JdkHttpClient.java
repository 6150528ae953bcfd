package app;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * {@code JdkHttpClient WARM-UP-URL URL TIMEOUT_MS}: the JDK's {@code java.net.http.HttpClient},
 * HTTP/1.1, with that connect timeout; GETs of the warm-up URL (untimed), then one of URL, timed,
 * each with a new client (no pooled connection). Prints {@code connected in N ms; STATUS BODY} and
 * exits 0, or {@code failed after N ms: ERROR} and exits 1. (Here, not in the test sources: those
 * compile inside the library's module, which does not read java.net.http.)
 */
public final class JdkHttpClient {
  /** A TLS handshake of a new client is slow until the JIT has seen a few. */
  private static final int WARM_UPS = 3;

  public static void main(String[] args) throws Exception {
    Duration timeout = Duration.ofMillis(Integer.parseInt(args[2]));
    for (int i = 0; i < WARM_UPS; i++) {
      get(args[0], timeout);
    }
    long start = System.nanoTime();
    try {
      String answer = get(args[1], timeout);
      System.out.println("connected in " + (System.nanoTime() - start) / 1_000_000 + " ms; " + answer);
    } catch (Exception e) {
      System.out.println("failed after " + (System.nanoTime() - start) / 1_000_000 + " ms: " + e);
      System.exit(1);
    }
    System.exit(0);
  }

  static String get(String url, Duration timeout) throws Exception {
    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(timeout).build();
    HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(url)).timeout(timeout.multipliedBy(2)).build(),
        HttpResponse.BodyHandlers.ofString());
    return r.statusCode() + " " + r.body();
  }
}
