package io.connectbyname;

import java.io.Closeable;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.List;

/**
 * A connection made by name: the connected socket, the addresses that won, how long it took and
 * every attempt made on the way. Closing it closes the socket.
 *
 * @param socket the connected socket, in blocking mode; its data path is the JDK's own
 * @param local the local address and port of the winning connection
 * @param remote the remote address and port that won; its address carries the host name asked for
 * @param elapsed the time from the call to the connection, resolution included
 * @param attempts every attempt, in the order started; the last {@link Attempt.Outcome#CONNECTED} one won
 */
public record Connection(
    Socket socket, InetSocketAddress local, InetSocketAddress remote, Duration elapsed, List<Attempt> attempts)
    implements Closeable {

  /** Closes the socket. */
  @Override
  public void close() throws IOException {
    socket.close();
  }
}
