package io.connectbyname.internal.socket;

import io.connectbyname.internal.engine.Destination;
import io.connectbyname.internal.engine.Dial;
import io.connectbyname.internal.proxy.ProxyRoute;
import io.connectbyname.internal.proxy.Socks;

import io.connectbyname.Connection;
import io.connectbyname.Settings;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.SocketException;
import java.net.SocketImpl;
import java.net.SocketOption;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * A client {@link SocketImpl} that connects by name. Before connect it records the options set on
 * it (the {@link ConnectContext}); {@code connect} races every address of the name and applies the
 * options to each attempt; after connect every call goes to the winning channel's own socket, so the
 * data path is the JDK's. It keeps {@code NioSocketImpl}'s contract: closes itself when connect
 * fails, lets {@link SocketTimeoutException} through, an interrupt becomes
 * {@code SocketException("Closed by interrupt")}, and {@code close()} is idempotent and ends a
 * running connect from any thread.
 */
public final class ByNameSocketImpl extends SocketImpl {
  private enum State { NEW, CONNECTING, CONNECTED, CLOSED }

  private final Settings settings;
  private final boolean useProxySelector;
  private final Object lock = new Object();
  private final ConnectContext context = new ConnectContext();
  private State state = State.NEW;
  private Dial dial;
  private SocketChannel channel;
  private Socket peer;
  private Connection connection;

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

