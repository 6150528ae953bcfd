package io.connectbyname.bench;

import com.sun.net.httpserver.HttpServer;
import io.connectbyname.ByNameSelectorProvider;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.spi.SelectorProvider;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The child JVMs of {@link NioHarness} for what picks the JVM-wide selector provider
 * ({@code SelectorProvider.provider()}): {@code com.sun.net.httpserver} (its {@code ServerImpl}
 * calls {@code Selector.open()}) and the JDK's {@code HttpClient} ({@code HttpClientImpl} calls
 * {@code Selector.open()}, {@code PlainHttpConnection} {@code SocketChannel.open()}). A child
 * says {@code ready PORT PROVIDER-CLASS} and then answers one line per line it is sent:
 *
 * <ul>
 *   <li>{@code httpserver}: serves {@code GET} anywhere with "ok"; {@code cpu} answers the CPU time
 *       of its live threads so far, in nanoseconds.
 *   <li>{@code httpclient URL}: {@code run NANOS} sends one {@code GET URL} after another for that
 *       long and answers {@code COUNT CPU-NANOS}, the CPU time of its live threads meanwhile.
 * </ul>
 *
 * The CPU time is summed over the JVM's live Java threads (the JIT's and GC's are not among them):
 * to the nanosecond, where the process CPU time the OS keeps counts 10 ms ticks.
 */
final class NioChild implements Closeable {
  private static final byte[] OK = "ok\n".getBytes(StandardCharsets.US_ASCII);

  private final Process process;
  private final BufferedReader in;
  private final BufferedWriter out;
  private final int port;
  private final String provider;

  private NioChild(Process process) throws IOException {
    this.process = process;
    this.in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    this.out = new BufferedWriter(new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8));
    String[] ready = readLine().split(" ");
    if (ready.length != 3 || !ready[0].equals("ready")) {
      throw new IOException("child said " + String.join(" ", ready));
    }
    this.port = Integer.parseInt(ready[1]);
    this.provider = ready[2];
  }

  /**
   * Starts a child JVM with this JVM's class path; {@code byName}: with this library's provider
   * JVM-wide, else the JDK's. Both get the same other flags.
   */
  static NioChild start(boolean byName, String... args) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx256m");
    // Without it the server writes a response's headers and body apart and Nagle's algorithm holds
    // the body for the client's delayed ACK: 40 ms a request, whatever the provider.
    command.add("-Dsun.net.httpserver.nodelay=true");
    command.add("--add-exports");
    command.add("java.base/sun.nio.ch=ALL-UNNAMED");
    if (byName) {
      command.add("-Djava.nio.channels.spi.SelectorProvider=" + ByNameSelectorProvider.class.getName());
    }
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(NioChild.class.getName());
    command.addAll(List.of(args));
    return new NioChild(new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start());
  }

  int port() {
    return port;
  }

  /** The class of the child's {@code SelectorProvider.provider()}. */
  String provider() {
    return provider;
  }

  /** Sends one line and returns the child's answer. */
  String ask(String line) throws IOException {
    out.write(line);
    out.newLine();
    out.flush();
    return readLine();
  }

  private String readLine() throws IOException {
    String line = in.readLine();
    if (line == null) {
      throw new IOException("child JVM ended (status " + waitQuietly() + "); see its output above");
    }
    return line;
  }

  private int waitQuietly() {
    try {
      return process.waitFor();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  @Override
  public void close() throws IOException {
    out.close(); // the child ends at the end of its input
    if (process.isAlive()) {
      try {
        if (!process.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) {
          process.destroy();
        }
      } catch (InterruptedException e) {
        process.destroy();
        Thread.currentThread().interrupt();
      }
    }
  }

  // ---- the child ----

  public static void main(String[] args) throws Exception {
    BufferedReader commands = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    String provider = SelectorProvider.provider().getClass().getName();
    switch (args[0]) {
      case "httpserver" -> httpServer(commands, provider);
      case "httpclient" -> httpClient(commands, provider, URI.create(args[1]));
      default -> throw new IllegalArgumentException("usage: NioChild httpserver | httpclient URL");
    }
  }

  private static void httpServer(BufferedReader commands, String provider) throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 1024);
    server.createContext("/", exchange -> {
      exchange.getRequestBody().readAllBytes();
      exchange.sendResponseHeaders(200, OK.length);
      try (OutputStream body = exchange.getResponseBody()) {
        body.write(OK);
      }
    });
    server.start();
    System.out.println("ready " + server.getAddress().getPort() + " " + provider);
    for (String line; (line = commands.readLine()) != null; ) {
      System.out.println(cpuNanos());
    }
    server.stop(0);
  }

  private static void httpClient(BufferedReader commands, String provider, URI uri) throws Exception {
    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    HttpRequest request = HttpRequest.newBuilder(uri).GET().build();
    System.out.println("ready 0 " + provider);
    for (String line; (line = commands.readLine()) != null; ) {
      long nanos = Long.parseLong(line.substring("run ".length()));
      long cpu = cpuNanos();
      long end = System.nanoTime() + nanos;
      long n = 0;
      do {
        HttpResponse<byte[]> r = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
        if (r.statusCode() != 200) {
          throw new IOException("bench server answered " + r.statusCode());
        }
        n++;
      } while (System.nanoTime() - end < 0);
      System.out.println(n + " " + (cpuNanos() - cpu));
    }
  }

  private static long cpuNanos() {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    long sum = 0;
    for (long id : threads.getAllThreadIds()) {
      long t = threads.getThreadCpuTime(id);
      if (t > 0) {
        sum += t;
      }
    }
    return sum;
  }
}
