package io.connectbyname.internal.socket;

import io.connectbyname.Connection;
import io.connectbyname.internal.engine.Dialed;
import io.connectbyname.Settings;
import java.io.IOException;
import java.nio.channels.ClosedByInterruptException;
import java.net.Socket;
import java.net.SocketException;

/** A {@link Socket} whose implementation connects by name; otherwise a plain JDK socket. */
public final class ByNameSocket extends Socket {
  private final ByNameSocketImpl impl;

  /** An unconnected socket that will connect with {@code settings}. */
  public ByNameSocket(Settings settings) throws SocketException {
    this(new ByNameSocketImpl(settings));
  }

  private ByNameSocket(ByNameSocketImpl impl) throws SocketException {
    super(impl);
    this.impl = impl;
  }

  /**
   * Closes the socket, its implementation whatever state it is in: {@code Socket.close()} skips an
   * implementation it does not yet count as created, and a connect on another thread that passed
   * its own closed check would then connect it, to its timeout.
   */
  @Override
  public synchronized void close() throws IOException {
    try {
      impl.close();
    } finally {
      super.close();
    }
  }

  /**
   * Connects as {@code plan} says, within the plan's own timeout, and returns the connection with
   * this socket in it (not the winning channel's).
   *
   * @throws java.nio.channels.ClosedByInterruptException when the calling thread was interrupted
   */
  public Connection connect(PlannedAddress plan) throws IOException {
    try {
      connect(plan, 0);
    } catch (SocketException e) {
      if (e.getCause() instanceof ClosedByInterruptException interrupted) {
        throw interrupted; // the plain API's contract, as a channel's
      }
      throw e;
    }
    Dialed<Connected> c = impl.dialed();
    return new Connection(this, c.local(), c.remote(), c.elapsed(), c.attempts());
  }
}
