package io.connectbyname.internal;

import io.connectbyname.Settings;
import java.net.Socket;
import java.net.SocketException;

/** A {@link Socket} whose implementation connects by name; otherwise a plain JDK socket. */
public final class ByNameSocket extends Socket {

  /** An unconnected socket that will connect with {@code settings}. */
  public ByNameSocket(Settings settings) throws SocketException {
    super(new ByNameSocketImpl(settings));
  }
}
