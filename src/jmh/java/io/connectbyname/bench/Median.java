package io.connectbyname.bench;

import java.util.Arrays;

/** The median the benchmarks report: of JMH's iterations, of a harness's repetitions or rounds. */
final class Median {
  private Median() {}

  /** The median of {@code values}, at least one (the mean of the middle two for an even count). */
  static double of(double[] values) {
    double[] s = values.clone();
    Arrays.sort(s);
    int n = s.length;
    return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
  }
}
