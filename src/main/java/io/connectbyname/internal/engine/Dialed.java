package io.connectbyname.internal.engine;

import io.connectbyname.Attempt;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;

/**
 * A connect by name that succeeded. The local address is asked of the connection only when wanted:
 * it costs a system call, which a socket's connect does not need.
 *
 * @param <T> what the landing makes of the winner
 */
public final class Dialed<T> {
  private final T connected;
  private final Landing<T> landing;
  private final InetSocketAddress remote;
  private final Duration elapsed;
  private final List<Attempt> attempts;

  /**
   * @param connected what the {@link Landing} made of the winner
   * @param landing the landing that made it, which knows its local address
   * @param remote the address that won, named with the host asked for (when one was)
   * @param elapsed from the start of the connect, resolution included
   * @param attempts every attempt, in the order started
   */
  public Dialed(T connected, Landing<T> landing, InetSocketAddress remote, Duration elapsed, List<Attempt> attempts) {
    this.connected = connected;
    this.landing = landing;
    this.remote = remote;
    this.elapsed = elapsed;
    this.attempts = attempts;
  }

  /** What the landing made of the winner. */
  public T connected() {
    return connected;
  }

  /** The local address and port of the connection, asked of it now. */
  public InetSocketAddress local() throws IOException {
    return landing.localAddress(connected);
  }

  /** The address that won, named with the host asked for (when one was). */
  public InetSocketAddress remote() {
    return remote;
  }

  /** From the start of the connect, resolution included. */
  public Duration elapsed() {
    return elapsed;
  }

  /** Every attempt, in the order started. */
  public List<Attempt> attempts() {
    return attempts;
  }
}
