package io.connectbyname;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Child JVMs for the integration tests: the {@code java} of the JDK that runs the tests, the built
 * jar (system property {@code connect-by-name.jar}), the programs of {@code src/it/programs}
 * compiled once per test JVM, an environment with no outside settings, output captured to files,
 * and every process ended, whatever happens. The client tests ({@code io.connectbyname.clients})
 * run their programs through {@link #runClient}.
 */
public final class ChildJvm {
  /** The longest any child may run. */
  static final Duration LIMIT = Duration.ofSeconds(30);
  /** The longest a client program of {@link #runClient} may run: it warms up, then connects. */
  static final Duration CLIENT_LIMIT = Duration.ofSeconds(60);
  /** Variables that would change what a child does or prints; children never inherit them. */
  private static final List<String> OUTSIDE = List.of("JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS", "_JAVA_OPTIONS");

  private static Path programs;

  private ChildJvm() {}

  /** What a child that ended left behind. */
  record Result(int exit, String out, String err) {
    /** The line a program of {@code src/it/programs} reports, e.g. {@code connected he.test/127.0.0.1:4000 in 260 ms}. */
    Reported reported() {
      Matcher m = REPORT.matcher(out);
      Reported last = null;
      while (m.find()) {
        last = new Reported(m.group(1), m.group(2), Long.parseLong(m.group(3)));
      }
      if (last == null) {
        fail("the child reported nothing; " + this);
      }
      return last;
    }

    @Override
    public String toString() {
      return "exit " + exit + ", stdout:\n" + out + "stderr:\n" + err;
    }
  }

  private static final Pattern REPORT = Pattern.compile("^(connected|failed|status \\d+) (.*) in (\\d+) ms$",
      Pattern.MULTILINE);

  /** A program's report: {@code outcome} is {@code connected}, {@code failed} or {@code status 200}. */
  record Reported(String outcome, String detail, long millis) {
    @Override
    public String toString() {
      return outcome + " " + detail + " in " + millis + " ms";
    }
  }

  /** The java launcher of the JDK running the tests. */
  static Path java() {
    return jdkTool("java");
  }

  /** A tool of the JDK running the tests, e.g. {@code jcmd}. */
  static Path jdkTool(String name) {
    return Path.of(System.getProperty("java.home"), "bin", name);
  }

  /** The jar that {@code package} built, checked to exist. */
  public static Path jar() {
    String path = System.getProperty("connect-by-name.jar");
    assertTrue(path != null, "the build sets the system property connect-by-name.jar; run ./mvnw verify");
    Path jar = Path.of(path).toAbsolutePath();
    assertTrue(Files.isRegularFile(jar), "no jar at " + jar + "; run ./mvnw verify");
    return jar;
  }

  /** A directory of the build for what the tests write: {@code target/it}. */
  static Path work() {
    try {
      return Files.createDirectories(jar().getParent().resolve("it"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The class-path directory of the compiled programs ({@code app.Connect}, {@code app.Http}...). */
  public static synchronized Path programs() throws IOException {
    if (programs == null) {
      Path sources = Path.of(System.getProperty("connect-by-name.programs", "src/it/programs"), "app");
      Path out = work().resolve("programs");
      deleteTree(out);
      List<Path> files;
      try (Stream<Path> s = Files.list(sources)) {
        files = s.filter(p -> p.toString().endsWith(".java")).sorted().toList();
      }
      JdkTools.javac(out, List.of(), files);
      programs = out;
    }
    return programs;
  }

  /** Runs {@code java args...}; see {@link #run(Map, List)}. */
  static Result run(String... args) throws IOException, InterruptedException {
    return run(Map.of(), List.of(args));
  }

  /**
   * Runs {@code java} with {@code args} and {@code env} added to an environment without outside
   * settings, and waits for it to end, at most {@link #LIMIT}.
   */
  static Result run(Map<String, String> env, List<String> args) throws IOException, InterruptedException {
    return run(env, args, LIMIT);
  }

  private static Result run(Map<String, String> env, List<String> args, Duration limit)
      throws IOException, InterruptedException {
    Path out = Files.createTempFile(work(), "out", ".txt");
    Path err = Files.createTempFile(work(), "err", ".txt");
    Process p = start(env, args, out, err);
    try {
      if (!p.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
        fail("the child ran longer than " + limit + ": " + args + "\n" + new Result(-1, read(out), read(err)));
      }
      return new Result(p.exitValue(), read(out), read(err));
    } finally {
      end(p);
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
    }
  }

  /** What a client program printed (stdout, then stderr), and the connect time it reported. */
  public record Run(int exitCode, String output, long millis, boolean connected) {}

  private static final Pattern CLIENT_REPORT = Pattern.compile("(connected in|failed after) (\\d+) ms");

  /**
   * Runs {@code mainClass} with {@code args} on a class path of the given classes' locations, the
   * agent first when {@code agent}, at most {@link #CLIENT_LIMIT}. The child resolves names as this
   * JVM does (the same hosts file, IPv6 first); the program prints "connected in N ms" or "failed
   * after N ms".
   */
  public static Run runClient(boolean agent, List<String> jvmOptions, List<Class<?>> classPath, String mainClass,
      String... args) throws IOException, InterruptedException {
    return runClient(agent, jvmOptions,
        String.join(File.pathSeparator, classPath.stream().map(ChildJvm::location).distinct().toList()), mainClass, args);
  }

  /** As {@link #runClient(boolean, List, List, String, String...)}, with the class path given as it is. */
  public static Run runClient(boolean agent, List<String> jvmOptions, String classPath, String mainClass,
      String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    if (agent) {
      command.add("-javaagent:" + jar());
    }
    command.add("-Djdk.net.hosts.file=" + System.getProperty("jdk.net.hosts.file"));
    command.add("-Djava.net.preferIPv6Addresses=" + System.getProperty("java.net.preferIPv6Addresses"));
    command.addAll(jvmOptions);
    command.add("-cp");
    command.add(classPath);
    command.add(mainClass);
    command.addAll(List.of(args));
    Result r = run(Map.of(), command, CLIENT_LIMIT);
    String output = r.out() + r.err();
    Matcher m = CLIENT_REPORT.matcher(output);
    if (!m.find()) {
      fail("the child printed no connect time: " + command + "\n" + r);
    }
    return new Run(r.exit(), output, Long.parseLong(m.group(2)), m.group(1).equals("connected in"));
  }

  /** The jar or directory {@code type} was loaded from. */
  private static String location(Class<?> type) {
    try {
      return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Starts {@code java args...} with stdout and stderr to files and stdin a pipe; the caller ends it with {@link #end}. */
  static Process start(Map<String, String> env, List<String> args, Path out, Path err) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(java().toString());
    command.addAll(args);
    ProcessBuilder pb = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
    Map<String, String> environment = pb.environment();
    environment.keySet().removeIf(k -> k.startsWith(Configuration.ENV_PREFIX) || OUTSIDE.contains(k));
    environment.putAll(env);
    return pb.start();
  }

  /** Ends {@code p} and anything it started, at once. */
  static void end(Process p) {
    p.descendants().forEach(ProcessHandle::destroyForcibly);
    p.destroyForcibly();
    try {
      p.waitFor(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  static String read(Path file) throws IOException {
    return Files.readString(file, StandardCharsets.UTF_8);
  }

  static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> s = Files.walk(root)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
