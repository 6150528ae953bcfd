package io.connectbyname.internal.nio;

import io.connectbyname.Settings;
import io.connectbyname.internal.engine.Caller;
import io.connectbyname.internal.engine.ChannelSource;
import io.connectbyname.internal.engine.Channels;
import io.connectbyname.internal.engine.ConnectContext;
import io.connectbyname.internal.engine.Destination;
import io.connectbyname.internal.engine.Dial;
import io.connectbyname.internal.engine.Dialed;
import io.connectbyname.internal.engine.Landing;
import io.connectbyname.internal.engine.Pending;
import io.connectbyname.internal.engine.SocketDefaults;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ProtocolFamily;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.SocketOption;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.AlreadyBoundException;
import java.nio.channels.AlreadyConnectedException;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ConnectionPendingException;
import java.nio.channels.NoConnectionPendingException;
import java.nio.channels.NotYetConnectedException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.channels.UnsupportedAddressTypeException;
import java.nio.channels.spi.SelectorProvider;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP {@link SocketChannel} that connects by name: before connect it keeps the options and the
 * bind address on a real JDK channel (the {@link ConnectContext}); {@code connect} races every
 * address of the name, each attempt a real JDK channel; after connect every call goes to the
 * winner, so reads and writes are the JDK's. An unresolved address is connected by name, a
 * resolved one made from a name by that name when the address is among its own, a literal exactly
 * as the JDK's channel connects it, by one JDK channel and no race.
 *
 * <p>Blocking, {@code connect} runs the race on the caller's thread (a lone address: the JDK's own
 * blocking connect); an interrupt or a close ends it as {@code InterruptibleChannel} specifies.
 * Non-blocking, {@code connect} starts the race and returns; the race advances in the select of a
 * {@link ByNameSelector} the channel is registered with, and in {@code finishConnect}, on the
 * caller's thread; {@code OP_CONNECT} is ready once the race is decided, won or lost, so that
 * {@code finishConnect} then returns true or throws.
 */
public final class ByNameSocketChannel extends SocketChannel {
  private enum State { UNCONNECTED, PENDING, CONNECTED }

  private final Settings settings;
  private final ConnectContext context;
  private final Object connectLock = new Object();
  private final List<ByNameKey> keys = new CopyOnWriteArrayList<>();
  private volatile State state = State.UNCONNECTED;
  private volatile SocketChannel delegate; // the JDK channel: connecting alone, or connected
  private Pending pending; // a non-blocking race under way (its winner becomes the delegate)
  private volatile Dial<SocketChannel> dial; // a blocking race under way
  private volatile SocketChannel connectingAlone; // a blocking connect of one address under way
  private volatile Selector awaiting; // the selector of a blocking finishConnect under way, for close to wake
  private InetSocketAddress remote;
  private volatile ChannelSocket socket;

  /** A channel of {@code provider}'s that connects with {@code settings}; {@code family} null = dual-stack. */
  public ByNameSocketChannel(SelectorProvider provider, Settings settings, ProtocolFamily family) {
    super(provider);
    this.settings = family == StandardProtocolFamily.INET && settings.family() == Settings.Family.ANY
        ? settings.withFamily(Settings.Family.IPV4) : settings;
    this.context = new ConnectContext(family);
  }

  // ---- connect ----

  @Override
  public boolean connect(SocketAddress remote) throws IOException {
    InetSocketAddress to;
    synchronized (connectLock) {
      ensureOpen();
      if (state == State.CONNECTED) {
        throw new AlreadyConnectedException();
      }
      if (state == State.PENDING) {
        throw new ConnectionPendingException();
      }
      if (!(remote instanceof InetSocketAddress isa)) {
        throw new UnsupportedAddressTypeException();
      }
      to = isa;
      this.remote = isa;
      state = State.PENDING;
    }
    try {
      if (!to.isUnresolved() && Destination.nameOf(to.getAddress()) == null) {
        return alone(to); // a literal: exactly that address, as the JDK's channel connects it
      }
      return isBlocking() ? blockingByName(to) : nonBlockingByName(to);
    } catch (IOException | RuntimeException | Error e) {
      closeAfterFailure(e);
      throw e;
    }
  }

