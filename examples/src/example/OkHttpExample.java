package example;

import io.connectbyname.ByNameSocketFactory;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/**
 * OkHttp: it resolves names itself ({@code Dns}) and makes sockets with a {@code SocketFactory}.
 * Give it one address per name (which carries the name) and by-name sockets, which race all of the
 * name's addresses within {@code connectTimeout}:
 *
 * <pre>{@code
 * OkHttpClient client = new OkHttpClient.Builder()
 *     .dns(hostname -> List.of(InetAddress.getByName(hostname)))
 *     .socketFactory(ByNameSocketFactory.getDefault())
 *     .connectTimeout(Duration.ofSeconds(10))
 *     .build();
 * }</pre>
 *
 * OkHttp 5 races addresses itself ("fast fallback", on by default); connect-by-name gives the same
 * result with OkHttp 4 or {@code fastFallback(false)}, and the same behaviour and settings as the
 * rest of the application.
 *
 * <p>Run: {@code java -cp connect-by-name.jar:okhttp.jar:okio.jar:kotlin-stdlib.jar:. example.OkHttpExample URL}
 */
public final class OkHttpExample {
  private OkHttpExample() {}

  /** {@code builder}, connecting by name. */
  public static OkHttpClient.Builder byName(OkHttpClient.Builder builder) {
    return builder
        .dns(hostname -> List.of(InetAddress.getByName(hostname))) // one route: the socket races them all
        .socketFactory(ByNameSocketFactory.getDefault());
  }

  public static void main(String[] args) throws IOException {
    OkHttpClient client = byName(new OkHttpClient.Builder()).connectTimeout(Duration.ofSeconds(10)).build();
    String url = args.length > 0 ? args[0] : "http://localhost:8080/";
    long start = System.nanoTime();
    try (Response response = client.newCall(new Request.Builder().url(url).build()).execute()) {
      System.out.println("OkHttp: answered in " + (System.nanoTime() - start) / 1_000_000 + " ms; GET " + url
          + " -> " + response.code() + " " + response.body().string());
    }
  }
}
