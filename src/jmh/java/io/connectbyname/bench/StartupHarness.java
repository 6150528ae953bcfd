package io.connectbyname.bench;

import io.connectbyname.Services;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/**
 * What a fresh JVM pays, each figure from child JVMs started by this harness, interleaved, medians:
 *
 * <ol>
 *   <li>Services cold: the first {@code Services.system().port("postgresql")} in a fresh JVM, timed
 *       inside the child (class loading and reading the services file included). Target ≤ 5 ms.
 *   <li>Agent start-up: wall time of a hello-world JVM plain, with a do-nothing agent (this class's
 *       {@link #premain}, in a jar made here), and with {@code -javaagent:connect-by-name.jar}.
 *       Target: ours − plain ≤ 30 ms. The JVM's agent support costs about as much by itself (a
 *       do-nothing agent), so ours − do-nothing, the library's own share, is checked against it too.
 *   <li>NIO: the agent with {@code nio=on} against {@code nio=off} (the default, given as an
 *       argument too, so that both parse one) and no agent, in the hello-world JVM and in one that
 *       opens a {@code Selector} and a {@code SocketChannel} (where {@code nio=on} loads the
 *       library's provider). Target: nio=on − nio=off ≤ 5 ms.
 * </ol>
 *
 * <p>Usage: {@code StartupHarness --agent-jar JAR [--runs N]} (default 11).
 */
public final class StartupHarness {
  private static final double SERVICES_TARGET_MS = 5;
  private static final double AGENT_TARGET_MS = 30;
  private static final double NIO_TARGET_MS = 5;

  private StartupHarness() {}

  /** The do-nothing agent. */
  public static void premain(String args) {
    // nothing: measures what any -javaagent costs
  }