  /** A connect of one JDK channel to {@code to}, blocking or not as this channel is. */
  private boolean alone(InetSocketAddress to) throws IOException {
    SocketChannel ch = takeChannel();
    boolean done;
    connectingAlone = ch; // before the check: a close after it sees the channel and closes it
    try {
      ensureOpenForConnect(ch);
      ch.configureBlocking(isBlocking());
      done = ch.connect(to);
    } finally {
      connectingAlone = null;
    }
    synchronized (connectLock) {
      ensureOpenForConnect(ch);
      delegate = ch;
      if (done) {
        state = State.CONNECTED;
        applyLate(ch);
      }
    }
    adoptMode();
    syncKeys();
    return done;
  }

  private SocketChannel takeChannel() throws IOException {
    try {
      SocketChannel early = context.takeEarly();
      return early != null ? early : context.open(null);
    } catch (java.net.SocketException e) {
      if (!isOpen()) {
        throw new AsynchronousCloseException(); // the context closed by this channel's close
      }
      throw e;
    }
  }

  /**
   * What a race's failure is to the caller: an {@link AsynchronousCloseException} if this channel was
   * closed meanwhile, as the JDK's connect says then (the attempts then fail for having no socket).
   */
  private IOException closedDuring(IOException e) {
    if (isOpen() || e instanceof ClosedChannelException) {
      return e;
    }
    AsynchronousCloseException closed = new AsynchronousCloseException();
    closed.initCause(e);
    return closed;
  }

  /**
   * Throws, closing {@code winner}, if this channel was closed during its connect: a close that
   * came before the winner was published as the delegate has not closed it. The JDK's outcome of a
   * close during connect.
   */
  private void ensureOpenForConnect(SocketChannel winner) throws IOException {
    if (!isOpen()) {
      winner.close();
      throw new AsynchronousCloseException();
    }
  }

  private boolean blockingByName(InetSocketAddress to) throws IOException {
    Dial<SocketChannel> d = new Dial<>(settings, System::nanoTime, context, new BlockingLanding(), Caller.CHANNEL);
    dial = d;
    if (!isOpen()) {
      throw new AsynchronousCloseException();
    }
    Dialed<SocketChannel> c;
    try {
      c = Destination.connect(d, settings.resolver(), System::nanoTime, to, settings.timeout().orElse(null));
    } catch (IOException e) {
      throw closedDuring(e);
    } finally {
      dial = null;
    }
    synchronized (connectLock) {
      ensureOpenForConnect(c.connected());
      delegate = c.connected();
      remote = c.remote();
      state = State.CONNECTED;
      applyLate(delegate);
    }
    return true;
  }

  private boolean nonBlockingByName(InetSocketAddress to) throws IOException {
    Dial<SocketChannel> d = Dial.ofChannels(settings, context);
    Destination.Target target = Destination.target(settings.resolver(), System::nanoTime, to);
    Pending p = d.start(target.endpoint(), target.resolved(), target.start(), settings.timeout().orElse(null));
    synchronized (connectLock) {
      if (!isOpen()) {
        p.cancel(new AsynchronousCloseException());
        throw new AsynchronousCloseException();
      }
      pending = p;
    }
    boolean done = advance(); // the first attempt starts now; on loopback it may be connected already
    if (done) {
      established();
    }
    syncKeys();
    return done;
  }

  /** The connect is done: the delegate holds the connection, in this channel's blocking mode. */
  private void established() throws IOException {
    synchronized (connectLock) {
      if (pending != null) {
        remote = pending.remote();
        pending = null;
      }
      state = State.CONNECTED;
      applyLate(delegate);
    }
    adoptMode();
  }

  /**
   * Puts the delegate in this channel's blocking mode: a {@code configureBlocking} while the race
   * ran found no delegate to change. Under the blocking lock, as {@code configureBlocking} runs.
   */
  private void adoptMode() throws IOException {
    synchronized (blockingLock()) {
      SocketChannel d = delegate;
      if (d != null && d.isBlocking() != isBlocking()) {
        configureDelegate(d, isBlocking());
      }
    }
  }

  /** What a blocking connect by name makes of its winner: the channel itself; a lone address, the JDK's connect. */
  private final class BlockingLanding implements Landing.OfChannel {
    @Override
    public boolean connectsSingle() {
      return true;
    }

