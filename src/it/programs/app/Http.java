package app;

import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;

/**
 * {@code Http URL TIMEOUT_MS}: one GET with {@code HttpURLConnection} and that connect timeout;
 * prints {@code status <code> <body> in <ms> ms} or {@code failed <exception> in <ms> ms}.
 */
public final class Http {
  public static void main(String[] args) throws Exception {
    long start = System.nanoTime();
    HttpURLConnection c = (HttpURLConnection) new URL(args[0]).openConnection();
    c.setConnectTimeout(Integer.parseInt(args[1]));
    c.setReadTimeout(10_000);
    try (InputStream in = c.getInputStream()) {
      String body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      System.out.println("status " + c.getResponseCode() + " " + body + " in " + millisSince(start) + " ms");
    } catch (Exception e) {
      System.out.println("failed " + e + " in " + millisSince(start) + " ms");
    } finally {
      c.disconnect();
    }
  }

  static long millisSince(long start) {
    return (System.nanoTime() - start) / 1_000_000;
  }
}
