package io.connectbyname.clients;

import io.connectbyname.ChildJvm;
import java.io.IOException;
import java.util.concurrent.Callable;

/**
 * How long an action took, and what it gave or threw: a stock client facing a dead first address
 * may well fail, and that is a result to report, not a reason to stop the test.
 *
 * @param millis wall-clock time of the action
 * @param value what it returned, null when it failed
 * @param failure what it threw, null when it succeeded
 */
record Timed<T>(long millis, T value, Exception failure) {

  /** Runs {@code action} and times it. */
  static <T> Timed<T> of(Callable<T> action) {
    long start = System.nanoTime();
    try {
      T value = action.call();
      return new Timed<>(elapsed(start), value, null);
    } catch (Exception e) {
      return new Timed<>(elapsed(start), null, e);
    }
  }

  /** A client program's run in a child JVM, timed by the child itself, without the JVM's start-up. */
  static Timed<String> of(ChildJvm.Run run) {
    return new Timed<>(run.millis(), run.connected() ? run.output() : null, run.connected() ? null
        : new IOException("child JVM, exit status " + run.exitCode() + ": " + run.output().strip()));
  }

  boolean ok() {
    return failure == null;
  }

  /** {@code ok}, or the failure's class and message, innermost cause first. */
  String outcome() {
    if (failure == null) {
      return "ok";
    }
    Throwable root = failure;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.getClass().getSimpleName() + ": " + root.getMessage();
  }

  private static long elapsed(long start) {
    return (System.nanoTime() - start) / 1_000_000;
  }
}
