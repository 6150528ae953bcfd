package io.connectbyname;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * A tiny SOCKS proxy for tests, on loopback: SOCKS5 (RFC 1928) with "no authentication" or
 * username/password (RFC 1929), and SOCKS4/4a; CONNECT only, to IPv4, IPv6 or a domain name. It
 * resolves domain names through its own small map (never DNS), records every request, then pipes
 * bytes both ways on daemon threads. It can be told to refuse every CONNECT with a reply code, or
 * to stay silent after the greeting. {@link #close()} closes the listener and every connection.
 */
final class Socks5Server implements Closeable {
  /** SOCKS5 "no acceptable methods". */
  static final int NO_ACCEPTABLE_METHOD = 0xFF;

  /**
   * One CONNECT request as the proxy received it.
   *
   * @param version 5 or 4
   * @param method the SOCKS5 authentication method chosen (0 none, 2 username/password); -1 for SOCKS4
   * @param user the user name sent (SOCKS5 login or SOCKS4 user id), or null
   * @param password the SOCKS5 password sent, or null
   * @param addressType 1 IPv4, 3 domain name, 4 IPv6 (SOCKS4a names count as 3)
   * @param host the destination: the name as sent, or the numeric address
   * @param port the destination port
   */
  record Request(int version, int method, String user, String password, int addressType, String host, int port) {}

  private final ServerSocket listener;
  private final Map<String, InetAddress> names = new ConcurrentHashMap<>();
  private final List<Request> requests = new CopyOnWriteArrayList<>();
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private final Object idle = new Object();
  private int active; // connections accepted and not yet closed; guarded by idle
  private int greetings; // guarded by idle
  private volatile String user;
  private volatile String password;
  private volatile int refuseWith;
  private volatile boolean silent;

  /** A proxy listening on {@code address}, port {@code port} (0 = any free port). */
  Socks5Server(InetAddress address, int port) throws IOException {
    listener = new ServerSocket();
    listener.bind(new InetSocketAddress(address, port), 50);
    Thread t = new Thread(this::acceptLoop, "socks " + listener.getLocalSocketAddress());
    t.setDaemon(true);
    t.start();
  }

  /** Resolves {@code name} to {@code address} for domain-name requests; other names are unreachable. */
  Socks5Server map(String name, InetAddress address) {
    names.put(name, address);
    return this;
  }

  /** Demands SOCKS5 username/password authentication with these credentials. */
  Socks5Server requireLogin(String user, String password) {
    this.user = user;
    this.password = password;
    return this;
  }

  /** Refuses every CONNECT with SOCKS5 reply {@code code} (SOCKS4: 91); 0 = connect as asked. */
  Socks5Server refuseWith(int code) {
    this.refuseWith = code;
    return this;
  }

  /** Reads the greeting and never answers: a proxy that hangs. */
  Socks5Server silent() {
    this.silent = true;
    return this;
  }

  int port() {
    return listener.getLocalPort();
  }

  InetSocketAddress address() {
    return (InetSocketAddress) listener.getLocalSocketAddress();
  }

  /** Every CONNECT request received so far, in order. */
  List<Request> requests() {
    return List.copyOf(requests);
  }

  /** The greetings (first messages) received so far. */
  int greetings() {
    synchronized (idle) {
      return greetings;
    }
  }

  /** Waits until {@code count} greetings (first messages) have arrived; false on timeout. */
  boolean awaitGreetings(int count, long timeoutMillis) throws InterruptedException {
    return await(() -> greetings >= count, timeoutMillis);
  }

  /**
   * Waits until every connection accepted so far has been closed on the proxy's side, so that a
   * descriptor count taken next sees none of the proxy's sockets; false on timeout.
   */
  boolean awaitIdle(long timeoutMillis) throws InterruptedException {
    return await(() -> active == 0, timeoutMillis);
  }

  private boolean await(BooleanSupplier condition, long timeoutMillis) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
    synchronized (idle) {
      while (!condition.getAsBoolean()) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        TimeUnit.NANOSECONDS.timedWait(idle, left);
      }
      return true;
    }
  }

  private void acceptLoop() {
    while (!listener.isClosed()) {
      Socket client;
      try {
        client = listener.accept();
      } catch (IOException e) {
        return; // closed
      }
      synchronized (idle) {
        active++;
      }
      open.add(client);
      daemon("socks connection " + client.getRemoteSocketAddress(), () -> serve(client));
    }
  }

  private void serve(Socket client) {
    try (client) {
      DataInputStream in = new DataInputStream(client.getInputStream());
      OutputStream out = client.getOutputStream();
      int version = in.readUnsignedByte();
      if (version == 5) {
        serve5(client, in, out);
      } else if (version == 4) {
        serve4(client, in, out);
      }
    } catch (IOException ignored) {
      // the client or close() ended it
    } finally {
      open.remove(client);
      synchronized (idle) {
        active--;
        idle.notifyAll();
      }
    }
  }

  private void greeted(InputStream in) throws IOException {
    synchronized (idle) {
      greetings++;
      idle.notifyAll();
    }
    if (silent) {
      while (in.read() >= 0) {
        // never answer; wait for the client or close() to end it
      }
      throw new IOException("silent proxy: connection ended");
    }
  }

  private void serve5(Socket client, DataInputStream in, OutputStream out) throws IOException {
    byte[] methods = new byte[in.readUnsignedByte()];
    in.readFully(methods);
    greeted(in);
    int wanted = user != null ? 2 : 0;
    int method = NO_ACCEPTABLE_METHOD;
    for (byte m : methods) {
      if (m == wanted) {
        method = wanted;
      }
    }
    out.write(new byte[] {5, (byte) method});
    out.flush();
    if (method == NO_ACCEPTABLE_METHOD) {
      return;
    }
    String sentUser = null;
    String sentPassword = null;
    if (method == 2) {
      in.readUnsignedByte(); // sub-negotiation version 1
      sentUser = text(in, in.readUnsignedByte());
      sentPassword = text(in, in.readUnsignedByte());
      boolean ok = user.equals(sentUser) && password.equals(sentPassword);
      out.write(new byte[] {1, (byte) (ok ? 0 : 1)});
      out.flush();
      if (!ok) {
        return;
      }
    }
    in.readUnsignedByte(); // version
    int command = in.readUnsignedByte();
    in.readUnsignedByte(); // reserved
    int type = in.readUnsignedByte();
    String host;
    InetAddress target;
    switch (type) {
      case 1, 4 -> {
        byte[] a = new byte[type == 1 ? 4 : 16];
        in.readFully(a);
        target = InetAddress.getByAddress(a);
        host = target.getHostAddress();
      }
      case 3 -> {
        host = text(in, in.readUnsignedByte());
        target = names.get(host);
      }
      default -> {
        reply5(out, 8);
        return;
      }
    }
    int port = in.readUnsignedShort();
    requests.add(new Request(5, method, sentUser, sentPassword, type, host, port));
    if (command != 1) {
      reply5(out, 7);
      return;
    }
    if (refuseWith != 0) {
      reply5(out, refuseWith);
      return;
    }
    if (target == null) {
      reply5(out, 4); // host unreachable: not in our map
      return;
    }
    Socket upstream = upstream(target, port);
    if (upstream == null) {
      reply5(out, 5);
      return;
    }
    try (upstream) {
      reply5(out, 0);
      pipe(client, upstream);
    }
  }

  private void serve4(Socket client, DataInputStream in, OutputStream out) throws IOException {
    int command = in.readUnsignedByte();
    int port = in.readUnsignedShort();
    byte[] ip = new byte[4];
    in.readFully(ip);
    String userId = zeroTerminated(in);
    boolean byName = ip[0] == 0 && ip[1] == 0 && ip[2] == 0 && ip[3] != 0; // SOCKS4a
    String host = byName ? zeroTerminated(in) : InetAddress.getByAddress(ip).getHostAddress();
    greeted(in);
    requests.add(new Request(4, -1, userId, null, byName ? 3 : 1, host, port));
    InetAddress target = byName ? names.get(host) : InetAddress.getByAddress(ip);
    Socket upstream = command != 1 || refuseWith != 0 || target == null ? null : upstream(target, port);
    if (upstream == null) {
      out.write(new byte[] {0, 91, 0, 0, 0, 0, 0, 0});
      out.flush();
      return;
    }
    try (upstream) {
      out.write(new byte[] {0, 90, 0, 0, 0, 0, 0, 0});
      out.flush();
      pipe(client, upstream);
    }
  }

  private Socket upstream(InetAddress target, int port) {
    Socket s = new Socket(Proxy.NO_PROXY); // never through the proxy a test sets as default
    open.add(s);
    try {
      s.connect(new InetSocketAddress(target, port), 2000);
      return s;
    } catch (IOException e) {
      open.remove(s);
      try {
        s.close();
      } catch (IOException ignored) {
        // nothing to do
      }
      return null;
    }
  }

  /** Copies both ways until both sides are done; the caller closes both sockets afterwards. */
  private void pipe(Socket client, Socket upstream) throws IOException {
    Thread up = daemon("socks pipe up " + client.getRemoteSocketAddress(), () -> copy(client, upstream));
    try {
      copy(upstream, client);
      up.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      open.remove(upstream);
    }
  }

  private static void copy(Socket from, Socket to) {
    byte[] buffer = new byte[8192];
    try {
      InputStream in = from.getInputStream();
      OutputStream out = to.getOutputStream();
      for (int n; (n = in.read(buffer)) >= 0; ) {
        out.write(buffer, 0, n);
        out.flush();
      }
      to.shutdownOutput();
    } catch (IOException e) {
      try {
        from.close();
        to.close();
      } catch (IOException ignored) {
        // both are being torn down
      }
    }
  }

  private static void reply5(OutputStream out, int code) throws IOException {
    out.write(new byte[] {5, (byte) code, 0, 1, 0, 0, 0, 0, 0, 0});
    out.flush();
  }

  private static String text(DataInputStream in, int length) throws IOException {
    byte[] b = new byte[length];
    in.readFully(b);
    return new String(b, StandardCharsets.ISO_8859_1);
  }

  private static String zeroTerminated(DataInputStream in) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    for (int c; (c = in.readUnsignedByte()) != 0; ) {
      b.write(c);
    }
    return b.toString(StandardCharsets.ISO_8859_1);
  }

  private static Thread daemon(String name, Runnable task) {
    Thread t = new Thread(task, name);
    t.setDaemon(true);
    t.start();
    return t;
  }

  @Override
  public void close() throws IOException {
    listener.close();
    for (Socket s : open) {
      s.close();
    }
  }
}
