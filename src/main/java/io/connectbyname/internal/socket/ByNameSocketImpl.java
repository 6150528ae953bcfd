package io.connectbyname.internal.socket;

import io.connectbyname.Settings;
import io.connectbyname.internal.engine.ConnectContext;
import io.connectbyname.internal.engine.Destination;
import io.connectbyname.internal.engine.Dial;
import io.connectbyname.internal.engine.Dialed;
import io.connectbyname.internal.engine.Caller;
import io.connectbyname.internal.engine.ChannelSource;
import io.connectbyname.internal.engine.Landing;
import io.connectbyname.internal.engine.SocketDefaults;
import io.connectbyname.internal.proxy.ProxyRoute;
import io.connectbyname.internal.proxy.Socks;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.SocketAddress;
import java.net.SocketException;
import java.net.SocketImpl;
import java.net.SocketOption;
import java.net.SocketOptions;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A client {@link SocketImpl} that connects by name. From {@code create} on it holds a real
 * channel, on which the options and the bind address set before connect take effect at once (the
 * {@link ConnectContext}); {@code connect} races every address of the name, each attempt getting
 * the same. Once connected, every call goes to what holds the connection: the JDK's own socket
 * implementation where it can be reached ({@link JdkSockets}), which then also connects a lone
 * address itself, else the winning channel's adaptor ({@link ChannelConnected}).
 *
 * <p>It keeps {@code NioSocketImpl}'s contract: closes itself when connect fails, lets
 * {@code SocketTimeoutException} through, an interrupt changes nothing on a platform thread and
 * becomes {@code SocketException("Closed by interrupt")} on a virtual one, and {@code close()} is
 * idempotent and ends a running connect from any thread with {@code SocketException("Socket closed")}.
 */
public final class ByNameSocketImpl extends SocketImpl {
  private enum State { NEW, OPEN, CONNECTING, CONNECTED, CLOSED }

  private final Settings settings;
  private final boolean useProxySelector;
  private final Object lock = new Object();
  private State state = State.NEW;
  private ConnectContext context; // from create() until connected
  private int soTimeout; // before connect: the JDK's socket keeps it in a field, so does this one
  private Caller caller = Caller.SOCKET; // whose connect: the plain API's, or a socket's
  private Dial<Connected> dial; // while connecting
  private SocketImpl connecting; // the JDK's implementation connecting a lone address
  private Connected held; // a connection being set up (a SOCKS handshake), for close()
  private Connected connected;
  private Dialed<Connected> dialed;

  /** A socket implementation that connects with {@code settings}, through a SOCKS proxy when the default {@code ProxySelector} picks one. */
  public ByNameSocketImpl(Settings settings) {
    this(settings, true);
  }

  /**
   * @param useProxySelector false for a socket that must connect directly ({@code new Socket(Proxy.NO_PROXY)})
   */
  public ByNameSocketImpl(Settings settings, boolean useProxySelector) {
    this.settings = settings;
    this.useProxySelector = useProxySelector;
  }

  /**
   * Whether connected by-name sockets are held by the JDK's own socket implementation in this JVM
   * (else by the winning channel's adaptor); with the reason when not.
   */
  public static boolean usesJdkImplementation() {
    return JdkSockets.available();
  }

  /** Why connected sockets are not held by the JDK's own implementation; null when they are. */
  public static String whyNotJdkImplementation() {
    return JdkSockets.whyNot();
  }

  @Override
  protected void create(boolean stream) throws IOException {
    if (!stream) {
      throw new SocketException("connect-by-name supports stream sockets only");
    }
    synchronized (lock) {
      if (state == State.CLOSED) {
        throw new SocketException("Socket closed");
      }
      if (state != State.NEW) {
        throw new IOException("Already created");
      }
      context = new ConnectContext(); // its descriptor is made on first need, as the JDK's would be now
      state = State.OPEN;
    }
  }

  @Override
  protected void connect(String host, int port) throws IOException {
    connect(InetSocketAddress.createUnresolved(host, port), 0);
  }

  @Override
  protected void connect(InetAddress address, int port) throws IOException {
    connect(new InetSocketAddress(address, port), 0);
  }

