package example;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * {@code HttpURLConnection}, unchanged: the java agent makes every {@code new Socket()} of the JVM
 * connect by name, the JDK's HTTP client included.
 *
 * <pre>
 * java -javaagent:connect-by-name.jar -cp . example.HttpUrlConnectionExample http://app.example:8080/
 * </pre>
 *
 * The connect timeout ({@code setConnectTimeout}) becomes the one overall timeout for all the
 * addresses of the name; settings go after the jar, {@code -javaagent:connect-by-name.jar=attemptDelay=100}.
 */
public final class HttpUrlConnectionExample {
  private HttpUrlConnectionExample() {}

  /** GETs {@code url} with a 10 s connect timeout: the status and the body. */
  public static String get(String url) throws IOException {
    HttpURLConnection http = (HttpURLConnection) URI.create(url).toURL().openConnection();
    http.setConnectTimeout(10_000);
    try (InputStream in = http.getInputStream()) {
      return http.getResponseCode() + " " + new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  public static void main(String[] args) throws IOException {
    String url = args.length > 0 ? args[0] : "http://localhost:8080/";
    long start = System.nanoTime();
    String answer = get(url);
    System.out.println("HttpURLConnection: answered in " + (System.nanoTime() - start) / 1_000_000 + " ms; GET "
        + url + " -> " + answer);
  }
}
