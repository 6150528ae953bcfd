package io.connectbyname.internal.engine;

import io.connectbyname.Attempt;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.SocketChannel;
import java.util.List;
import java.util.Set;

/**
 * A non-blocking connect by name under way: the race of its addresses, advanced by its caller
 * ({@link #step}) when an attempt may have ended (its selector saw one ready) or the race's next
 * event is due ({@link #nextEvent}); nothing happens in between, and no thread waits for it.
 * Not thread-safe: its channel's connect lock guards it.
 */
public final class Pending {
  private final Dial<?> dial;
  private final Race<SocketChannel> race;
  private final PollingConnector connector;
  private final Endpoint endpoint;
  private final String description;
  private final String host;
  private final List<InetSocketAddress> addresses;
  private final long start;
  private final long deadline;
  private final Object event;
  private SocketChannel winner;
  private InetSocketAddress remote;
  private IOException failure;

  Pending(Dial<?> dial, Race<SocketChannel> race, PollingConnector connector, Endpoint endpoint, String description,
      String host, List<InetSocketAddress> addresses, long start, long deadline, Object event) {
    this.dial = dial;
    this.race = race;
    this.connector = connector;
    this.endpoint = endpoint;
    this.description = description;
    this.host = host;
    this.addresses = addresses;
    this.start = start;
    this.deadline = deadline;
    this.event = event;
  }

  /**
   * Advances the race without waiting: starts what is due, looks at what is in flight. The winner,
   * connected and non-blocking, once there is one (and ever after); null while undecided.
   *
   * @throws IOException the connect's failure, once it failed (and ever after)
   */
  public SocketChannel step() throws IOException {
    if (winner != null) {
      return winner;
    }
    if (failure != null) {
      throw failure;
    }
    Race.Result<SocketChannel> r;
    try {
      r = race.step(0);
    } catch (IOException | RuntimeException e) {
      finish(race.attempts(), e instanceof IOException io ? io : new IOException(e), false);
      throw e;
    }
    if (r == null) {
      return null;
    }
    if (host != null && dial.history() != null) {
      dial.history().record(dial.settings().resolver(), host, endpoint.port(), r.attempts());
    }
    if (r.winner() == null) {
      finish(r.attempts(), Failure.of(description, r.attempts(), r.timedOut(),
          deadline == Long.MAX_VALUE ? 0 : (deadline - start) / 1_000_000, dial.caller().namesHosts()), false);
      throw failure;
    }
    winner = r.winner();
    remote = Candidates.named(host, r.remote());
    connector.close();
    dial.report(event, description, endpoint.node(), endpoint.service(), endpoint.port(), start, r.attempts(),
        remote, null, false);
    return winner;
  }

  private void finish(List<Attempt> attempts, IOException e, boolean abortedByCaller) {
    failure = e;
    connector.close();
    dial.report(event, description, endpoint.node(), endpoint.service(), endpoint.port(), start, attempts, null, e,
        abortedByCaller);
  }

  /** When the race next has something to do if no attempt ends first, as a {@code System.nanoTime} value. */
  public long nextEvent() {
    return winner != null || failure != null ? Long.MAX_VALUE : race.nextEvent();
  }

  /** The attempts in flight, to watch for readiness ({@code OP_CONNECT}). */
  public Set<SocketChannel> inFlight() {
    return connector.inFlight();
  }

  /** Whether the race is decided, won or lost. */
  public boolean decided() {
    return winner != null || failure != null;
  }

  /** The address that won, named with the host asked for; null before. */
  public InetSocketAddress remote() {
    return remote;
  }

  /** The addresses it tries, in order. */
  public List<InetSocketAddress> addresses() {
    return addresses;
  }

  /** Closes every attempt: the channel was closed before the race was decided. */
  public void cancel(IOException reason) {
    if (!decided()) {
      race.cancel();
      finish(race.attempts(), reason, true);
    }
  }
}