    @Override
    public SocketChannel single(ChannelSource source, InetSocketAddress address, int timeoutMillis)
        throws IOException {
      SocketChannel ch = source.open(address);
      connectingAlone = ch;
      try {
        if (!isOpen()) {
          throw new AsynchronousCloseException();
        }
        if (timeoutMillis == 0) {
          ch.connect(address);
        } else {
          ch.socket().connect(address, timeoutMillis); // the JDK's timed connect of a blocking channel
        }
        return ch;
      } catch (IOException | RuntimeException | Error e) {
        ch.close();
        throw e;
      } finally {
        connectingAlone = null;
      }
    }
  }

  /**
   * Advances a non-blocking race without waiting; true once won (the winner is the delegate from
   * then on). Its failure is thrown, and closes the channel, as the JDK's {@code finishConnect} does.
   */
  boolean advance() throws IOException {
    synchronized (connectLock) {
      Pending p = pending;
      if (p == null) {
        return delegate != null;
      }
      SocketChannel winner = p.step();
      if (winner == null) {
        return false;
      }
      delegate = winner;
      return true;
    }
  }

  // The race is not thread-safe: these look at it under the connect lock, as advance and close change it.

  /** Whether a non-blocking race is under way and undecided. */
  boolean racing() {
    synchronized (connectLock) {
      Pending p = pending;
      return p != null && !p.decided();
    }
  }

  /** Whether the race is decided but {@code finishConnect} not yet called: {@code OP_CONNECT} is ready. */
  boolean connectable() {
    synchronized (connectLock) {
      Pending p = pending;
      return p != null && p.decided();
    }
  }

  /** When the non-blocking race next has something to do, as a {@code System.nanoTime} value. */
  long nextEvent() {
    synchronized (connectLock) {
      Pending p = pending;
      return p == null ? Long.MAX_VALUE : p.nextEvent();
    }
  }

  /** The attempts of the non-blocking race in flight, a copy: the race goes on while the caller looks. */
  Set<SocketChannel> attempts() {
    synchronized (connectLock) {
      Pending p = pending;
      return p == null ? Set.of() : Set.copyOf(p.inFlight());
    }
  }

  /** The JDK channel that holds the connection or connects alone; null while a race is undecided. */
  SocketChannel delegate() {
    return delegate;
  }

  @Override
  public boolean finishConnect() throws IOException {
    synchronized (connectLock) {
      ensureOpen();
      if (state == State.CONNECTED) {
        return true;
      }
      if (state == State.UNCONNECTED) {
        throw new NoConnectionPendingException(); // misuse, as the JDK's: the channel stays open
      }
    }
    try {
      boolean done;
      if (pending != null) {
        done = isBlocking() ? awaitRace() : advance();
      } else {
        done = delegate.finishConnect();
      }
      if (done) {
        established();
        syncKeys();
      }
      return done;
    } catch (IOException | RuntimeException | Error e) {
      if (!(e instanceof ClosedChannelException) || e instanceof ClosedByInterruptException) {
        closeAfterFailure(e);
      }
      throw e;
    }
  }

  /** A blocking {@code finishConnect} of a race begun non-blocking: waits on a selector of its own. */
  private boolean awaitRace() throws IOException {
    try (Selector s = Channels.selector()) {
      awaiting = s;
      if (!isOpen()) {
        throw new AsynchronousCloseException(); // closed before the close could see the selector to wake
      }
      while (!advance()) {
        for (SocketChannel attempt : attempts()) {
          if (attempt.keyFor(s) == null) {
            attempt.register(s, SelectionKey.OP_CONNECT);
          }
        }
        long event = nextEvent();
        long millis = event == Long.MAX_VALUE ? 0 : Math.max(1, (event - System.nanoTime() + 999_999) / 1_000_000);
        s.select(millis);
        s.selectedKeys().clear();
        if (Thread.currentThread().isInterrupted()) {
          throw new ClosedByInterruptException();
        }
        if (!isOpen()) {
          throw new AsynchronousCloseException(); // closed by another thread, which woke the selector
        }
      }
      return true;
    } finally {
      awaiting = null;
    }
  }

  @Override
  public boolean isConnected() {
    return state == State.CONNECTED;
  }

  @Override
  public boolean isConnectionPending() {
    return state == State.PENDING;
  }

  // ---- the data path: the winner's ----

