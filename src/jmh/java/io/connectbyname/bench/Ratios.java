package io.connectbyname.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads a JMH CSV result ({@code -rf csv}) and prints each benchmark against its plain-JDK
 * baseline from the same run, with the targets: {@code DataPathBench.fooByName} against
 * {@code fooPlain} (throughput ≥ 0.97×, ping-pong time ≤ 1.03×), every {@code ConnectBench} method
 * against {@code jdkSocket}, and also against {@code jdkSocketTimed} when it passes a timeout and
 * {@code jdkSocketLocalhost} when it connects to "localhost".
 *
 * <p>Usage: {@code Ratios results.csv}.
 */
public final class Ratios {
  /** ConnectBench methods that pass a timeout, compared with the JDK's timed connect too. */
  private static final List<String> TIMED =
      List.of("connectLiteral", "connectLocalhost", "factoryUnconnectedLocalhost");

  private Ratios() {}

  private record Score(String benchmark, String mode, double score, double error, String unit) {
    String method() {
      return benchmark.substring(benchmark.lastIndexOf('.') + 1);
    }

    String bench() {
      String noMethod = benchmark.substring(0, benchmark.lastIndexOf('.'));
      return noMethod.substring(noMethod.lastIndexOf('.') + 1);
    }
  }

  public static void main(String[] args) throws IOException {
    Map<String, Score> scores = new TreeMap<>();
    List<String> lines = Files.readAllLines(Path.of(args[0]));
    for (String line : lines.subList(1, lines.size())) {
      List<String> f = csv(line);
      Score s = new Score(f.get(0), f.get(1), number(f.get(4)), number(f.get(5)), f.get(6));
      scores.put(s.bench() + "." + s.method(), s);
    }
    System.out.println(String.format(Locale.ROOT, "%-42s %5s %12s %10s  %-10s %-22s %9s %9s  %s",
        "benchmark", "mode", "score", "error", "unit", "baseline", "ratio", "delta", "target"));
    boolean missed = false;
    for (Score s : scores.values()) {
      List<String> baselines = baselines(s);
      if (baselines.isEmpty()) {
        System.out.println(row(s, "(baseline)", Double.NaN, Double.NaN, ""));
      }
      for (String b : baselines) {
        Score base = scores.get(s.bench() + "." + b);
        if (base == null) {
          System.out.println(row(s, b + " (not run)", Double.NaN, Double.NaN, ""));
          continue;
        }
        double ratio = s.score() / base.score();
        String target = "";
        if (s.bench().equals("DataPathBench")) {
          boolean thrpt = s.mode().equals("thrpt");
          boolean ok = thrpt ? ratio >= 0.97 : ratio <= 1.03;
          target = (thrpt ? ">= 0.97x " : "<= 1.03x ") + (ok ? "ok" : "MISS");
          missed |= !ok;
        }
        System.out.println(row(s, b, ratio, s.score() - base.score(), target));
      }
    }
    System.out.println(missed ? "data-path target MISSED (rows marked MISS)" : "data-path targets met");
  }

  private static List<String> baselines(Score s) {
    String m = s.method();
    if (s.bench().equals("DataPathBench") && m.endsWith("ByName")) {
      return List.of(m.substring(0, m.length() - "ByName".length()) + "Plain");
    }
    if (s.bench().equals("ConnectBench") && !m.startsWith("jdk")) {
      List<String> b = new ArrayList<>(List.of("jdkSocket"));
      if (TIMED.contains(m)) {
        b.add("jdkSocketTimed");
      }
      if (m.contains("Localhost")) {
        b.add("jdkSocketLocalhost");
      }
      return b;
    }
    return List.of();
  }

  private static String row(Score s, String baseline, double ratio, double delta, String target) {
    return String.format(Locale.ROOT, "%-42s %5s %12.3f %10.3f  %-10s %-22s %9s %9s  %s",
        s.bench() + "." + s.method(), s.mode(), s.score(), s.error(), s.unit(), baseline,
        Double.isNaN(ratio) ? "" : String.format(Locale.ROOT, "%.3fx", ratio),
        Double.isNaN(delta) ? "" : String.format(Locale.ROOT, "%+.3f", delta), target);
  }

  private static double number(String text) {
    try {
      return Double.parseDouble(text);
    } catch (NumberFormatException e) {
      return Double.NaN; // JMH writes NaN for the error of a single sample
    }
  }

  /** One CSV line as JMH writes it: fields quoted or not, no quote inside a field. */
  private static List<String> csv(String line) {
    List<String> fields = new ArrayList<>();
    StringBuilder f = new StringBuilder();
    boolean quoted = false;
    for (char c : line.toCharArray()) {
      if (c == '"') {
        quoted = !quoted;
      } else if (c == ',' && !quoted) {
        fields.add(f.toString());
        f.setLength(0);
      } else {
        f.append(c);
      }
    }
    fields.add(f.toString());
    return fields;
  }
}
