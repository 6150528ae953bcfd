package io.connectbyname;

import io.connectbyname.internal.socket.ByNameSocket;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.Map;
import java.util.Properties;
import java.util.TreeSet;
import javax.net.SocketFactory;

/**
 * A {@link SocketFactory} whose sockets connect by name: every address of the host is tried
 * (RFC 8305 Happy Eyeballs) within the one timeout the caller gives to {@code connect}. Drivers
 * name it in their settings, e.g. pgjdbc {@code socketFactory=io.connectbyname.ByNameSocketFactory}.
 *
 * <p>An {@link InetSocketAddress} given to {@code connect} counts as a name when it is unresolved or
 * was made from a name (its address is then re-resolved, all of the name's addresses raced, as long
 * as the given address is one of them); a literal address means exactly that address.
 *
 * <p>It is open to one kind of extension: a subclass whose no-argument constructor passes settings
 * of its own to {@code super}, for a driver that makes its factory from a class name alone
 * ({@code class DbSockets extends ByNameSocketFactory { public DbSockets() { super(mine); } }}).
 * Its methods are final.
 */
public class ByNameSocketFactory extends SocketFactory {
  /** The connection property pgjdbc keeps the factory's argument in. */
  private static final String FACTORY_ARGUMENT = "socketFactoryArg";

  /** The factory {@link #getDefault()} gave last; made again when the configured settings change. */
  private static volatile ByNameSocketFactory shared;

  private final Settings settings;

  /** A factory with this JVM's configured settings ({@link Settings#configured()}). */
  public ByNameSocketFactory() {
    this(Settings.configured());
  }

  /**
   * A factory with {@code settings}.
   *
   * @param settings what its sockets connect with
   */
  public ByNameSocketFactory(Settings settings) {
    this.settings = java.util.Objects.requireNonNull(settings, "settings");
  }

  /**
   * A factory configured by text such as {@code timeout=5000;attemptDelay=100} (mssql-jdbc's
   * {@code socketFactoryConstructorArg}), applied on top of the configured settings.
   *
   * @param settings {@code key=value;key=value}; {@code null} or blank = the configured settings alone
   * @throws IllegalArgumentException naming the bad key or value
   */
  public ByNameSocketFactory(String settings) {
    this(withText(Settings.configured(), settings, "socket factory argument"));
  }

  /**
   * A factory configured by connection properties, as pgjdbc makes it (it passes its whole
   * connection properties, password included): on top of the configured settings, the text of
   * {@code socketFactoryArg} ({@code key=value;key=value}, as the {@code (String)} constructor
   * takes it), then each {@code connectbyname.KEY} property, which wins over the same key in that
   * text. No other property is read, and {@code properties} is not kept.
   *
   * @param properties the driver's connection properties
   * @throws IllegalArgumentException naming the bad key, its value and the property it came from
   */
  public ByNameSocketFactory(Properties properties) {
    this(fromProperties(Settings.configured(), properties));
  }

  /**
   * {@return whether by-name sockets of this JVM, once connected, are held by the JDK's own socket
   * implementation}: true under the java agent, or where {@code java.base} opens {@code sun.nio.ch}
   * to this library ({@code --add-opens}). False: they are held by the winning channel's socket
   * adaptor, which behaves as the JDK's socket but for one thing: an interrupt that arrives while a
   * platform thread is blocked in a read or a write closes the socket.
   */
  public static boolean usesJdkSocketImplementation() {
    return io.connectbyname.internal.socket.ByNameSocketImpl.usesJdkImplementation();
  }

  /**
   * {@return the shared factory with this JVM's configured settings}. A bad configuration is an
   * {@link IllegalArgumentException} at every call, never an {@link Error}; a later call after the
   * configuration was fixed succeeds.
   *
   * @throws IllegalArgumentException naming the key, the value and the source of a bad setting
   */
  public static SocketFactory getDefault() {
    Settings configured = Settings.configured();
    ByNameSocketFactory f = shared;
    if (f == null || f.settings != configured) {
      // Benign race: two threads may each make one; both hold the same settings.
      f = new ByNameSocketFactory(configured);
      shared = f;
    }
    return f;
  }

  /** {@return the settings this factory's sockets connect with} */
  public final Settings settings() {
    return settings;
  }

  /** An unconnected socket that connects by name when {@code connect} is called. */
  @Override
  public final Socket createSocket() throws IOException {
    return new ByNameSocket(settings);
  }

  /** A socket connected by name to {@code host:port}, within the configured timeout. */
  @Override
  public final Socket createSocket(String host, int port) throws IOException {
    return connected(null, InetSocketAddress.createUnresolved(checkHost(host), port));
  }

  /** As {@link #createSocket(String, int)}, bound to {@code localHost:localPort} first. */
  @Override
  public final Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
    return connected(new InetSocketAddress(localHost, localPort), InetSocketAddress.createUnresolved(checkHost(host), port));
  }

  /** A socket connected to {@code host}: by name when it carries one, else exactly that address. */
  @Override
  public final Socket createSocket(InetAddress host, int port) throws IOException {
    return connected(null, new InetSocketAddress(host, port));
  }

  /** As {@link #createSocket(InetAddress, int)}, bound to {@code localAddress:localPort} first. */
  @Override
  public final Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
      throws IOException {
    return connected(new InetSocketAddress(localAddress, localPort), new InetSocketAddress(address, port));
  }

  private Socket connected(InetSocketAddress local, InetSocketAddress remote) throws IOException {
    Socket socket = createSocket();
    try {
      if (local != null) {
        socket.bind(local);
      }
      socket.connect(remote);
      return socket;
    } catch (IOException | RuntimeException e) {
      socket.close();
      throw e;
    }
  }

  /** As the JDK's sockets: a null host is the loopback address. */
  private static String checkHost(String host) {
    return host != null ? host : InetAddress.getLoopbackAddress().getHostAddress();
  }

  private static Settings withText(Settings base, String text, String source) {
    return base.with(SettingsText.pairs(text, ';', source), source);
  }

  /** Reads {@code socketFactoryArg} and the {@code connectbyname.*} keys, and nothing else. */
  private static Settings fromProperties(Settings base, Properties properties) {
    if (properties == null) {
      return base;
    }
    Settings s = withText(base, properties.getProperty(FACTORY_ARGUMENT), "connection property " + FACTORY_ARGUMENT);
    for (String key : new TreeSet<>(properties.stringPropertyNames())) {
      if (key.startsWith(Configuration.PROPERTY_PREFIX)) {
        s = s.with(Map.of(key.substring(Configuration.PROPERTY_PREFIX.length()), properties.getProperty(key)),
            "connection property " + key);
      }
    }
    return s;
  }
}
