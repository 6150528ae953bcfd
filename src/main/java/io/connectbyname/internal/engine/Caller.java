package io.connectbyname.internal.engine;

/**
 * Whose connect a connect by name stands in for, which decides what an interrupt of the connecting
 * thread does and whether its exceptions name hosts.
 */
public enum Caller {
  /**
   * The JDK's {@code Socket}: on a platform thread an interrupt changes nothing (the connect goes
   * on, the interrupt status stays set), on a virtual thread it ends the connect; exceptions name
   * hosts only where {@code jdk.includeInExceptions} holds {@code hostInfo}.
   */
  SOCKET,
  /** The JDK's {@code SocketChannel}: an interrupt ends the connect; hosts named as for a socket. */
  CHANNEL,
  /**
   * The plain API, {@code ConnectByName}: an interrupt ends the connect; exceptions name the
   * destination and every address tried, which the caller gave it and asks about.
   */
  PLAIN_API;

  /** Whether an interrupt of {@code thread} ends its connect. */
  public boolean endsConnectOnInterrupt(Thread thread) {
    return this != SOCKET || Channels.isVirtual(thread);
  }

  /** Whether its exceptions name hosts and addresses. */
  public boolean namesHosts() {
    return this == PLAIN_API || Failure.hostInfo();
  }
}
