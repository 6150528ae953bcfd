package io.connectbyname;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A seeded generator of hostile text for parser fuzz tests: pieces that parsers care about
 * (separators, digits, brackets, keywords), the characters that break one-line messages and
 * naive code (controls, line separators, lone surrogates, case-changing letters), and now and
 * then a very long run. The same seed gives the same inputs; a failure names the seed and the
 * case, so {@code -Dfuzz.seed=S} replays it and {@code -Dfuzz.cases=N} runs more.
 *
 * <p>No property-testing library: jqwik, the one that resolves here, asks since its 1.10 release
 * that AI coding agents not use it (its "Anti-AI Usage Clause"), and this suite was written by
 * one. A seeded generator is enough for "any input ends in a value or the documented exception".
 */
final class Fuzz {
  /** The seed of every fuzz test unless {@code -Dfuzz.seed} gives another. */
  static final long SEED = Long.getLong("fuzz.seed", 0x5EED_C0DEL);
  /** Cases per property in CI unless {@code -Dfuzz.cases} gives another. */
  static final int CASES = Integer.getInteger("fuzz.cases", 2_000);
  /** Whether to run every case and report each kind of failure once ({@code -Dfuzz.all=true}). */
  static final boolean ALL = Boolean.getBoolean("fuzz.all");
  /** The longest message a parser may throw: one line a person can read, whatever the input. */
  static final int MAX_MESSAGE = 1_000;

  private static final String[] PIECES = {
    // structure
    ".", ".", ":", "::", "[", "]", "%", "-", "_", "=", ";", ",", "|", "#", "/", "\\", "'", "\"", "*",
    " ", " ", "\t", "\n", "\r\n", "\r", "\f", "\u000B",
    // digits and numbers
    "0", "1", "7", "9", "00", "010", "127", "255", "256", "65535", "65536", "-1", "+1", "0x50",
    "99999999999999999999", "9223372036854775807", "2147483648", "1e3", "1_000",
    // addresses
    "127.0.0.1", "::1", "ffff", "::ffff:", "fe80::", "%lo", "%1", "%eth0", "2001:db8::1", "0.0.0.0",
    // names
    "a", "z", "Q", "host", "example", "xn--", "xn--nxasmq6b", "localhost", "he.test",
    // keys and words of the settings and services
    "timeout", "attemptDelay", "strategy", "family", "maxInFlight", "servicesFile", "services",
    "resolver", "log", "happy-eyeballs", "sequential", "ipv4", "ipv6", "any", "off", "info", "debug",
    "system", "service", "tcp", "/tcp", "/udp", "TCP", "http", "postgresql", "connectbyname.",
    "CONNECTBYNAME_", "\\u0041", "\\u00", "\\",
    // characters that break messages or naive code
    "\u0000", "\u0001", "\u001B[31m", "\u007F", "\u0085", "\u00A0", "\u2028", "\u2029", "\u200B",
    "\u200D", "\u202E", "\uFEFF", "\uFFFD", "\uFFFF", "\uD800", "\uDC00", "\uD83D\uDE00",
    // letters whose case mapping changes length or script, digits that are not ASCII
    "\u0130", "\u0131", "\u212A", "\u00DF", "\uFB00", "\u03A3", "\u00FC", "\u4F8B", "\u3002",
    "\uFF0E", "\uFF11", "\u0663", "\u0661\u0662\u0663",
  };

  private final SplittableRandom random;
  private final String property;
  private int lastCase;

  private Fuzz(String property, long seed) {
    this.property = property;
    this.random = new SplittableRandom(seed);
  }

  /** A generator for one property, seeded from {@link #SEED} and the property's name. */
  static Fuzz of(String property) {
    return new Fuzz(property, SEED ^ property.hashCode());
  }

  /** A uniformly random int in {@code [0, bound)}. */
  int nextInt(int bound) {
    return random.nextInt(bound);
  }

  /** True with probability {@code 1/n}. */
  boolean oneIn(int n) {
    return random.nextInt(n) == 0;
  }

  /** One of {@code choices}. */
  @SafeVarargs
  final <T> T oneOf(T... choices) {
    return choices[random.nextInt(choices.length)];
  }

  /** Text of up to about {@code pieces} pieces; one time in 50 a long run (10,000..1,000,000 chars). */
  String text(int pieces) {
    return text(pieces, true);
  }

