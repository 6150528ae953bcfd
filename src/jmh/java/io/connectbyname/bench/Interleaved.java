package io.connectbyname.bench;

import java.util.Arrays;
import java.util.Locale;

/**
 * Two variants of one case, the JDK's and the library's, measured in short slices that alternate
 * (the first of each round alternates too), so that a drift of the machine (another process, the
 * CPU's clock) falls on both alike; each measure's ratio is the median of the rounds' ratios.
 */
final class Interleaved {
  /** One slice of one variant: runs for about {@code nanos}, returns its measures (a fixed number). */
  interface Slice {
    double[] run(long nanos) throws Exception;
  }

  /** What a row checks its ratio (ours / the JDK's, of the measure as printed) against. */
  enum Goal {
    /** Higher is better: the ratio must be at least the target. */
    AT_LEAST,
    /** Lower is better: the ratio must be at most the target. */
    AT_MOST,
    /** No target: the figure is reported for information. */
    NONE
  }

  private final double[][] jdk;
  private final double[][] ours;

  private Interleaved(double[][] jdk, double[][] ours) {
    this.jdk = jdk;
    this.ours = ours;
  }

  /**
   * Runs {@code warmup} unrecorded slices of each, then {@code rounds} recorded rounds of one slice
   * of each; the measures are indexed [measure][round].
   */
  static Interleaved run(int rounds, int warmup, long sliceNanos, Slice jdk, Slice ours) throws Exception {
    for (int i = 0; i < warmup; i++) {
      jdk.run(sliceNanos);
      ours.run(sliceNanos);
    }
    double[][] j = null;
    double[][] o = null;
    for (int r = 0; r < rounds; r++) {
      boolean jdkFirst = r % 2 == 0;
      double[] first = (jdkFirst ? jdk : ours).run(sliceNanos);
      double[] second = (jdkFirst ? ours : jdk).run(sliceNanos);
      double[] jr = jdkFirst ? first : second;
      double[] or = jdkFirst ? second : first;
      if (j == null) {
        j = new double[jr.length][rounds];
        o = new double[or.length][rounds];
      }
      for (int m = 0; m < jr.length; m++) {
        j[m][r] = jr[m];
        o[m][r] = or[m];
      }
    }
    return new Interleaved(j, o);
  }

  /** These rounds followed by {@code more}'s, as one set (e.g. from a second pair of JVMs). */
  Interleaved and(Interleaved more) {
    double[][] j = new double[jdk.length][];
    double[][] o = new double[ours.length][];
    for (int m = 0; m < jdk.length; m++) {
      j[m] = concat(jdk[m], more.jdk[m]);
      o[m] = concat(ours[m], more.ours[m]);
    }
    return new Interleaved(j, o);
  }

  private static double[] concat(double[] a, double[] b) {
    double[] c = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, c, a.length, b.length);
    return c;
  }

  /** The header of the rows {@link #row} prints. */
  static void header() {
    System.out.println(String.format(Locale.ROOT, "%-52s %12s %12s %8s %8s %8s  %s",
        "case", "JDK", "by name", "ratio", "p25", "p75", "target"));
  }

  /**
   * Prints measure {@code m} as one row: the medians of each variant and of the rounds' ratios
   * (ours / the JDK's), the ratios' quartiles, and the target.
   *
   * @return whether the target is met (always, with {@link Goal#NONE})
   */
  boolean row(String name, int m, Goal goal, double target) {
    double[] ratios = new double[jdk[m].length];
    for (int r = 0; r < ratios.length; r++) {
      ratios[r] = ours[m][r] / jdk[m][r];
    }
    double[] sorted = ratios.clone();
    Arrays.sort(sorted);
    double ratio = Median.of(ratios);
    boolean ok = switch (goal) {
      case AT_LEAST -> ratio >= target;
      case AT_MOST -> ratio <= target;
      case NONE -> true;
    };
    String t = switch (goal) {
      case AT_LEAST -> String.format(Locale.ROOT, ">= %.2fx %s", target, ok ? "ok" : "MISS");
      case AT_MOST -> String.format(Locale.ROOT, "<= %.2fx %s", target, ok ? "ok" : "MISS");
      case NONE -> "(none: for information)";
    };
    System.out.println(String.format(Locale.ROOT, "%-52s %12.2f %12.2f %7.3fx %7.3fx %7.3fx  %s", name,
        Median.of(jdk[m]), Median.of(ours[m]), ratio, sorted[sorted.length / 4], sorted[(3 * sorted.length) / 4], t));
    return ok;
  }
}