  private SocketChannel connected() throws ClosedChannelException {
    ensureOpen();
    SocketChannel d = delegate;
    if (state != State.CONNECTED || d == null) {
      throw new NotYetConnectedException();
    }
    return d;
  }

  @Override
  public int read(ByteBuffer dst) throws IOException {
    try {
      return connected().read(dst);
    } catch (AsynchronousCloseException e) {
      throw closedBy(e);
    }
  }

  @Override
  public long read(ByteBuffer[] dsts, int offset, int length) throws IOException {
    try {
      return connected().read(dsts, offset, length);
    } catch (AsynchronousCloseException e) {
      throw closedBy(e);
    }
  }

  @Override
  public int write(ByteBuffer src) throws IOException {
    try {
      return connected().write(src);
    } catch (AsynchronousCloseException e) {
      throw closedBy(e);
    }
  }

  @Override
  public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
    try {
      return connected().write(srcs, offset, length);
    } catch (AsynchronousCloseException e) {
      throw closedBy(e);
    }
  }

  /** The winner was closed by an interrupt or from another thread: so is this channel. */
  private AsynchronousCloseException closedBy(AsynchronousCloseException e) {
    closeQuietly();
    return e;
  }

  @Override
  public SocketChannel shutdownInput() throws IOException {
    connected().shutdownInput();
    return this;
  }

  @Override
  public SocketChannel shutdownOutput() throws IOException {
    connected().shutdownOutput();
    return this;
  }

  // ---- options, bind, addresses ----

  @Override
  public <T> SocketChannel setOption(SocketOption<T> name, T value) throws IOException {
    ensureOpen();
    SocketChannel d = delegate;
    if (d != null) {
      d.setOption(name, value);
    } else {
      context.set(name, value);
    }
    return this;
  }

  @Override
  public <T> T getOption(SocketOption<T> name) throws IOException {
    ensureOpen();
    SocketChannel d = delegate;
    return d != null ? d.getOption(name) : context.get(name);
  }

  @Override
  public Set<SocketOption<?>> supportedOptions() {
    return SocketDefaults.channelOptions();
  }

  @Override
  public SocketChannel bind(SocketAddress local) throws IOException {
    synchronized (connectLock) {
      ensureOpen();
      if (state == State.PENDING) {
        throw new ConnectionPendingException();
      }
      if (state == State.CONNECTED || context.localAddress() != null) {
        throw new AlreadyBoundException(); // as the JDK's: a connected channel is bound
      }
      if (local != null && !(local instanceof InetSocketAddress)) {
        throw new UnsupportedAddressTypeException();
      }
      context.bind(local == null ? new InetSocketAddress(0) : (InetSocketAddress) local);
    }
    return this;
  }

  @Override
  public SocketAddress getLocalAddress() throws IOException {
    ensureOpen();
    SocketChannel d = delegate;
    return d != null ? d.getLocalAddress() : context.localAddress();
  }

  @Override
  public SocketAddress getRemoteAddress() throws IOException {
    ensureOpen();
    synchronized (connectLock) {
      return state == State.UNCONNECTED ? null : remote;
    }
  }

  @Override
  public Socket socket() {
    ChannelSocket s = socket;
    if (s == null) {
      synchronized (connectLock) {
        s = socket;
        if (s == null) {
          try {
            s = socket = new ChannelSocket(this);
          } catch (java.net.SocketException e) {
            throw new AssertionError(e); // a socket with no implementation throws nothing
          }
        }
      }
    }
    return s;
  }

  /** A blocking connect with a timeout, for the socket adaptor: the caller's timeout, not the settings'. */
  void connect(InetSocketAddress to, int timeoutMillis) throws IOException {
    if (timeoutMillis <= 0 || !to.isUnresolved() && Destination.nameOf(to.getAddress()) == null) {
      if (timeoutMillis > 0) {
        synchronized (connectLock) {
          ensureOpen();
          if (state != State.UNCONNECTED) {
            throw state == State.CONNECTED ? new AlreadyConnectedException() : new ConnectionPendingException();
          }
          remote = to;
          state = State.PENDING;
        }
        try {
          SocketChannel ch = takeChannel();
          connectingAlone = ch; // before the check: a close after it sees the channel and closes it
          try {
            ensureOpenForConnect(ch);
            ch.socket().connect(to, timeoutMillis);
          } finally {
            connectingAlone = null;
          }
          synchronized (connectLock) {
            ensureOpenForConnect(ch);
            delegate = ch;
            state = State.CONNECTED;
            applyLate(ch);
          }
          return;
        } catch (IOException | RuntimeException | Error e) {
          closeAfterFailure(e);
          throw e;
        }
      }
      connect(to);
      return;
    }
    synchronized (connectLock) {
      ensureOpen();
      if (state != State.UNCONNECTED) {
        throw state == State.CONNECTED ? new AlreadyConnectedException() : new ConnectionPendingException();
      }
      remote = to;
      state = State.PENDING;
    }
    Dial<SocketChannel> d = new Dial<>(settings, System::nanoTime, context, new BlockingLanding(), Caller.CHANNEL);
    dial = d;
    try {
      if (!isOpen()) {
        throw new AsynchronousCloseException(); // closed before the close could see the dial to abort
      }
      Dialed<SocketChannel> c;
      try {
        c = Destination.connect(d, settings.resolver(), System::nanoTime, to, Duration.ofMillis(timeoutMillis));
      } catch (IOException e) {
        throw closedDuring(e);
      }
      synchronized (connectLock) {
        ensureOpenForConnect(c.connected());
        delegate = c.connected();
        remote = c.remote();
        state = State.CONNECTED;
        applyLate(delegate);
      }
    } catch (IOException | RuntimeException | Error e) {
      closeAfterFailure(e);
      throw e;
    } finally {
      dial = null;
    }
  }

  private void applyLate(SocketChannel ch) throws IOException {
    for (var e : context.late().entrySet()) {
      setLate(ch, e.getKey(), e.getValue());
    }
  }

  @SuppressWarnings("unchecked")
  private static <T> void setLate(SocketChannel ch, SocketOption<T> name, Object value) throws IOException {
    ch.setOption(name, (T) value);
  }

  // ---- registration: the keys of the by-name selectors ----

  /** A key of a {@link ByNameSelector} for this channel. */
  void added(ByNameKey key) {
    keys.add(key);
    key.sync();
  }

  /** A key cancelled and being deregistered. */
  void removed(ByNameKey key) {
    keys.remove(key);
    key.unsync();
  }

  /** Brings the JDK registrations of every key in line with the state: attempts, or the delegate. */
  private void syncKeys() {
    for (ByNameKey k : keys) {
      k.sync();
    }
  }

  // ---- mode and close ----

  @Override
  protected void implConfigureBlocking(boolean block) throws IOException {
    SocketChannel d = delegate;
    if (d != null) {
      configureDelegate(d, block);
    } // else the winner adopts the mode when it becomes the delegate
  }

  private void configureDelegate(SocketChannel d, boolean block) throws IOException {
    if (block) {
      for (ByNameKey k : keys) {
        k.unsync(); // the JDK's keys of the delegate must be cancelled before it may block
      }
    }
    d.configureBlocking(block);
  }

  @Override
  protected void implCloseSelectableChannel() throws IOException {
    SocketChannel d;
    synchronized (connectLock) {
      Pending p = pending;
      d = delegate;
      if (p != null) {
        p.cancel(new AsynchronousCloseException()); // under the lock that guards the race: a select may be stepping it
      }
    }
    Dial<SocketChannel> running = dial;
    if (running != null) {
      running.abort(AsynchronousCloseException::new);
    }
    SocketChannel alone = connectingAlone;
    if (alone != null) {
      alone.close();
    }
    Selector waiting = awaiting;
    if (waiting != null) {
      waiting.wakeup(); // closing its attempts does not end its select: the JDK defers that to the next
    }
    if (d != null) {
      d.close();
    }
    context.close();
  }

  private void closeAfterFailure(Throwable failure) {
    closeQuietly();
  }

  private void closeQuietly() {
    try {
      close();
    } catch (IOException ignored) {
      // the failure that made it close is what the caller is told
    }
  }

  private void ensureOpen() throws ClosedChannelException {
    if (!isOpen()) {
      throw new ClosedChannelException();
    }
  }

  @Override
  public String toString() {
    SocketChannel d = delegate;
    return getClass().getSimpleName() + "[" + (isOpen() ? state.name().toLowerCase(java.util.Locale.ROOT) : "closed")
        + (remote != null ? " remote=" + remote : "") + (d != null ? " via " + d : "") + "]";
  }
}