  @Override
  protected void connect(SocketAddress remote, int timeoutMillis) throws IOException {
    if (!(remote instanceof InetSocketAddress to)) {
      throw new IllegalArgumentException("Unsupported address type");
    }
    PlannedAddress planned = to instanceof PlannedAddress p && p.plan() != null ? p : null;
    Dial<Connected> d;
    synchronized (lock) {
      switch (state) {
        case NEW -> throw new SocketException("Socket not created");
        case CLOSED -> throw new SocketException("Socket closed");
        case CONNECTING -> throw new SocketException("Connection in progress");
        case CONNECTED -> throw new SocketException("Already connected");
        default -> { }
      }
      state = State.CONNECTING;
      caller = planned != null ? Caller.PLAIN_API : Caller.SOCKET;
      d = dial = newDial(caller);
    }
    Duration timeout = planned != null ? planned.timeout()
        : timeoutMillis > 0 ? Duration.ofMillis(timeoutMillis) : settings.timeout().orElse(null);
    try {
      InetSocketAddress destination = planned != null ? planned.destination() : to;
      List<Proxy> proxies = useProxySelector && destination != null
          ? Socks.proxiesFor(destination.getHostString(), destination.getPort()) : List.of();
      if (!proxies.isEmpty()) {
        ProxyRoute.Route<Connected> route = ProxyRoute.connect(owner, d, settings.resolver(), proxies,
            destination, timeout);
        connected(route.connection(), destination, route.proxied());
      } else if (planned != null) {
        Dialed<Connected> c = planned.plan().connect(d);
        connected(c, c.remote(), false); // the winner, named: connectByList's entries differ in port
      } else {
        connected(Destination.connect(d, settings.resolver(), System::nanoTime, to, timeout), to, false);
      }
    } catch (ClosedByInterruptException e) {
      close();
      SocketException x = new SocketException("Closed by interrupt");
      x.initCause(e);
      throw x;
    } catch (IOException | RuntimeException | Error e) {
      boolean closedMeanwhile;
      synchronized (lock) {
        closedMeanwhile = state == State.CLOSED;
      }
      close();
      if (closedMeanwhile && !(e instanceof SocketException && "Socket closed".equals(e.getMessage()))) {
        SocketException x = new SocketException("Socket closed");
        x.initCause(e);
        throw x;
      }
      throw e;
    }
  }

  private Dial<Connected> newDial(Caller caller) {
    return new Dial<>(settings, System::nanoTime, context, new SocketLanding(caller), caller);
  }

  /** What the winner becomes: the JDK's own implementation where it can be reached. */
  private final class SocketLanding implements Landing<Connected> {
    private final Caller caller;

    SocketLanding(Caller caller) {
      this.caller = caller;
    }

    @Override
    public boolean connectsSingle() {
      return caller == Caller.SOCKET && JdkSockets.available();
    }

    /**
     * The JDK's own connect: its timeout, its errors, its interrupt and close semantics; on the
     * early channel's descriptor when options or a bind were set before, else on a socket the JDK's
     * implementation makes itself, as {@code new Socket()} does.
     */
    @Override
    public Connected single(ChannelSource source, InetSocketAddress address, int timeoutMillis) throws IOException {
      SocketChannel early = context.takeEarly();
      SocketImpl impl;
      try {
        impl = early != null ? JdkSockets.adopt(early, false) : JdkSockets.created();
      } catch (IOException | RuntimeException | Error e) {
        if (early != null) {
          early.close();
        }
        throw e;
      }
      synchronized (lock) {
        if (state == State.CLOSED) {
          JdkSockets.close(impl);
          throw new SocketException("Socket closed");
        }
        connecting = impl;
      }
      try {
        JdkSockets.connect(impl, address, timeoutMillis); // closes impl when it fails
      } finally {
        synchronized (lock) {
          connecting = null;
        }
      }
      return new JdkConnected(impl);
    }

    @Override
    public Connected winner(SocketChannel channel) throws IOException {
      return JdkSockets.available() ? new JdkConnected(JdkSockets.adopt(channel, true)) : new ChannelConnected(channel);
    }

    @Override
    public InetSocketAddress localAddress(Connected c) throws IOException {
      return c.localAddress();
    }

    @Override
    public void close(Connected c) throws IOException {
      c.close();
    }
  }

