package io.connectbyname;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A config line as the documentation gives it, for tests that run it: checked to be in its file
 * (so the test fails when the line changes), then pointed at a test site.
 */
final class Documented {
  static final Path README = Path.of("README.md");
  static final Path JDBC_URLS = TemplatesTest.templates().resolve("jdbc-urls.md");
  static final Path EXAMPLES = Path.of("examples", "src", "example");

  private Documented() {}

  /** {@code line}, after checking that {@code file} holds it (HTML's {@code &amp;} read as {@code &}). */
  static String line(Path file, String line) {
    String text;
    try {
      text = Files.readString(file).replace("&amp;", "&");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    assertTrue(text.contains(line), file + " no longer holds the line this test runs: " + line);
    return line;
  }

  /** {@code url} with its host {@code db.example} (and port, if any) replaced by {@code host:port}. */
  static String at(String url, String host, int port) {
    String moved = url.replaceFirst("db\\.example(:\\d+)?", host + ":" + port);
    assertTrue(!moved.equals(url), "no db.example in " + url);
    return moved;
  }
}
