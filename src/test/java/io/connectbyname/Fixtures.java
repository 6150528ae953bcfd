package io.connectbyname;

import io.connectbyname.cli.Blackhole;
import io.connectbyname.cli.Listener;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import io.connectbyname.spi.AddressResolver;
import java.io.Closeable;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.channels.SocketChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

/**
 * Loopback fixtures for real-socket tests: live servers, blackholed and refusing addresses, an
 * in-process resolver, and a count of open file descriptors. Everything that holds a socket is
 * {@link AutoCloseable}; use it in try-with-resources.
 *
 * <pre>{@code
 * try (Fixtures.Site site = Fixtures.site(Fixtures.blackhole(Fixtures.V6), Fixtures.live(Fixtures.V4))) {
 *   Settings s = Settings.defaults().withResolver(Fixtures.resolver(Map.of("he.test", site.addresses())));
 *   ConnectByName.with(s).connect("he.test", site.port(), Duration.ofSeconds(5));
 * }
 * }</pre>
 */
public final class Fixtures {
  /** {@code 127.0.0.1}, without a host name. */
  public static final InetAddress V4 = address(127, 0, 0, 1);
  /** {@code ::1}, without a host name. */
  public static final InetAddress V6 = address(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1);

  private static final Duration PROBE = Duration.ofMillis(100);

  private Fixtures() {}

  /** Another loopback IPv4 address, {@code 127.0.0.n}; on Linux all of 127/8 is local. */
  public static InetAddress v4(int n) {
    return address(127, 0, 0, n);
  }

  /** A resolver that knows exactly {@code names}; any other name is an {@link UnknownHostException}. */
  public static Resolver resolver(Map<String, List<InetAddress>> names) {
    return new Resolver(names);
  }

  /** The number of open file descriptors of this process ({@code /proc/self/fd}), or -1 where there is no {@code /proc}. */
  public static int openFileDescriptors() {
    Map<Integer, String> fds = fileDescriptors();
    return fds == null ? -1 : fds.size();
  }