  private final ProxyRoute.Owner<Connected> owner = new ProxyRoute.Owner<>() {
    @Override
    public Dial<Connected> redial() throws SocketException {
      synchronized (lock) {
        if (state == State.CLOSED) {
          throw new SocketException("Socket closed");
        }
        return dial = newDial(caller);
      }
    }

    @Override
    public void hold(Connected link) throws SocketException {
      synchronized (lock) {
        if (state == State.CLOSED) {
          throw new SocketException("Socket closed");
        }
        held = link;
      }
    }
  };

  private void connected(Dialed<Connected> c, InetSocketAddress to, boolean proxied) throws IOException {
    Connected conn = c.connected();
    try {
      int timeout;
      Map<SocketOption<?>, Object> late;
      synchronized (lock) {
        timeout = soTimeout;
        late = context == null ? Map.of() : context.late();
      }
      if (timeout != 0) {
        conn.setOption(SocketOptions.SO_TIMEOUT, timeout);
      }
      for (Map.Entry<SocketOption<?>, Object> e : late.entrySet()) {
        setOption(conn, e.getKey(), e.getValue()); // set while the attempts were under way
      }
    } catch (IOException | RuntimeException e) {
      conn.close();
      throw e;
    }
    synchronized (lock) {
      if (state == State.CLOSED) {
        conn.close();
        throw new SocketException("Socket closed");
      }
      connected = conn;
      dialed = c;
      held = null;
      dial = null;
      context = null; // every channel it had is an attempt's by now
      state = State.CONNECTED;
      InetAddress given = to.isUnresolved() ? null : to.getAddress();
      if (proxied) {
        address = given; // as the JDK's SOCKS socket: the destination, unknown when the proxy resolved it
      } else {
        // The caller's own InetAddress (its name included) when it won, else the winner, named.
        address = given != null && given.equals(c.remote().getAddress()) ? given : c.remote().getAddress();
      }
      port = to.getPort();
      localport = conn.localPort();
    }
  }

  @SuppressWarnings("unchecked")
  private static <T> void setOption(Connected c, SocketOption<T> name, Object value) throws IOException {
    c.setOption(name, (T) value);
  }

  /** The connect made, with its attempts; null before connect. */
  Dialed<Connected> dialed() {
    synchronized (lock) {
      return dialed;
    }
  }

  // ---- after connect: everything goes to what holds the connection ----

  private Connected connected() throws SocketException {
    synchronized (lock) {
      if (state == State.CLOSED) {
        throw new SocketException("Socket closed");
      }
      if (state != State.CONNECTED) {
        throw new SocketException("Socket is not connected");
      }
      return connected;
    }
  }

  @Override
  protected InputStream getInputStream() throws IOException {
    return connected().inputStream();
  }

  @Override
  protected OutputStream getOutputStream() throws IOException {
    return connected().outputStream();
  }

  @Override
  protected int available() throws IOException {
    return connected().available();
  }

  @Override
  protected void shutdownInput() throws IOException {
    connected().shutdownInput();
  }

  @Override
  protected void shutdownOutput() throws IOException {
    connected().shutdownOutput();
  }

  @Override
  protected boolean supportsUrgentData() {
    return true;
  }

  @Override
  protected void sendUrgentData(int data) throws IOException {
    connected().sendUrgentData(data);
  }

  /** Closes it in any state; a socket closed before it was created never will be. Idempotent. */
  @Override
  protected void close() throws IOException {
    State was;
    ConnectContext early;
    Dial<Connected> running;
    SocketImpl single;
    Connected link;
    synchronized (lock) {
      was = state;
      if (was == State.CLOSED) {
        return;
      }
      state = State.CLOSED;
      early = context;
      running = dial;
      single = connecting;
      link = was == State.CONNECTED ? connected : held;
    }
    if (running != null && was == State.CONNECTING) {
      running.abort(() -> new SocketException("Socket closed"));
    }
    if (single != null) {
      JdkSockets.close(single); // the JDK's connect ends with "Socket closed"
    }
    if (early != null) {
      early.close();
    }
    if (link != null) {
      link.close();
    }
  }

  // ---- options: on the connect context's channel before connect, on the connection after ----

