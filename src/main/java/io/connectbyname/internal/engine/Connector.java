package io.connectbyname.internal.engine;

import java.io.Closeable;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;

/**
 * The per-address connector a {@link Race} drives: it starts attempts without blocking and reports
 * when they end. The real one is {@link ChannelConnector}; tests use a fake with a fake clock.
 *
 * @param <T> the handle of one attempt (a {@code SocketChannel} for the real connector)
 */
public interface Connector<T> extends Closeable {

  /**
   * Starts connecting to {@code address} without waiting; an attempt that ends at once is reported
   * by the next {@link #await}.
   *
   * @throws IOException when the attempt fails before it starts; nothing is left open
   */
  T start(InetSocketAddress address) throws IOException;

  /**
   * Waits up to {@code nanos} (at least until one attempt ends, or {@link #wakeup()}) and returns
   * the attempts that ended, connected or not, in the order they ended.
   *
   * @param nanos the longest wait; {@code Long.MAX_VALUE} = no limit
   * @throws java.nio.channels.ClosedByInterruptException when the calling thread is interrupted
   */
  List<Ended<T>> await(long nanos) throws IOException;

  /** Makes a pending or the next {@link #await} return at once; callable from any thread. */
  void wakeup();

  /** Closes an attempt that lost, failed or was abandoned; never throws. */
  void cancel(T attempt);

  /** Prepares the winner for use by its caller (blocking mode, no selector). */
  void keep(T winner) throws IOException;

  /** Releases the connector's own resources; attempts still open must have been cancelled. */
  @Override
  void close();

  /**
   * An attempt that ended.
   *
   * @param attempt its handle
   * @param error why it failed, or {@code null} when it connected
   */
  record Ended<T>(T attempt, IOException error) {}
}
