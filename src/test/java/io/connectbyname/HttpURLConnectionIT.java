package io.connectbyname;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code HttpURLConnection}, unchanged, to a name whose first address is dead: with the agent it
 * gets its answer from the second address at once; without it, it waits out its connect timeout.
 */
class HttpURLConnectionIT {
  @TempDir Path dir;

  /**
   * An HTTP server at {@code address} that answers every request with 200 and {@code hello}, one
   * connection at a time. (Not the JDK's HttpServer: the tests are compiled into the library's
   * module, which does not read jdk.httpserver.)
   */
  private static Closeable hello(InetSocketAddress address) throws IOException {
    ServerSocket server = new ServerSocket();
    server.bind(address, 50);
    Thread t = new Thread(() -> {
      while (!server.isClosed()) {
        try (Socket s = server.accept()) {
          s.setSoTimeout(10_000);
          BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII));
          for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
            // the request line and headers: every request gets the same answer
          }
          s.getOutputStream().write(("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 5\r\n"
              + "Connection: close\r\n\r\nhello").getBytes(StandardCharsets.US_ASCII));
        } catch (IOException e) {
          // closed, or a client that went away: serve the next one
        }
      }
    }, "http " + address);
    t.setDaemon(true);
    t.start();
    return server;
  }

  @Test
  @Timeout(60)
  void getWithTheAgentIsWellUnderASecondWhereThePlainJvmTakesTheWholeConnectTimeout() throws Exception {
    try (DeadFirstName site = DeadFirstName.open(dir, HttpURLConnectionIT::hello)) {
      String url = "http://" + DeadFirstName.NAME + ":" + site.port() + "/";
      ChildJvm.Reported byName = get(site, url, List.of("-javaagent:" + ChildJvm.jar()));
      ChildJvm.Reported plain = get(site, url, List.of());
      System.out.printf("HttpURLConnection GET %s (::1 dead, 127.0.0.1 live), connect timeout 5000 ms:"
          + " agent %d ms, plain %d ms%n", url, byName.millis(), plain.millis());

      assertEquals("status 200", byName.outcome(), byName.toString());
      assertEquals("hello", byName.detail(), byName.toString());
      assertTrue(byName.millis() < 1000, "by name: " + byName);

      assertEquals("failed", plain.outcome(), plain.toString());
      assertTrue(plain.detail().startsWith("java.net.SocketTimeoutException"), plain.toString());
      assertTrue(plain.millis() >= 4900 && plain.millis() < 9000, "the plain JVM waits the whole 5 s: " + plain);
    }
  }

  private static ChildJvm.Reported get(DeadFirstName site, String url, List<String> options) throws Exception {
    List<String> args = new ArrayList<>(options);
    args.addAll(site.jvmOptions());
    args.addAll(List.of("-cp", ChildJvm.programs().toString(), "app.Http", url, "5000"));
    return ChildJvm.run(args.toArray(String[]::new)).reported();
  }
}