  public static void main(String[] args) throws Exception {
    if (args.length > 0 && args[0].equals("--hello")) {
      System.out.println("hello");
      return;
    }
    if (args.length > 0 && args[0].equals("--hello-nio")) {
      java.nio.channels.Selector.open().close();
      java.nio.channels.SocketChannel.open().close();
      System.out.println("hello " + java.nio.channels.spi.SelectorProvider.provider().getClass().getName());
      return;
    }
    if (args.length > 0 && args[0].equals("--services-child")) {
      long t0 = System.nanoTime();
      int port = Services.system().port("postgresql");
      long t1 = System.nanoTime();
      System.out.println((t1 - t0) + " " + port);
      return;
    }
    Path agentJar = null;
    int runs = 11;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--agent-jar" -> agentJar = Path.of(args[++i]);
        case "--runs" -> runs = Integer.parseInt(args[++i]);
        default -> {
          System.err.println("usage: StartupHarness --agent-jar JAR [--runs N]");
          System.exit(2);
        }
      }
    }
    if (agentJar == null || !Files.isRegularFile(agentJar)) {
      System.err.println("StartupHarness: --agent-jar names no file: " + agentJar);
      System.exit(2);
    }
    System.exit(run(agentJar.toAbsolutePath(), Math.max(1, runs)));
  }

  private static int run(Path agentJar, int runs) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    // Only what each child needs on its class path: the JMH jars would not be opened, but keep it plain.
    String cp = location(StartupHarness.class);
    String servicesCp = location(Services.class) + File.pathSeparator + cp;
    String self = StartupHarness.class.getName();
    Path noop = noopAgentJar();
    System.out.printf(Locale.ROOT, "StartupHarness: java %s, %d runs each, interleaved; agent %s%n",
        System.getProperty("java.version"), runs, agentJar.getFileName());

    List<List<String>> hello = List.of(
        List.of(java, "-cp", cp, self, "--hello"),
        List.of(java, "-javaagent:" + noop, "-cp", cp, self, "--hello"),
        List.of(java, "-javaagent:" + agentJar, "-cp", cp, self, "--hello"),
        List.of(java, "-javaagent:" + agentJar + "=nio=off", "-cp", cp, self, "--hello"),
        List.of(java, "-javaagent:" + agentJar + "=nio=on", "-cp", cp, self, "--hello"),
        List.of(java, "-cp", cp, self, "--hello-nio"),
        List.of(java, "-javaagent:" + agentJar + "=nio=off", "-cp", cp, self, "--hello-nio"),
        List.of(java, "-javaagent:" + agentJar + "=nio=on", "-cp", cp, self, "--hello-nio"));
    String[] names = {"hello world, plain JVM", "hello world, do-nothing -javaagent",
        "hello world, -javaagent:connect-by-name.jar", "hello world, ...connect-by-name.jar=nio=off",
        "hello world, ...connect-by-name.jar=nio=on", "hello NIO (Selector+SocketChannel), plain JVM",
        "hello NIO, -javaagent:connect-by-name.jar=nio=off", "hello NIO, -javaagent:connect-by-name.jar=nio=on"};
    int variants = hello.size();
    double[][] ms = new double[variants][runs];
    double[] servicesMs = new double[runs];
    int servicesPort = -1;
    for (int k = 0; k < 2; k++) { // warm the OS file cache and CDS mapping: not timed
      for (List<String> c : hello) {
        exec(c);
      }
    }
    for (int i = 0; i < runs; i++) {
      for (int j = 0; j < variants; j++) {
        int v = (i + j) % variants; // rotate the order so that no variant always runs first
        long t0 = System.nanoTime();
        String said = exec(hello.get(v));
        if (v == variants - 1 && !said.contains("ByNameSelectorProvider")) {
          throw new IOException("nio=on left the JDK's provider in place: " + said.trim());
        }
        ms[v][i] = (System.nanoTime() - t0) / 1e6;
      }
      String[] r = exec(List.of(java, "-cp", servicesCp, self, "--services-child")).trim().split(" ");
      servicesMs[i] = Long.parseLong(r[0]) / 1e6;
      servicesPort = Integer.parseInt(r[1]);
    }
    Files.deleteIfExists(noop);

    double plain = Median.of(ms[0]);
    double noopMs = Median.of(ms[1]);
    double ours = Median.of(ms[2]);
    double services = Median.of(servicesMs);
    System.out.println();
    System.out.println(String.format(Locale.ROOT, "%-50s %3s %9s %9s %9s %10s  %s",
        "case", "n", "median", "min", "max", "vs base", "target"));
    for (int v = 0; v < 3; v++) { // the hello world rows; the NIO rows follow
      double m = Median.of(ms[v]);
      String target = v == 2 ? "<= +" + (int) AGENT_TARGET_MS + " ms " + (m - plain <= AGENT_TARGET_MS ? "ok" : "MISS")
          : "";
      System.out.println(String.format(Locale.ROOT, "%-50s %3d %9.1f %9.1f %9.1f %10s  %s", names[v], runs, m,
          min(ms[v]), max(ms[v]), v == 0 ? "base" : String.format(Locale.ROOT, "%+.1f ms", m - plain), target));
    }
    double share = ours - noopMs;
    System.out.println(String.format(Locale.ROOT, "%-50s %3s %9s %9s %9s %10s  %s", "  connect-by-name's own share (beyond do-nothing)",
        "", "", "", "", String.format(Locale.ROOT, "%+.1f ms", share),
        "<= +" + (int) AGENT_TARGET_MS + " ms " + (share <= AGENT_TARGET_MS ? "ok" : "MISS")));
    System.out.println(String.format(Locale.ROOT, "%-50s %3d %9.2f %9.2f %9.2f %10s  %s",
        "services cold: first port(\"postgresql\") in a JVM", runs, services, min(servicesMs), max(servicesMs),
        "=" + servicesPort, "<= " + (int) SERVICES_TARGET_MS + " ms " + (services <= SERVICES_TARGET_MS ? "ok" : "MISS")));
    boolean nioMet = nioRows(names, ms, runs);
    boolean met = ours - plain <= AGENT_TARGET_MS && services <= SERVICES_TARGET_MS && nioMet;
    System.out.println(met ? "all targets met" : "TARGET MISSED (see rows marked MISS)");
    if (ours - plain > AGENT_TARGET_MS && noopMs - plain > AGENT_TARGET_MS) {
      System.out.println(String.format(Locale.ROOT, "  (a do-nothing agent alone costs %+.1f ms here: no agent can meet"
          + " +%d ms on this machine; see the library's own share above)", noopMs - plain, (int) AGENT_TARGET_MS));
    }
    return 0;
  }

  /**
   * The NIO rows: the hello world with the agent's arguments nio=off and nio=on (against the agent
   * with none: what parsing an argument costs), and the hello-NIO JVM plain, with nio=off and with
   * nio=on. The target holds nio=on to nio=off, the same argument parsed, only the provider differs.
   */
  private static boolean nioRows(String[] names, double[][] ms, int runs) {
    boolean met = true;
    int[][] rows = {{3, 2}, {4, 3}, {5, 5}, {6, 5}, {7, 6}}; // {variant, what it is set against}
    for (int[] row : rows) {
      int v = row[0];
      double m = Median.of(ms[v]);
      double base = Median.of(ms[row[1]]);
      boolean nio = v == 4 || v == 7;
      boolean ok = m - base <= NIO_TARGET_MS;
      met &= !nio || ok;
      String vs = v == row[1] ? "base" : String.format(Locale.ROOT, "%+.1f ms", m - base);
      String target = nio ? "vs nio=off: <= +" + (int) NIO_TARGET_MS + " ms " + (ok ? "ok" : "MISS") : "";
      System.out.println(String.format(Locale.ROOT, "%-50s %3d %9.1f %9.1f %9.1f %10s  %s", names[v], runs, m,
          min(ms[v]), max(ms[v]), vs, target));
    }
    return met;
  }

  /** A jar whose manifest names this class as Premain-Class; the class itself comes from -cp. */
  private static Path noopAgentJar() throws IOException {
    Path jar = Files.createTempFile("noop-agent", ".jar");
    Manifest m = new Manifest();
    m.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    m.getMainAttributes().put(new Attributes.Name("Premain-Class"), StartupHarness.class.getName());
    try (OutputStream out = Files.newOutputStream(jar); JarOutputStream j = new JarOutputStream(out, m)) {
      j.flush();
    }
    return jar;
  }

  private static String location(Class<?> c) throws URISyntaxException {
    return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
  }

  private static String exec(List<String> command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out;
    try (InputStream in = p.getInputStream()) {
      out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    if (p.waitFor() != 0) {
      throw new IOException("child failed (" + p.exitValue() + "): " + command + "\n" + out);
    }
    return out;
  }

  private static double min(double[] v) {
    return Arrays.stream(v).min().orElse(Double.NaN);
  }

  private static double max(double[] v) {
    return Arrays.stream(v).max().orElse(Double.NaN);
  }
}
