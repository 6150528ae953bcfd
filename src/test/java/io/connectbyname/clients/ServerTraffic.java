package io.connectbyname.clients;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.Socket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Concurrent HTTP/1.1 traffic against a server on 127.0.0.1: {@value #THREADS} threads of
 * {@value #REQUESTS} GETs each, half of them over kept-alive connections ({@code HttpURLConnection}
 * and its keep-alive cache), half each on a new connection ({@code Connection: close}, a plain
 * socket), every request with a {@value #TIMEOUT_MS} ms connect and read timeout, so that a server
 * that stops answering shows as errors, not as a hang.
 */
final class ServerTraffic {
  static final int THREADS = 8;
  static final int REQUESTS = 200;
  static final int TIMEOUT_MS = 5_000;
  /** The longest the whole traffic may take; a thread still running then is hung. */
  static final long LIMIT_MS = 40_000;

  private ServerTraffic() {}

  /** What the traffic got: answers {@code 200 hello}, errors (the first few), threads left hung. */
  record Result(int sent, int ok, List<String> errors, int hung, long millis) {
    boolean allOk() {
      return ok == sent && errors.isEmpty() && hung == 0;
    }
  }

  static Result run(int port) throws InterruptedException {
    AtomicInteger ok = new AtomicInteger();
    AtomicInteger failed = new AtomicInteger();
    ConcurrentLinkedQueue<String> errors = new ConcurrentLinkedQueue<>();
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    long start = System.nanoTime();
    for (int t = 0; t < THREADS; t++) {
      boolean keepAlive = t % 2 == 0;
      pool.execute(() -> {
        for (int i = 0; i < REQUESTS; i++) {
          try {
            String body = keepAlive ? keptAlive(port) : closing(port);
            if (body.endsWith("hello")) {
              ok.incrementAndGet();
            } else {
              throw new IOException("unexpected answer: " + body);
            }
          } catch (IOException | RuntimeException e) {
            if (failed.incrementAndGet() <= 5) {
              errors.add((keepAlive ? "keep-alive" : "close") + " request " + i + ": " + e);
            }
          }
        }
      });
    }
    pool.shutdown();
    boolean ended = pool.awaitTermination(LIMIT_MS, TimeUnit.MILLISECONDS);
    int hung = ended ? 0 : pool.shutdownNow().size() + THREADS; // the queue is empty: every thread still runs
    long millis = (System.nanoTime() - start) / 1_000_000;
    List<String> errorList = new ArrayList<>(errors);
    if (failed.get() > errorList.size()) {
      errorList.add("... " + failed.get() + " errors in all");
    }
    return new Result(THREADS * REQUESTS, ok.get(), errorList, ended ? 0 : hung, millis);
  }

  private static String keptAlive(int port) throws IOException {
    HttpURLConnection c = (HttpURLConnection) new URL("http://127.0.0.1:" + port + "/").openConnection();
    c.setConnectTimeout(TIMEOUT_MS);
    c.setReadTimeout(TIMEOUT_MS);
    try (InputStream in = c.getInputStream()) {
      return c.getResponseCode() + " " + new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static String closing(int port) throws IOException {
    try (Socket s = new Socket()) {
      s.connect(new java.net.InetSocketAddress(DeadFirstHost.LIVE, port), TIMEOUT_MS);
      s.setSoTimeout(TIMEOUT_MS);
      OutputStream out = s.getOutputStream();
      out.write(("GET / HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nConnection: close\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      String answer = new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!answer.startsWith("HTTP/1.1 ") || !answer.contains("\r\n\r\n")) {
        throw new IOException("no HTTP answer, the connection ended after " + answer.length() + " bytes");
      }
      return answer.substring(answer.indexOf(' ') + 1, answer.indexOf(' ') + 4) + " "
          + answer.substring(answer.indexOf("\r\n\r\n") + 4);
    }
  }
}
