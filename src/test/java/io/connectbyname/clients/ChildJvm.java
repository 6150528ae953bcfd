package io.connectbyname.clients;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A program run in a child JVM, stock or with {@code -javaagent:<the built jar>}: the java agent
 * installs itself JVM-wide, so its tests need a JVM of their own. The child resolves names as the
 * test JVM does (the same hosts file, IPv6 first) and runs on the same java.
 */
final class ChildJvm {
  /** The built jar, passed by failsafe (see pom.xml). */
  static final String JAR_PROPERTY = "connect-by-name.jar";
  private static final Pattern RESULT = Pattern.compile("(connected in|failed after) (\\d+) ms");

  private ChildJvm() {}

  /** What a child printed, and the connect time it reported. */
  record Run(int exitCode, String output, long millis, boolean connected) {
    /** As a {@link Timed}: the child's own measure of its connect, without the JVM's start-up. */
    Timed<String> timed() {
      return new Timed<>(millis, connected ? output : null,
          connected ? null : new IOException("child JVM, exit status " + exitCode + ": " + output.strip()));
    }
  }

  /** The built jar, checked to exist. */
  static Path agentJar() {
    String jar = System.getProperty(JAR_PROPERTY);
    assertTrue(jar != null && Files.isRegularFile(Path.of(jar)),
        "-D" + JAR_PROPERTY + " must name the built jar (failsafe sets it, after package): " + jar);
    return Path.of(jar);
  }

  /**
   * Runs {@code mainClass} with {@code args} on a class path of the given classes' locations,
   * the agent first when {@code agent}; the program prints "connected in N ms" or "failed after N ms".
   */
  static Run run(boolean agent, List<String> jvmOptions, List<Class<?>> classPath, String mainClass, String... args)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    if (agent) {
      command.add("-javaagent:" + agentJar());
    }
    command.add("-Djdk.net.hosts.file=" + System.getProperty("jdk.net.hosts.file"));
    command.add("-Djava.net.preferIPv6Addresses=" + System.getProperty("java.net.preferIPv6Addresses"));
    command.addAll(jvmOptions);
    command.add("-cp");
    command.add(String.join(File.pathSeparator, classPath.stream().map(ChildJvm::location).distinct().toList()));
    command.add(mainClass);
    command.addAll(List.of(args));
    Path output = Files.createTempFile("connect-by-name-child", ".txt");
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor();
        throw new AssertionError("child JVM still running after 60 s: " + command + "\n" + Files.readString(output));
      }
      String text = Files.readString(output, StandardCharsets.UTF_8);
      Matcher m = RESULT.matcher(text);
      if (!m.find()) {
        throw new AssertionError("child JVM (exit status " + process.exitValue() + ") printed no connect time: "
            + command + "\n" + text);
      }
      return new Run(process.exitValue(), text, Long.parseLong(m.group(2)), m.group(1).equals("connected in"));
    } finally {
      Files.deleteIfExists(output);
    }
  }

  /** The jar or directory {@code type} was loaded from. */
  private static String location(Class<?> type) {
    try {
      return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
