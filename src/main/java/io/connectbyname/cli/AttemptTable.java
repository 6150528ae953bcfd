package io.connectbyname.cli;

import io.connectbyname.internal.text.Addresses;

import io.connectbyname.Attempt;
import java.util.List;
import java.util.Locale;

/** The attempts of a connect as a small text table, for {@code --verbose} and the demo. */
public final class AttemptTable {
  private AttemptTable() {}

  /**
   * One header line and one line per attempt, in the order started, each ending in a newline:
   * address, start offset (ms), outcome, duration (ms).
   *
   * @param indent put in front of every line
   */
  public static String format(List<Attempt> attempts, String indent) {
    int width = "address".length();
    for (Attempt a : attempts) {
      width = Math.max(width, Addresses.format(a.address()).length());
    }
    String row = indent + "%-" + width + "s  %8s  %-9s  %11s%n";
    StringBuilder table = new StringBuilder(String.format(Locale.ROOT, row, "address", "start ms", "outcome", "duration ms"));
    for (Attempt a : attempts) {
      table.append(String.format(Locale.ROOT, row, Addresses.format(a.address()), a.start().toMillis(),
          a.outcome().word(), a.duration().toMillis()));
    }
    return table.toString();
  }
}
