package io.connectbyname;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.spi.ToolProvider;
import java.util.stream.Collectors;

/** The JDK's {@code javac} and {@code jar}, run in-process as a user's build would run them. */
final class JdkTools {
  private JdkTools() {}

  /** Compiles {@code sources} for Java 17 into {@code out}, against {@code classPath}. */
  static void javac(Path out, List<Path> classPath, List<Path> sources) throws IOException {
    Files.createDirectories(out);
    List<String> args = new ArrayList<>(List.of("--release", "17", "-nowarn", "-d", out.toString()));
    if (!classPath.isEmpty()) {
      args.add("-cp");
      args.add(classPath.stream().map(Path::toString).collect(Collectors.joining(File.pathSeparator)));
    }
    sources.forEach(s -> args.add(s.toString()));
    run("javac", args);
  }

  /** Runs the {@code jar} tool, e.g. {@code --create --file app.jar --manifest MANIFEST.MF ...}. */
  static void jar(String... args) {
    run("jar", List.of(args));
  }

  /**
   * Runs the tool named {@code name} with {@code args}.
   *
   * @throws org.opentest4j.AssertionFailedError with the tool's messages when it fails
   */
  private static void run(String name, List<String> args) {
    ToolProvider tool = ToolProvider.findFirst(name).orElseThrow(() -> new AssertionError(
        "no " + name + " in " + System.getProperty("java.home") + ": the tests need a JDK"));
    ByteArrayOutputStream messages = new ByteArrayOutputStream();
    PrintStream print = new PrintStream(messages, true, StandardCharsets.UTF_8);
    int status = tool.run(print, print, args.toArray(String[]::new));
    if (status != 0) {
      fail(name + " " + String.join(" ", args) + " failed with status " + status + ":\n" + messages);
    }
  }
}