  @Override
  protected void create(boolean stream) throws IOException {
    if (!stream) {
      throw new SocketException("connect-by-name supports stream sockets only");
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
      throw new IllegalArgumentException("Unsupported address type: " + remote);
    }
    Dial d;
    synchronized (lock) {
      switch (state) {
        case CLOSED -> throw new SocketException("Socket closed");
        case CONNECTING, CONNECTED -> throw new SocketException("Already connected");
        default -> { }
      }
      state = State.CONNECTING;
      d = dial = new Dial(settings, System::nanoTime, context);
    }
    Duration timeout = timeoutMillis > 0 ? Duration.ofMillis(timeoutMillis) : settings.timeout();
    try {
      if (to instanceof PlannedAddress planned && planned.plan() != null) {
        Connection c = planned.plan().connect(d);
        connected(c, c.remote(), false); // the winner, named: connectByList's entries differ in port
        return;
      }
      List<Proxy> proxies = useProxySelector ? Socks.proxiesFor(to.getHostString(), to.getPort()) : List.of();
      ProxyRoute.Route route = proxies.isEmpty()
          ? new ProxyRoute.Route(Destination.connect(d, settings.resolver(), System::nanoTime, to, timeout), false)
          : ProxyRoute.connect(owner, d, settings.resolver(), proxies, to, timeout);
      connected(route.connection(), to, route.proxied());
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

  private final ProxyRoute.Owner owner = new ProxyRoute.Owner() {
    @Override
    public Dial redial() throws SocketException {
      synchronized (lock) {
        if (state == State.CLOSED) {
          throw new SocketException("Socket closed");
        }
        return dial = new Dial(settings, System::nanoTime, context);
      }
    }

    @Override
    public void hold(SocketChannel held) throws SocketException {
      synchronized (lock) {
        if (state == State.CLOSED) {
          throw new SocketException("Socket closed");
        }
        channel = held;
      }
    }
  };

  private void connected(Connection c, InetSocketAddress to, boolean proxied) throws IOException {
    Socket s = c.socket();
    context.applyAfterConnect(s);
    synchronized (lock) {
      if (state == State.CLOSED) {
        s.close();
        throw new SocketException("Socket closed");
      }
      channel = s.getChannel();
      peer = s;
      connection = c;
      state = State.CONNECTED;
      InetAddress given = to.isUnresolved() ? null : to.getAddress();
      if (proxied) {
        address = given; // as the JDK's SOCKS socket: the destination, unknown when the proxy resolved it
      } else {
        // The caller's own InetAddress (its name included) when it won, else the winner, named.
        address = sameAddress(given, c.remote().getAddress()) ? given : c.remote().getAddress();
      }
      port = to.getPort();
      localport = s.getLocalPort();
    }
  }

  /** The connection made, with its attempts; null before connect. */
  Connection connection() {
    synchronized (lock) {
      return connection;
    }
  }

  private static boolean sameAddress(InetAddress a, InetAddress b) {
    return a != null && b != null && a.equals(b);
  }

  // ---- after connect: everything goes to the winner's own socket ----

  private Socket peer() throws SocketException {
    synchronized (lock) {
      if (state == State.CLOSED) {
        throw new SocketException("Socket closed");
      }
      if (state != State.CONNECTED) {
        throw new SocketException("Socket is not connected");
      }
      return peer;
    }
  }

  @Override
  protected InputStream getInputStream() throws IOException {
    return peer().getInputStream();
  }

  @Override
  protected OutputStream getOutputStream() throws IOException {
    return peer().getOutputStream();
  }

  @Override
  protected int available() throws IOException {
    return peer().getInputStream().available();
  }

  @Override
  protected void shutdownInput() throws IOException {
    peer().shutdownInput();
  }

  @Override
  protected void shutdownOutput() throws IOException {
    peer().shutdownOutput();
  }

  @Override
  protected boolean supportsUrgentData() {
    return true;
  }

  @Override
  protected void sendUrgentData(int data) throws IOException {
    peer().sendUrgentData(data);
  }

  @Override
  protected void close() throws IOException {
    Dial running;
    SocketChannel open;
    synchronized (lock) {
      if (state == State.CLOSED) {
        return;
      }
      running = state == State.CONNECTING ? dial : null;
      open = channel;
      state = State.CLOSED;
    }
    if (running != null) {
      running.abort(new SocketException("Socket closed"));
    }
    if (open != null) {
      open.close();
    }
  }

  // ---- options: recorded before connect, the winner's after ----

  @Override
  public void setOption(int id, Object value) throws SocketException {
    LegacyOptions.set(this, id, value);
  }

  @Override
  public Object getOption(int id) throws SocketException {
    return LegacyOptions.get(this, id);
  }

  @Override
  protected <T> void setOption(SocketOption<T> name, T value) throws IOException {
    synchronized (lock) {
      ensureOpen();
      if (state == State.CONNECTED) {
        peer.setOption(name, value);
      } else {
        context.set(name, value);
      }
    }
  }

  @Override
  protected <T> T getOption(SocketOption<T> name) throws IOException {
    synchronized (lock) {
      ensureOpen();
      return state == State.CONNECTED ? peer.getOption(name) : context.get(name);
    }
  }

  @Override
  protected Set<SocketOption<?>> supportedOptions() {
    return SocketDefaults.supported();
  }

  @Override
  protected void bind(InetAddress host, int port) throws IOException {
    synchronized (lock) {
      ensureOpen();
      if (state != State.NEW || context.bindAddress() != null) {
        throw new SocketException("Already bound");
      }
      context.bind(new InetSocketAddress(host, port));
      localport = port;
    }
  }

  void soTimeout(int millis) throws SocketException {
    synchronized (lock) {
      ensureOpen();
      context.soTimeout(millis);
      if (state == State.CONNECTED) {
        peer.setSoTimeout(millis);
      }
    }
  }

  int soTimeout() {
    return context.soTimeout();
  }

  void oobInline(boolean on) throws SocketException {
    synchronized (lock) {
      ensureOpen();
      context.oobInline(on);
      if (state == State.CONNECTED) {
        peer.setOOBInline(on);
      }
    }
  }

  boolean oobInline() throws SocketException {
    synchronized (lock) {
      ensureOpen();
      return state == State.CONNECTED ? peer.getOOBInline() : context.oobInline();
    }
  }

  InetAddress localAddress() throws SocketException {
    synchronized (lock) {
      if (state == State.CONNECTED) {
        return peer.getLocalAddress();
      }
      InetSocketAddress bound = context.bindAddress();
      return bound == null ? null : bound.getAddress();
    }
  }

  void ensureOpen() throws SocketException {
    synchronized (lock) {
      if (state == State.CLOSED) {
        throw new SocketException("Socket closed");
      }
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