  /**
   * The open file descriptors of this process and what each is ({@code socket:[1234]},
   * {@code anon_inode:[eventpoll]}, a path), for messages about leaks; {@code null} where there
   * is no {@code /proc/self/fd}. The descriptor used to list the directory is left out.
   */
  public static Map<Integer, String> fileDescriptors() {
    Path dir = Path.of("/proc/self/fd");
    if (!Files.isDirectory(dir)) {
      return null;
    }
    String self = "/proc/" + ProcessHandle.current().pid() + "/fd";
    Map<Integer, String> result = new TreeMap<>();
    try (DirectoryStream<Path> list = Files.newDirectoryStream(dir)) {
      for (Path fd : list) {
        try {
          String what = Files.readSymbolicLink(fd).toString();
          if (!what.equals(self)) {
            result.put(Integer.valueOf(fd.getFileName().toString()), what);
          }
        } catch (IOException e) {
          // closed while listing: the one listing the directory, or another thread's
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return result;
  }

  /** What is open in {@code after} but not {@code before}, and the other way round, e.g. {@code +17=socket:[99]}. */
  public static String difference(Map<Integer, String> before, Map<Integer, String> after) {
    StringBuilder b = new StringBuilder();
    after.forEach((fd, what) -> {
      if (!what.equals(before.get(fd))) {
        b.append(b.length() == 0 ? "" : ", ").append('+').append(fd).append('=').append(what);
      }
    });
    before.forEach((fd, what) -> {
      if (!what.equals(after.get(fd))) {
        b.append(b.length() == 0 ? "" : ", ").append('-').append(fd).append('=').append(what);
      }
    });
    return b.toString();
  }

  /**
   * Checks that nothing opened since {@code before} (from {@link #fileDescriptors()}; {@code null} =
   * no {@code /proc}, nothing to check) is still open: every descriptor open now was open then, as
   * the same file or socket, or is closed again 100 ms later. One that closed meanwhile is no leak:
   * the JDK and the other tests' servers close their own on their own threads.
   *
   * @throws AssertionError naming what was opened and left open
   */
  public static void assertNoDescriptorLeak(Map<Integer, String> before, String when) {
    if (before == null) {
      return;
    }
    Map<Integer, String> after = fileDescriptors();
    Map<Integer, String> opened = opened(before, after);
    if (!opened.isEmpty()) {
      // Another thread may have had a file open for a moment just then: the JVM itself reads
      // /sys/fs/cgroup/.../memory.limit_in_bytes now and then. A leak is still open a moment later.
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      Map<Integer, String> again = fileDescriptors();
      opened.keySet().removeIf(fd -> !opened.get(fd).equals(again.get(fd)));
    }
    if (!opened.isEmpty()) {
      throw new AssertionError(opened.size() + " descriptor(s) opened and still open " + when + ": "
          + difference(before, after));
    }
  }

  /** The descriptors of {@code after} that were not open in {@code before} as the same file or socket. */
  private static Map<Integer, String> opened(Map<Integer, String> before, Map<Integer, String> after) {
    Map<Integer, String> opened = new TreeMap<>();
    after.forEach((fd, what) -> {
      if (!what.equals(before.get(fd))) {
        opened.put(fd, what);
      }
    });
    return opened;
  }

  /**
   * Waits until {@code thread} blocks in the JDK's socket code (a native frame of {@code sun.nio.ch}
   * on top, a frame of this library below), e.g. in a selector or a blocking connect; to interrupt
   * or abort it there rather than before it got there. Polls the stack every millisecond.
   *
   * @throws AssertionError when the thread ends first or does not block within {@code max}
   */
  public static void awaitBlocked(Thread thread, Duration max) throws InterruptedException {
    long giveUp = System.nanoTime() + max.toNanos();
    while (!blockedInSocketCode(thread)) {
      if (!thread.isAlive()) {
        throw new AssertionError(thread.getName() + " ended before it blocked");
      }
      if (System.nanoTime() - giveUp > 0) {
        throw new AssertionError(thread.getName() + " did not block within " + max.toMillis() + " ms");
      }
      Thread.sleep(1); // polling for a state, not waiting for time to pass
    }
  }

  private static boolean blockedInSocketCode(Thread t) {
    StackTraceElement[] stack = t.getStackTrace();
    if (stack.length == 0 || !stack[0].isNativeMethod() || !stack[0].getClassName().startsWith("sun.nio.ch.")) {
      return false;
    }
    for (StackTraceElement frame : stack) {
      if (frame.getClassName().startsWith("io.connectbyname.")) {
        return true;
      }
    }
    return false;
  }

  /** Sends {@code text} on {@code s} and checks that the same bytes come back, as from an echo server. */
  public static void assertEchoes(Socket s, String text) throws IOException {
    byte[] sent = text.getBytes(StandardCharsets.US_ASCII);
    s.getOutputStream().write(sent);
    s.getOutputStream().flush();
    byte[] back = new byte[sent.length];
    new DataInputStream(s.getInputStream()).readFully(back);
    assertArrayEquals(sent, back);
  }

  /** A live server: accepts every connection and closes it at once. */
  public static Spec live(InetAddress address) {
    return new Spec(address, Kind.LIVE);
  }

  /** A live server that echoes what it reads until the client closes. */
  public static Spec echo(InetAddress address) {
    return new Spec(address, Kind.ECHO);
  }

  /** An echo server of its own at {@code address}, port {@code port} (0 = any free port). */
  public static Server echoServer(InetAddress address, int port) throws IOException {
    return new Server(new InetSocketAddress(address, port), true);
  }

  /** A blackholed address: connects to it hang like a silent host. */
  public static Spec blackhole(InetAddress address) {
    return new Spec(address, Kind.BLACKHOLE);
  }

  /** A refused address: nothing listens there, so connects are refused at once. */
  public static Spec refused(InetAddress address) {
    return new Spec(address, Kind.REFUSED);
  }

  /**
   * Opens every spec on one common port (a connect by name uses one port for all the addresses of
   * a name), retrying with another port when one is taken on some address.
   *
   * @throws IllegalArgumentException when two specs name the same address
   */
  public static Site site(Spec... specs) throws IOException {
    if (Stream.of(specs).map(Spec::address).distinct().count() != specs.length) {
      throw new IllegalArgumentException("Each spec needs an address of its own: " + List.of(specs));
    }
    BindException last = null;
    for (int attempt = 0; attempt < 20; attempt++) {
      List<Listener> opened = new ArrayList<>();
      try {
        int port = 0;
        for (Spec spec : specs) {
          Listener l = spec.open(port);
          opened.add(l);
          port = l.address().getPort();
        }
        return new Site(opened);
      } catch (BindException e) {
        last = e;
      } catch (IOException | RuntimeException e) {
        closeAll(opened);
        throw e;
      }
      closeAll(opened);
    }
    throw last;
  }

  /** What a {@link Spec} opens. */
  public enum Kind { LIVE, ECHO, BLACKHOLE, REFUSED }

  /**
   * One address and how it answers.
   *
   * @param address the loopback address, e.g. {@link #V4} or {@link #V6}
   * @param kind how connects to it end
   */
  public record Spec(InetAddress address, Kind kind) {
    /** Opens it on {@code port}, 0 = any free port. */
    public Listener open(int port) throws IOException {
      InetSocketAddress at = new InetSocketAddress(address, port);
      switch (kind) {
        case LIVE: return new Server(at, false);
        case ECHO: return new Server(at, true);
        case BLACKHOLE: return new Blackhole(at);
        default: return new Refused(at);
      }
    }
  }

  /** Something at one address and port; closing it releases its sockets. */
  public interface Listener extends Closeable {
    /** The address and port it is at. */
    InetSocketAddress address();

    /** The spec it was opened from. */
    Kind kind();

    @Override
    void close() throws IOException;
  }

  /** Listeners on several addresses sharing one port. */
  public static final class Site implements AutoCloseable {
    private final List<Listener> listeners;

    private Site(List<Listener> listeners) {
      this.listeners = List.copyOf(listeners);
    }

    /** The common port. */
    public int port() {
      return listeners.get(0).address().getPort();
    }

    /** The addresses, in the order of the specs: what a resolver returns for the site's name. */
    public List<InetAddress> addresses() {
      return listeners.stream().map(l -> l.address().getAddress()).toList();
    }

    /** The socket address of the i-th spec. */
    public InetSocketAddress address(int i) {
      return listeners.get(i).address();
    }

    /** The listener of the i-th spec, e.g. to cast to {@link Server}. */
    public Listener listener(int i) {
      return listeners.get(i);
    }

    @Override
    public void close() throws IOException {
      closeAll(listeners);
    }
  }

  /**
   * A server on a background daemon thread: accepts every connection, then closes it at once or
   * echoes (on a thread of its own) until the client closes. Counts the connections it has
   * finished with and records the remote address of each it accepted, so a test can tell a direct
   * connection (the client's own local address) from one made by a proxy. Closing it closes every connection it holds and waits for its threads, so that
   * no descriptor of the server's side outlives it.
   */
  public static final class Server implements Listener {
    private final ServerSocket server;
    private final boolean echo;
    private final Thread acceptor;
    private final Set<Socket> open = new HashSet<>();
    private final List<Thread> threads = new ArrayList<>();
    private final List<SocketAddress> clients = new CopyOnWriteArrayList<>();
    private int finished;

    Server(InetSocketAddress at, boolean echo) throws IOException {
      this.echo = echo;
      this.server = new ServerSocket();
      try {
        server.bind(at, 50);
      } catch (IOException e) {
        server.close();
        throw e;
      }
      this.acceptor = new Thread(this::acceptLoop, "fixture-server-" + address());
      acceptor.setDaemon(true);
      acceptor.start();
    }

    private void acceptLoop() {
      while (true) {
        Socket s;
        try {
          s = server.accept();
        } catch (IOException e) {
          return; // closed
        }
        clients.add(s.getRemoteSocketAddress());
        synchronized (this) {
          open.add(s);
        }
        if (echo) {
          Thread t = new Thread(() -> serve(s), "fixture-echo-" + s.getRemoteSocketAddress());
          t.setDaemon(true);
          synchronized (this) {
            threads.add(t);
          }
          t.start();
        } else {
          serve(s);
        }
      }
    }

    private void serve(Socket s) {
      try (s; InputStream in = s.getInputStream(); OutputStream out = s.getOutputStream()) {
        if (echo) {
          in.transferTo(out);
        }
      } catch (IOException ignored) {
        // the client went away, or the server was closed; nothing to report
      }
      synchronized (this) {
        open.remove(s);
        finished++;
        notifyAll();
      }
    }

    /**
     * Waits until {@code n} connections in all have been accepted and closed again by this server,
     * so that no descriptor of the server's side is open.
     *
     * @return whether that happened within {@code timeout}
     */
    public synchronized boolean awaitFinished(int n, Duration timeout) throws InterruptedException {
      long end = System.nanoTime() + timeout.toNanos();
      while (finished < n) {
        long left = end - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        wait(Math.max(1, left / 1_000_000));
      }
      return true;
    }

    /** Connections accepted and closed so far. */
    public synchronized int finished() {
      return finished;
    }

    /** The remote address of every connection accepted so far, in order. */
    public List<SocketAddress> clients() {
      return List.copyOf(clients);
    }

    /** The port it listens on. */
    public int port() {
      return address().getPort();
    }

    @Override
    public InetSocketAddress address() {
      return (InetSocketAddress) server.getLocalSocketAddress();
    }

    @Override
    public Kind kind() {
      return echo ? Kind.ECHO : Kind.LIVE;
    }

    @Override
    public void close() throws IOException {
      server.close();
      try {
        join(acceptor); // after this, no connection or thread is added
        List<Thread> echoes;
        synchronized (this) {
          echoes = new ArrayList<>(threads);
          for (Socket s : open) {
            s.close();
          }
        }
        for (Thread t : echoes) {
          join(t);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("Interrupted while closing " + this, e);
      }
    }

    private static void join(Thread t) throws InterruptedException, IOException {
      t.join(5000);
      if (t.isAlive()) {
        throw new IOException(t.getName() + " did not end");
      }
    }

    @Override
    public String toString() {
      return kind() + " " + address();
    }
  }

  /**
   * A blackholed address: a listener with backlog 1 whose accept queue is full of connections that
   * are never accepted, so the kernel drops further SYNs and connects hang until they time out. It
   * is the library's own {@link io.connectbyname.cli.Blackhole} (the one {@code --demo} uses),
   * probing for 100 ms: Linux completes backlog + 1 = 2 handshakes before it drops SYNs, and the
   * probe that does not complete proves it.
   */
  public static final class Blackhole implements Listener {
    private final io.connectbyname.cli.Blackhole hole;

    Blackhole(InetSocketAddress at) throws IOException {
      hole = io.connectbyname.cli.Blackhole.open(at, PROBE.toMillis());
    }

    /** How many connections it took to fill the accept queue (the hanging probe not counted). */
    public int fillers() {
      return hole.fillers();
    }

    @Override
    public InetSocketAddress address() {
      return hole.address();
    }

    @Override
    public Kind kind() {
      return Kind.BLACKHOLE;
    }

    @Override
    public void close() throws IOException {
      hole.close();
    }

    @Override
    public String toString() {
      return "BLACKHOLE " + address() + " (" + fillers() + " fillers)";
    }
  }

  /**
   * A refused address: a socket bound to the address and port but not listening. It keeps the port
   * from being taken by anyone else, and every connect to it is refused.
   */
  public static final class Refused implements Listener {
    private final SocketChannel holder;
    private final InetSocketAddress address;

    Refused(InetSocketAddress at) throws IOException {
      holder = channel(at);
      try {
        holder.bind(at);
        address = (InetSocketAddress) holder.getLocalAddress();
      } catch (IOException e) {
        holder.close();
        throw e;
      }
    }

    @Override
    public InetSocketAddress address() {
      return address;
    }

    @Override
    public Kind kind() {
      return Kind.REFUSED;
    }

    @Override
    public void close() throws IOException {
      holder.close();
    }

    @Override
    public String toString() {
      return "REFUSED " + address();
    }
  }

  /** An in-process resolver over a fixed table; records the names it was asked for. */
  public static final class Resolver implements AddressResolver {
    private final Map<String, List<InetAddress>> names;
    private final List<String> lookups = Collections.synchronizedList(new ArrayList<>());

    Resolver(Map<String, List<InetAddress>> names) {
      this.names = new LinkedHashMap<>(names);
    }

    @Override
    public List<InetAddress> resolve(String host) throws UnknownHostException {
      lookups.add(host);
      List<InetAddress> found = names.get(host);
      if (found == null) {
        throw new UnknownHostException(host);
      }
      return found;
    }

    /** The names asked for so far, in order. */
    public List<String> lookups() {
      return List.copyOf(lookups);
    }
  }

  private static SocketChannel channel(InetSocketAddress at) throws IOException {
    return SocketChannel.open(at.getAddress() instanceof Inet6Address
        ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET);
  }

  private static void closeAll(List<? extends AutoCloseable> all) throws IOException {
    IOException first = null;
    for (AutoCloseable c : all) {
      try {
        c.close();
      } catch (Exception e) {
        if (first == null) {
          first = e instanceof IOException io ? io : new IOException(e);
        } else {
          first.addSuppressed(e);
        }
      }
    }
    if (first != null) {
      throw first;
    }
  }

  private static InetAddress address(int... bytes) {
    byte[] b = new byte[bytes.length];
    for (int i = 0; i < b.length; i++) {
      b[i] = (byte) bytes[i];
    }
    try {
      return InetAddress.getByAddress(b);
    } catch (UnknownHostException e) {
      throw new AssertionError(e);
    }
  }
}