  /** As {@link #text(int)}, with long runs only when {@code longRuns}. */
  String text(int pieces, boolean longRuns) {
    StringBuilder b = new StringBuilder();
    int n = random.nextInt(pieces + 1);
    for (int i = 0; i < n; i++) {
      b.append(piece());
    }
    if (longRuns && oneIn(50)) {
      String unit = random.nextBoolean() ? piece() : "a";
      int length = oneOf(10_000, 100_000, 1_000_000);
      b.append(unit.repeat(Math.max(1, length / Math.max(1, unit.length()))));
    }
    return b.toString();
  }

  /** One piece: usually from the list above, sometimes any char at all. */
  String piece() {
    if (oneIn(8)) {
      return String.valueOf((char) random.nextInt(Character.MAX_VALUE + 1));
    }
    if (oneIn(8)) {
      return String.valueOf((char) (' ' + random.nextInt(95)));
    }
    return PIECES[random.nextInt(PIECES.length)];
  }

  /** Random bytes, sometimes text made of pieces, up to about {@code max} bytes. */
  byte[] bytes(int max) {
    if (random.nextBoolean()) {
      return text(max / 4).getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }
    byte[] b = new byte[random.nextInt(max + 1)];
    random.nextBytes(b);
    return b;
  }

  /**
   * Runs {@code property} on {@link #CASES} cases (or {@code cases}); a failure names the
   * property, the seed and the case so that it can be replayed.
   */
  void check(int cases, Case property) {
    Map<String, String> failures = new LinkedHashMap<>(); // -Dfuzz.all: every kind of failure, once
    for (lastCase = 0; lastCase < cases; lastCase++) {
      AssertionError failed;
      try {
        property.run(this);
        continue;
      } catch (AssertionError e) {
        failed = e;
      } catch (Exception | Error e) {
        failed = new AssertionError("threw " + e, e);
      }
      String where = this.property + " failed at case " + lastCase + " of seed " + SEED
          + " (replay with -Dfuzz.seed=" + SEED + "): ";
      if (!ALL) {
        throw new AssertionError(where + failed.getMessage(), failed);
      }
      String kind = String.valueOf(failed.getMessage()).replaceAll("[0-9]+", "N");
      failures.putIfAbsent(kind.substring(0, Math.min(kind.length(), 60)), where + failed.getMessage());
    }
    if (!failures.isEmpty()) {
      throw new AssertionError(failures.size() + " kinds of failure:\n" + String.join("\n", failures.values()));
    }
  }

  /** One case of a property, drawing its input from the generator. */
  @FunctionalInterface
  interface Case {
    void run(Fuzz fuzz) throws Exception;
  }

  /**
   * Checks that {@code e} is one of the documented exception types and that its message is
   * present, one line, and short, whatever the input.
   */
  @SafeVarargs
  static void assertDocumented(Throwable e, String input, Class<? extends Throwable>... documented) {
    boolean ok = false;
    for (Class<? extends Throwable> type : documented) {
      ok |= type == e.getClass();
    }
    if (!ok) {
      throw new AssertionError("undocumented " + e + " for input " + shown(input), e);
    }
    assertOneLine(e.getMessage(), input);
  }

  /** Checks that {@code message} is present, one line, and at most {@link #MAX_MESSAGE} chars. */
  static void assertOneLine(String message, String input) {
    if (message == null || message.isBlank()) {
      throw new AssertionError("no message for input " + shown(input));
    }
    for (int i = 0; i < message.length(); i++) {
      char c = message.charAt(i);
      if (c == '\n' || c == '\r' || c == '\u0085' || c == '\u2028' || c == '\u2029' || c == '\u000B'
          || c == '\f') {
        throw new AssertionError("message is not one line (char " + i + " is U+"
            + String.format("%04X", (int) c) + "): " + shown(message) + " for input " + shown(input));
      }
    }
    if (message.length() > MAX_MESSAGE) {
      throw new AssertionError("message is " + message.length() + " chars for input of "
          + (input == null ? 0 : input.length()) + ": " + shown(message));
    }
  }

  /** {@code text} escaped and cut for an assertion message. */
  static String shown(String text) {
    if (text == null) {
      return "null";
    }
    StringBuilder b = new StringBuilder("\"");
    for (int i = 0; i < Math.min(text.length(), 200); i++) {
      char c = text.charAt(i);
      b.append(c >= ' ' && c < 0x7F ? String.valueOf(c) : String.format("\\u%04X", (int) c));
    }
    return b.append(text.length() > 200 ? "\"...(" + text.length() + " chars)" : "\"").toString();
  }

  /** Splits text into lines as a properties or services file would hold them. */
  static List<String> lines(Fuzz fuzz, int max) {
    List<String> lines = new ArrayList<>();
    int n = fuzz.nextInt(max + 1);
    for (int i = 0; i < n; i++) {
      lines.add(fuzz.text(8));
    }
    return lines;
  }
}
