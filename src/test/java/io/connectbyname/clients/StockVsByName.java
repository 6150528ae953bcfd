package io.connectbyname.clients;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.connectbyname.Settings;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The measurement every client test makes: the same connect to {@link DeadFirstHost#NAME}, with
 * the client's stock setup and with connect-by-name, both with a {@value #CONNECT_TIMEOUT_MS} ms
 * connect timeout. One parseable line per client goes to standard output and to
 * {@code target/client-timings.txt}:
 *
 * <pre>TIMING client=pgjdbc stock_ms=10012 stock=SocketTimeoutException byname_ms=263 byname=ok</pre>
 */
final class StockVsByName {
  /** The connect timeout given to every client, stock and by name. */
  static final int CONNECT_TIMEOUT_MS = 10_000;
  /** By name, the dead first address costs one attempt delay (250 ms): well under this. */
  static final long FAST_MS = 1_000;
  /** Waiting on the dead address costs the whole connect timeout: at least this. */
  static final long WAITED_MS = CONNECT_TIMEOUT_MS * 9 / 10;

  private static final Path FILE = Path.of("target", "client-timings.txt");

  private StockVsByName() {}

  /** Prints and records the line for {@code client}; {@code note} (may be empty) says what stock did. */
  static void report(String client, Timed<?> stock, Timed<?> byName, String note) {
    String line = "TIMING client=" + client + " stock_ms=" + stock.millis() + " stock=" + word(stock)
        + " byname_ms=" + byName.millis() + " byname=" + word(byName) + (note.isEmpty() ? "" : " # " + note);
    System.out.println(line);
    if (!stock.ok()) {
      System.out.println("  stock " + client + ": " + stock.outcome());
    }
    try {
      Files.createDirectories(FILE.getParent());
      Files.writeString(FILE, line + System.lineSeparator(), StandardCharsets.UTF_8,
          StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * By name: connected, and well under a second although the first address is dead; but not
   * before the attempt delay either, which shows that the dead address was tried first.
   */
  static void assertFast(Timed<?> byName) {
    assertConnectedWithin(byName, FAST_MS);
    long delay = Settings.DEFAULT_ATTEMPT_DELAY.toMillis();
    assertTrue(byName.millis() >= delay - 10, () -> "connect-by-name took only " + byName.millis()
        + " ms: less than the attempt delay, " + delay + " ms, so it did not try the dead address ::1 first");
  }

  /** Connected in less than {@code millis}. */
  static void assertConnectedWithin(Timed<?> byName, long millis) {
    assertTrue(byName.ok(), () -> "connect-by-name failed after " + byName.millis() + " ms: " + trace(byName.failure()));
    assertTrue(byName.millis() < millis, () -> "connect-by-name took " + byName.millis() + " ms, expected < " + millis);
  }

  /** Stock: spent the whole connect timeout on the dead first address. */
  static void assertWaited(Timed<?> stock) {
    assertTrue(stock.millis() >= WAITED_MS, () -> "the stock client took only " + stock.millis()
        + " ms (" + stock.outcome() + "): it did not wait on the dead address ::1 as expected");
  }

  private static String word(Timed<?> t) {
    return t.ok() ? "ok" : t.failure().getClass().getSimpleName();
  }

  private static String trace(Throwable t) {
    StringWriter w = new StringWriter();
    t.printStackTrace(new PrintWriter(w));
    return w.toString();
  }
}
