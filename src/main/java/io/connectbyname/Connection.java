package io.connectbyname;

import java.io.Closeable;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * A connection made by name: the connected socket, the addresses that won, how long it took and
 * every attempt made on the way. Closing it closes the socket. (A final class rather than a record,
 * so that a part added later breaks no caller.)
 */
public final class Connection implements Closeable {
  private final Socket socket;
  private final InetSocketAddress local;
  private final InetSocketAddress remote;
  private final Duration elapsed;
  private final List<Attempt> attempts;

  /**
   * A connection as a connect by name made it.
   *
   * @param socket the connected socket
   * @param local the local address and port of the winning connection
   * @param remote the remote address and port that won
   * @param elapsed the time from the call to the connection, resolution included
   * @param attempts every attempt, in the order started; copied
   */
  public Connection(Socket socket, InetSocketAddress local, InetSocketAddress remote, Duration elapsed,
      List<Attempt> attempts) {
    this.socket = Objects.requireNonNull(socket, "socket");
    this.local = Objects.requireNonNull(local, "local");
    this.remote = Objects.requireNonNull(remote, "remote");
    this.elapsed = Objects.requireNonNull(elapsed, "elapsed");
    this.attempts = List.copyOf(attempts);
  }

  /**
   * The connected socket, in blocking mode; its data path is the JDK's own.
   *
   * @return the socket, a by-name {@code java.net.Socket}
   */
  public Socket socket() {
    return socket;
  }

  /**
   * The local address and port of the winning connection.
   *
   * @return the local end
   */
  public InetSocketAddress local() {
    return local;
  }

  /**
   * The remote address and port that won; its address carries the host name asked for.
   *
   * @return the remote end
   */
  public InetSocketAddress remote() {
    return remote;
  }

  /**
   * The time from the call to the connection, resolution included.
   *
   * @return the time the connect took
   */
  public Duration elapsed() {
    return elapsed;
  }

  /**
   * Every attempt, in the order started; the last {@link Attempt.Outcome#CONNECTED} one won.
   *
   * @return an unmodifiable list
   */
  public List<Attempt> attempts() {
    return attempts;
  }

  /** Closes the socket. */
  @Override
  public void close() throws IOException {
    socket.close();
  }

  @Override
  public String toString() {
    return "Connection[remote=" + remote + ", local=" + local + ", elapsed=" + elapsed.toMillis() + " ms, attempts="
        + attempts + "]";
  }
}
