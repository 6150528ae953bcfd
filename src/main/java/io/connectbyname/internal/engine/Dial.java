package io.connectbyname.internal.engine;

import io.connectbyname.internal.observe.ConnectLog;
import io.connectbyname.internal.observe.Events;

import io.connectbyname.Attempt;
import io.connectbyname.Attempt.Outcome;
import io.connectbyname.Connection;
import io.connectbyname.Settings;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * One connect by name, from a parsed destination to a connected channel: resolve, order, then race
 * the addresses (or, for a single address, connect exactly as the JDK does, without a selector).
 * {@link #abort} ends it from another thread.
 */
public final class Dial {
  private static final Duration NO_DEADLINE_BEYOND = Duration.ofNanos(Long.MAX_VALUE / 2);

  private final Settings settings;
  private final LongSupplier nanoClock;
  private final ChannelSetup setup;
  private final History history; // null when the settings turn it off
  private volatile IOException abortReason;
  private volatile Race<SocketChannel> race;
  private volatile SocketChannel single;
  private List<Attempt> tried = List.of(); // the attempts of a failed connect, for its report

  /**
   * @param settings attempt delay, strategy, family, resolver
   * @param nanoClock {@code System::nanoTime}, or a fake
   * @param setup applied to every attempt's channel before it connects
   */
  public Dial(Settings settings, LongSupplier nanoClock, ChannelSetup setup) {
    this.settings = settings;
    this.nanoClock = nanoClock;
    this.setup = setup;
    this.history = History.shared(settings.historySize(), settings.historyTtl().toNanos());
  }

  /**
   * Connects to every address of {@code endpoint} until one connects or {@code timeout} passes.
   *
   * @param timeout the overall timeout, {@code null} = none
   */
  public Connection connect(Endpoint endpoint, Duration timeout) throws IOException {
    long start = nanoClock.getAsLong();
    String description = endpoint.describe();
    return observed(description, endpoint.node(), service(endpoint), start, () -> {
      List<InetAddress> resolved = endpoint.literal() != null ? List.of(endpoint.literal())
          : Candidates.resolve(settings.resolver(), endpoint.host(), description);
      return resolved(endpoint, description, resolved, start, timeout);
    });
  }

  /**
   * As {@link #connect(Endpoint, Duration)} with the name already resolved to {@code resolved}.
   *
   * @param start the {@code nanoClock} value when the connect began (before resolution)
   */
  public Connection connect(Endpoint endpoint, List<InetAddress> resolved, long start, Duration timeout)
      throws IOException {
    String description = endpoint.describe();
    return observed(description, endpoint.node(), service(endpoint), start,
        () -> resolved(endpoint, description, resolved, start, timeout));
  }

  private Connection resolved(Endpoint endpoint, String description, List<InetAddress> resolved, long start,
      Duration timeout) throws IOException {
    if (endpoint.literal() == null) {
      checkResolvedInTime(description, start, timeout);
    }
    List<InetAddress> ordered = Candidates.filter(resolved, description, settings.family(), setup.boundAddress());
    String host = endpoint.literal() == null ? endpoint.host() : null;
    if (host != null && history != null) {
      ordered = history.reorder(settings.resolver(), host, endpoint.port(), ordered);
    }
    List<InetSocketAddress> addresses = new ArrayList<>(ordered.size());
    for (InetAddress a : ordered) {
      addresses.add(new InetSocketAddress(a, endpoint.port()));
    }
    return run(addresses, description, host, start, timeout);
  }

  /**
   * Connects to the first of {@code addresses} that answers (WSAConnectByList), in the caller's
   * order; an unresolved entry stands for all the addresses of its name, in RFC 8305 order.
   */
  public Connection connectList(List<InetSocketAddress> list, Duration timeout) throws IOException {
    long start = nanoClock.getAsLong();
    String description = Candidates.describe(list);
    return observed(description, description, "", start, () -> {
      List<InetSocketAddress> addresses = Candidates.expand(list, settings, setup.boundAddress(), description);
      if (list.stream().anyMatch(InetSocketAddress::isUnresolved)) {
        checkResolvedInTime(description, start, timeout);
      }
      return run(addresses, description, null, start, timeout);
    });
  }

  /**
   * Runs one connect and reports how it ended: the JFR event {@code io.connectbyname.Connect}, and
   * the log lines of {@link ConnectLog} (none for a first-attempt success at the default level).
   */
  private Connection observed(String destination, String node, String service, long start, Body body)
      throws IOException {
    Object event = Events.begin();
    Connection c;
    try {
      c = body.run();
    } catch (IOException | RuntimeException e) {
      String outcome = ConnectLog.outcome(e, tried, e == abortReason);
      Events.end(event, node, service, null, tried.size(), outcome);
      ConnectLog.of(settings.log()).ended(destination, tried, null,
          Duration.ofNanos(nanoClock.getAsLong() - start), e, outcome);
      throw e;
    }
    Events.end(event, node, service, c.remote(), c.attempts().size(), ConnectLog.CONNECTED);
    ConnectLog.of(settings.log()).ended(destination, c.attempts(), c.remote(), c.elapsed(), null,
        ConnectLog.CONNECTED);
    return c;
  }

  private static String service(Endpoint endpoint) {
    return endpoint.service() != null ? endpoint.service() : Integer.toString(endpoint.port());
  }

  /** The body of a connect, for {@link #observed}. */
  private interface Body {
    Connection run() throws IOException;
  }

  /** Ends a running connect from any thread; it closes everything and throws {@code reason}. */
  public void abort(IOException reason) {
    abortReason = reason;
    Race<SocketChannel> r = race;
    if (r != null) {
      r.abort(reason);
    }
    SocketChannel s = single;
    if (s != null) {
      try {
        s.close();
      } catch (IOException ignored) {
        // the connecting thread sees the close and throws the reason
      }
    }
  }

  private Connection run(List<InetSocketAddress> addresses, String description, String host, long start,
      Duration timeout) throws IOException {
    // A timeout of ~146 years or more is none: its nanoseconds would overflow the deadline arithmetic.
    boolean none = timeout == null || timeout.isZero() || timeout.compareTo(NO_DEADLINE_BEYOND) >= 0;
    long deadline = none ? Long.MAX_VALUE : start + timeout.toNanos();
    long timeoutMillis = none ? 0 : timeout.toMillis();
    Race.Result<SocketChannel> result = addresses.size() == 1
        ? single(addresses.get(0), start, deadline)
        : race(addresses, start, deadline);
    if (host != null && history != null) {
      history.record(settings.resolver(), host, addresses.get(0).getPort(), result.attempts());
    }
    if (result.winner() == null) {
      tried = result.attempts();
      throw Failure.of(description, result.attempts(), result.timedOut(), timeoutMillis);
    }
    SocketChannel channel = result.winner();
    try {
      checkAborted();
      InetSocketAddress local = (InetSocketAddress) channel.getLocalAddress();
      InetSocketAddress remote = Candidates.named(host, result.remote());
      return new Connection(channel.socket(), local, remote,
          Duration.ofNanos(nanoClock.getAsLong() - start), result.attempts());
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
  }

  private Race.Result<SocketChannel> race(List<InetSocketAddress> addresses, long start, long deadline)
      throws IOException {
    checkAborted();
    long delay = settings.strategy() == Settings.Strategy.SEQUENTIAL ? Race.SEQUENTIAL
        : settings.attemptDelay().toNanos();
    Race<SocketChannel> r = new Race<>(new ChannelConnector(setup), nanoClock, delay, settings.maxInFlight());
    race = r;
    if (abortReason != null) {
      r.abort(abortReason); // closed before the race was published: it ends at once
    }
    return r.run(addresses, start, deadline);
  }

  /** One address: a blocking connect as the JDK's own, with no selector. */
  private Race.Result<SocketChannel> single(InetSocketAddress address, long start, long deadline)
      throws IOException {
    checkAborted();
    long begin = nanoClock.getAsLong();
    SocketChannel channel = ChannelConnector.open(address);
    single = channel;
    try {
      checkAborted();
      setup.apply(channel);
      long left = deadline == Long.MAX_VALUE ? 0 : Math.max(1, (deadline - begin + 999_999) / 1_000_000);
      if (deadline != Long.MAX_VALUE && deadline - begin <= 0) {
        throw new java.net.SocketTimeoutException("Connect timed out before it started");
      }
      if (deadline == Long.MAX_VALUE) {
        // No timeout: one blocking connect, as the JDK's own untimed connect. The socket adaptor
        // would make it non-blocking, poll and make it blocking again: four system calls more.
        channel.connect(address);
      } else {
        channel.socket().connect(address, (int) Math.min(Integer.MAX_VALUE, left));
      }
      Attempt won = new Attempt(address, Duration.ofNanos(begin - start), Outcome.CONNECTED,
          Duration.ofNanos(nanoClock.getAsLong() - begin), null);
      return new Race.Result<>(channel, address, List.of(won), false);
    } catch (IOException e) {
      channel.close();
      checkAborted();
      if (e instanceof java.nio.channels.ClosedByInterruptException || e instanceof AsynchronousCloseException) {
        throw e;
      }
      Outcome outcome = Failure.classify(e);
      Attempt failed = new Attempt(address, Duration.ofNanos(begin - start), outcome,
          Duration.ofNanos(nanoClock.getAsLong() - begin), e);
      return new Race.Result<>(null, null, List.of(failed), outcome == Outcome.TIMED_OUT);
    } catch (RuntimeException | Error e) {
      channel.close();
      throw e;
    } finally {
      single = null;
    }
  }

  /**
   * Resolution runs in the calling thread before the race and cannot be cut short (no thread is
   * made per connect); when it used up the whole timeout, that is the error, said as such.
   */
  private void checkResolvedInTime(String description, long start, Duration timeout) throws IOException {
    checkAborted();
    if (timeout == null || timeout.isZero() || timeout.compareTo(NO_DEADLINE_BEYOND) >= 0) {
      return;
    }
    long took = nanoClock.getAsLong() - start;
    if (took >= timeout.toNanos()) {
      throw new java.net.SocketTimeoutException("Connect to " + description + " timed out: resolving the name took "
          + Duration.ofNanos(took).toMillis() + " ms of the " + timeout.toMillis()
          + " ms timeout; no address was tried");
    }
  }

  private void checkAborted() throws IOException {
    IOException reason = abortReason;
    if (reason != null) {
      throw reason;
    }
  }
}
