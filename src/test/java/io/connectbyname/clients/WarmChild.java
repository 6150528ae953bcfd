package io.connectbyname.clients;

import example.H2Example;
import example.HttpUrlConnectionExample;

/**
 * The program a {@link io.connectbyname.ChildJvm} runs: one of the examples, first against the live address
 * (untimed, so that classes are loaded and the JIT has started), then against the test name, timed.
 * Prints {@code connected in N ms; ANSWER} and exits 0, or {@code failed after N ms: ERROR} and
 * exits 1.
 *
 * <p>Arguments: {@code http|h2 WARM-UP-TARGET TARGET}.
 */
public final class WarmChild {
  private WarmChild() {}

  public static void main(String[] args) throws Exception {
    Client client = switch (args[0]) {
      case "http" -> HttpUrlConnectionExample::get;
      case "h2" -> url -> "SELECT 6 * 7 -> " + H2Example.answer(url);
      default -> throw new IllegalArgumentException("unknown client " + args[0]);
    };
    client.call(args[1]);
    long start = System.nanoTime();
    try {
      String answer = client.call(args[2]);
      System.out.println("connected in " + (System.nanoTime() - start) / 1_000_000 + " ms; " + answer);
    } catch (Exception e) {
      System.out.println("failed after " + (System.nanoTime() - start) / 1_000_000 + " ms: " + e);
      System.exit(1);
    }
  }

  private interface Client {
    String call(String target) throws Exception;
  }
}
