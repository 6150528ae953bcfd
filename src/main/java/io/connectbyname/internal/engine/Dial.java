package io.connectbyname.internal.engine;

import io.connectbyname.Attempt;
import io.connectbyname.Attempt.Outcome;
import io.connectbyname.Settings;
import io.connectbyname.internal.observe.ConnectLog;
import io.connectbyname.internal.observe.Events;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * One connect by name, from a parsed destination to a connection: resolve, order, then race the
 * addresses; a single address is connected as the {@link Landing} says (the socket layer lets the
 * JDK's own socket connect it). {@link #abort} ends it from another thread.
 *
 * @param <T> what the landing makes of the winner
 */
public final class Dial<T> {
  private static final Duration NO_DEADLINE_BEYOND = Duration.ofNanos(Long.MAX_VALUE / 2);

  private final Settings settings;
  private final LongSupplier nanoClock;
  private final ChannelSource source;
  private final Landing<T> landing;
  private final Caller caller;
  private final History history; // null when the settings turn it off
  private volatile Supplier<? extends IOException> abortReason;
  private volatile Race<SocketChannel> race;
  private IOException aborted; // what the abort reason made, on the connecting thread
  private List<Attempt> tried = List.of(); // the attempts of a failed connect, for its report

  /**
   * @param settings attempt delay, strategy, family, resolver
   * @param nanoClock {@code System::nanoTime}, or a fake
   * @param source the attempts' channels, with the caller's options and bind address
   * @param landing what the winner becomes
   * @param caller whose connect this stands in for: what an interrupt does, whether exceptions name hosts
   */
  public Dial(Settings settings, LongSupplier nanoClock, ChannelSource source, Landing<T> landing,
      Caller caller) {
    this.settings = settings;
    this.nanoClock = nanoClock;
    this.source = source;
    this.landing = landing;
    this.caller = caller;
    this.history = History.shared(settings.historySize(), settings.historyTtl().toNanos());
  }

  /** A dial to a channel: the winner as it is, an interrupt ending the connect as a channel's would. */
  public static Dial<SocketChannel> ofChannels(Settings settings, ChannelSource source) {
    return new Dial<>(settings, System::nanoTime, source, Landing.CHANNEL, Caller.CHANNEL);
  }

  /**
   * Connects to every address of {@code endpoint} until one connects or {@code timeout} passes.
   *
   * @param timeout the overall timeout, {@code null} = none
   */
  public Dialed<T> connect(Endpoint endpoint, Duration timeout) throws IOException {
    long start = nanoClock.getAsLong();
    String description = endpoint.describe();
    return observed(description, endpoint.node(), endpoint.service(), endpoint.port(), start, () -> {
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
  public Dialed<T> connect(Endpoint endpoint, List<InetAddress> resolved, long start, Duration timeout)
      throws IOException {
    String description = endpoint.describe();
    return observed(description, endpoint.node(), endpoint.service(), endpoint.port(), start,
        () -> resolved(endpoint, description, resolved, start, timeout));
  }

  private Dialed<T> resolved(Endpoint endpoint, String description, List<InetAddress> resolved, long start,
      Duration timeout) throws IOException {
    if (endpoint.literal() == null) {
      checkResolvedInTime(description, start, timeout);
    }
    String host = endpoint.literal() == null ? endpoint.host() : null;
    return run(ordered(endpoint, description, resolved, host), description, host, start, timeout);
  }

  /** The addresses to try, filtered by family and bind address, in RFC 8305 order, the history's winner first. */
  private List<InetSocketAddress> ordered(Endpoint endpoint, String description, List<InetAddress> resolved,
      String host) throws UnknownHostException {
    List<InetAddress> ordered = Candidates.filter(resolved, description, settings.family(), source.boundAddress());
    if (host != null && history != null) {
      ordered = history.reorder(settings.resolver(), host, endpoint.port(), ordered);
    }
    List<InetSocketAddress> addresses = new ArrayList<>(ordered.size());
    for (InetAddress a : ordered) {
      addresses.add(new InetSocketAddress(a, endpoint.port()));
    }
    return addresses;
  }

  /** The deadline of a connect begun at {@code start}: {@code Long.MAX_VALUE} for none. */
  private static long deadline(long start, Duration timeout) {
    // A timeout of ~146 years or more is none: its nanoseconds would overflow the deadline arithmetic.
    boolean none = timeout == null || timeout.isZero() || timeout.compareTo(NO_DEADLINE_BEYOND) >= 0;
    return none ? Long.MAX_VALUE : start + timeout.toNanos();
  }

  private long attemptDelay() {
    return settings.strategy() == Settings.Strategy.SEQUENTIAL ? Race.SEQUENTIAL : settings.attemptDelay().toNanos();
  }

  /**
   * Connects to the first of {@code addresses} that answers (WSAConnectByList), in the caller's
   * order; an unresolved entry stands for all the addresses of its name, in RFC 8305 order.
   */
  public Dialed<T> connectList(List<InetSocketAddress> list, Duration timeout) throws IOException {
    long start = nanoClock.getAsLong();
    String description = Candidates.describe(list);
    return observed(description, description, "", -1, start, () -> {
      List<InetSocketAddress> addresses = Candidates.expand(list, settings, source.boundAddress(), description);
      if (list.stream().anyMatch(InetSocketAddress::isUnresolved)) {
        checkResolvedInTime(description, start, timeout);
      }
      return run(addresses, description, null, start, timeout);
    });
  }

  /**
   * Runs one connect and reports how it ended: the JFR event {@code io.connectbyname.Connect}, and
   * the log lines of {@link ConnectLog} (none for a first-attempt success at the default level).
   *
   * @param givenService the service as given, null when it was the port itself
   */
  private Dialed<T> observed(String destination, String node, String givenService, int port, long start,
      Body<T> body) throws IOException {
    Object event = Events.begin();
    Dialed<T> c;
    try {
      c = body.run();
    } catch (IOException | RuntimeException e) {
      report(event, destination, node, givenService, port, start, tried, null, e, e == aborted);
      throw e;
    }
    report(event, destination, node, givenService, port, start, c.attempts(), c.remote(), null, false);
    return c;
  }

  /** Reports a connect that ended: its JFR event, its log lines. */
  void report(Object event, String destination, String node, String givenService, int port, long start,
      List<Attempt> attempts, InetSocketAddress remote, Throwable failure, boolean abortedByCaller) {
    String outcome = failure == null ? ConnectLog.CONNECTED : ConnectLog.outcome(failure, attempts, abortedByCaller);
    if (event != null) {
      Events.end(event, node, givenService != null ? givenService : Integer.toString(port), remote, attempts.size(),
          outcome);
    }
    ConnectLog.of(settings.log()).ended(destination, attempts, remote, Duration.ofNanos(nanoClock.getAsLong() - start),
        failure, outcome);
  }

  /**
   * Starts a non-blocking connect to {@code endpoint}: resolves the name (in the calling thread,
   * as every connect does), orders the addresses and sets their race up, for the caller to advance
   * ({@link Pending#step}) as its attempts become ready; an interrupt plays no part.
   *
   * @param resolved the name's addresses when the caller has them already, else null
   * @param start the {@code nanoClock} value when the connect began
   * @param timeout the overall timeout, null = none
   * @throws IOException when the name cannot be resolved or no address is left; reported as any failure
   */
  public Pending start(Endpoint endpoint, List<InetAddress> resolved, long start, Duration timeout)
      throws IOException {
    Object event = Events.begin();
    String description = endpoint.describe();
    try {
      List<InetAddress> all = resolved != null ? resolved : endpoint.literal() != null ? List.of(endpoint.literal())
          : Candidates.resolve(settings.resolver(), endpoint.host(), description);
      if (endpoint.literal() == null) {
        checkResolvedInTime(description, start, timeout);
      }
      String host = endpoint.literal() == null ? endpoint.host() : null;
      List<InetSocketAddress> addresses = ordered(endpoint, description, all, host);
      long deadline = deadline(start, timeout);
      PollingConnector connector = new PollingConnector(source);
      Race<SocketChannel> r = new Race<>(connector, nanoClock, attemptDelay(), settings.maxInFlight(),
          source.oneAtATime());
      r.begin(addresses, start, deadline);
      return new Pending(this, r, connector, endpoint, description, host, addresses, start, deadline, event);
    } catch (IOException | RuntimeException e) {
      report(event, description, endpoint.node(), endpoint.service(), endpoint.port(), start, List.of(), null, e,
          false);
      throw e;
    }
  }

  /** The history this dial keeps, or null. */
  History history() {
    return history;
  }

  Settings settings() {
    return settings;
  }

  Caller caller() {
    return caller;
  }

  /** The body of a connect, for {@link #observed}. */
  private interface Body<T> {
    Dialed<T> run() throws IOException;
  }

  /**
   * Ends a running connect from any thread; it closes everything and throws what {@code reason}
   * makes, on the connecting thread. A single address that the landing connects is ended by its
   * owner (closing what the landing connects), not here.
   */
  public void abort(Supplier<? extends IOException> reason) {
    abortReason = reason;
    Race<SocketChannel> r = race;
    if (r != null) {
      r.abort(this::aborted);
    }
  }

  private Dialed<T> run(List<InetSocketAddress> addresses, String description, String host, long start,
      Duration timeout) throws IOException {
    long deadline = deadline(start, timeout);
    boolean none = deadline == Long.MAX_VALUE;
    Landed<T> result = addresses.size() == 1 && landing.connectsSingle() ? single(addresses.get(0), start, deadline)
        : null;
    if (result == null) {
      result = raced(race(addresses, start, deadline));
    }
    if (host != null && history != null) {
      history.record(settings.resolver(), host, addresses.get(0).getPort(), result.attempts);
    }
    if (result.connected == null) {
      tried = result.attempts;
      if (result.failure != null) {
        throw result.failure; // the landing's own connect failed: its exception, as the JDK's socket throws it
      }
      throw Failure.of(description, result.attempts, result.timedOut, none ? 0 : timeout.toMillis(),
          caller.namesHosts());
    }
    try {
      checkAborted();
      InetSocketAddress remote = Candidates.named(host, result.remote);
      return new Dialed<>(result.connected, landing, remote, Duration.ofNanos(nanoClock.getAsLong() - start),
          result.attempts);
    } catch (IOException | RuntimeException e) {
      landing.close(result.connected);
      throw e;
    }
  }

  /** What a connect came to before it is handed over. */
  private static final class Landed<T> {
    final T connected;
    final InetSocketAddress remote;
    final List<Attempt> attempts;
    final boolean timedOut;
    final IOException failure;

    Landed(T connected, InetSocketAddress remote, List<Attempt> attempts, boolean timedOut, IOException failure) {
      this.connected = connected;
      this.remote = remote;
      this.attempts = attempts;
      this.timedOut = timedOut;
      this.failure = failure;
    }
  }

  private Landed<T> raced(Race.Result<SocketChannel> r) throws IOException {
    if (r.winner() == null) {
      return new Landed<>(null, null, r.attempts(), r.timedOut(), null);
    }
    T connected;
    try {
      connected = landing.winner(r.winner());
    } catch (IOException | RuntimeException | Error e) {
      r.winner().close();
      throw e;
    }
    return new Landed<>(connected, r.remote(), r.attempts(), false, null);
  }

  private Race.Result<SocketChannel> race(List<InetSocketAddress> addresses, long start, long deadline)
      throws IOException {
    checkAborted();
    Race<SocketChannel> r = new Race<>(new ChannelConnector(source, caller), nanoClock, attemptDelay(),
        settings.maxInFlight(), source.oneAtATime());
    race = r;
    if (abortReason != null) {
      r.abort(this::aborted); // aborted before the race was published: it ends at once
    }
    return r.run(addresses, start, deadline);
  }

  /** One address, connected by the landing itself; null when no time is left for it. */
  private Landed<T> single(InetSocketAddress address, long start, long deadline) throws IOException {
    checkAborted();
    long begin = nanoClock.getAsLong();
    if (deadline != Long.MAX_VALUE && deadline - begin <= 0) {
      return null; // no time left: the race reports the timeout as it reports any
    }
    int millis = deadline == Long.MAX_VALUE ? 0
        : (int) Math.min(Integer.MAX_VALUE, Math.max(1, (deadline - begin + 999_999) / 1_000_000));
    T connected;
    try {
      connected = landing.single(source, address, millis);
    } catch (IOException e) {
      checkAborted(); // closed meanwhile: the abort reason, as for a race
      Outcome outcome = Failure.classify(e);
      Attempt failed = new Attempt(address, Duration.ofNanos(begin - start), outcome,
          Duration.ofNanos(nanoClock.getAsLong() - begin), e);
      return new Landed<>(null, null, List.of(failed), outcome == Outcome.TIMED_OUT, e);
    }
    Attempt won = new Attempt(address, Duration.ofNanos(begin - start), Outcome.CONNECTED,
        Duration.ofNanos(nanoClock.getAsLong() - begin), null);
    return new Landed<>(connected, address, List.of(won), false, null);
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
      throw Failure.resolvedTooLate(description, Duration.ofNanos(took).toMillis(), timeout.toMillis(),
          caller.namesHosts());
    }
  }

  private void checkAborted() throws IOException {
    if (abortReason != null) {
      throw aborted();
    }
  }

  /** The abort reason's exception, made once, on the connecting thread. */
  private IOException aborted() {
    if (aborted == null) {
      aborted = abortReason.get();
    }
    return aborted;
  }
}