  private final LegacyOptions.Target beforeConnect = new LegacyOptions.Target() {
    @Override
    public <T> void set(SocketOption<T> name, T value) throws IOException {
      ByNameSocketImpl.this.setOption(name, value);
    }

    @Override
    public <T> T get(SocketOption<T> name) throws IOException {
      return ByNameSocketImpl.this.getOption(name);
    }

    @Override
    public void soTimeout(int millis) {
      synchronized (lock) {
        soTimeout = millis;
      }
    }

    @Override
    public int soTimeout() {
      synchronized (lock) {
        return soTimeout;
      }
    }

    @Override
    public InetAddress boundAddress() {
      synchronized (lock) {
        InetSocketAddress local = context == null ? null : context.localAddress();
        return local == null ? null : local.getAddress();
      }
    }
  };

  @Override
  public void setOption(int id, Object value) throws SocketException {
    Connected c = connectedOrNull();
    if (c != null) {
      c.setOption(id, value);
    } else {
      LegacyOptions.set(beforeConnect, id, value);
    }
  }

  @Override
  public Object getOption(int id) throws SocketException {
    Connected c = connectedOrNull();
    return c != null ? c.getOption(id) : LegacyOptions.get(beforeConnect, id);
  }

  @Override
  protected <T> void setOption(SocketOption<T> name, T value) throws IOException {
    Connected c = connectedOrNull();
    if (c != null) {
      c.setOption(name, value);
      return;
    }
    checkSupported(name);
    if (!name.type().isInstance(value)) {
      throw new IllegalArgumentException("Invalid value '" + value + "'");
    }
    synchronized (lock) {
      ensureOpen();
      context.set(name, value);
    }
  }

  @Override
  protected <T> T getOption(SocketOption<T> name) throws IOException {
    Connected c = connectedOrNull();
    if (c != null) {
      return c.getOption(name);
    }
    checkSupported(name);
    synchronized (lock) {
      ensureOpen();
      return context.get(name);
    }
  }

  private static void checkSupported(SocketOption<?> name) {
    if (name != SocketDefaults.oobInline() && !SocketDefaults.supported().contains(name)) {
      throw new UnsupportedOperationException("'" + name + "' not supported");
    }
  }

  /** The connection when connected; null before; "Socket closed" when closed. */
  private Connected connectedOrNull() throws SocketException {
    synchronized (lock) {
      if (state == State.CLOSED) {
        throw new SocketException("Socket closed");
      }
      return state == State.CONNECTED ? connected : null;
    }
  }

  @Override
  protected Set<SocketOption<?>> supportedOptions() {
    synchronized (lock) {
      if (connected != null) {
        return connected.supportedOptions();
      }
    }
    return SocketDefaults.supported();
  }

  @Override
  protected void bind(InetAddress host, int port) throws IOException {
    synchronized (lock) {
      ensureOpen();
      if (state != State.OPEN || context.localAddress() != null) {
        throw new SocketException("Already bound");
      }
      try {
        context.bind(new InetSocketAddress(host, port));
      } catch (java.nio.channels.UnsupportedAddressTypeException e) {
        throw familyUnavailable(host); // an IPv6 address on an IPv4-only stack
      } catch (java.nio.channels.AlreadyBoundException e) {
        throw new SocketException("Already bound");
      }
      localport = context.localAddress().getPort();
    }
  }

  /**
   * What the JDK's own bind says of an address of a family the stack lacks, in this JDK's words
   * (17: {@code Protocol family unavailable}; 25: {@code IPv6 protocol family unavailable}): asked
   * of a server socket, which keeps the JDK's implementation under the agent too.
   */
  private static SocketException familyUnavailable(InetAddress host) {
    try (java.net.ServerSocket jdk = new java.net.ServerSocket()) {
      jdk.bind(new InetSocketAddress(host, 0));
    } catch (IOException e) {
      return new SocketException(e.getMessage());
    }
    return new SocketException("Protocol family unavailable");
  }

  private void ensureOpen() throws SocketException {
    if (state == State.CLOSED) {
      throw new SocketException("Socket closed");
    }
    if (state == State.NEW) {
      throw new SocketException("Socket not created");
    }
  }

  @Override
  protected void listen(int backlog) throws IOException {
    throw new SocketException("connect-by-name sockets are client sockets: listen is not supported");
  }

  @Override
  protected void accept(SocketImpl s) throws IOException {
    throw new SocketException("connect-by-name sockets are client sockets: accept is not supported");
  }
}
