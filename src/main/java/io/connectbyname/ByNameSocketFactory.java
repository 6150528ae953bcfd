package io.connectbyname;

import io.connectbyname.internal.socket.ByNameSocket;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import javax.net.SocketFactory;

/**
 * A {@link SocketFactory} whose sockets connect by name: every address of the host is tried
 * (RFC 8305 Happy Eyeballs) within the one timeout the caller gives to {@code connect}. Drivers
 * name it in their settings, e.g. pgjdbc {@code socketFactory=io.connectbyname.ByNameSocketFactory}.
 *
 * <p>An {@link InetSocketAddress} given to {@code connect} counts as a name when it is unresolved or
 * was made from a name (its address is then re-resolved, all of the name's addresses raced, as long
 * as the given address is one of them); a literal address means exactly that address.
 */
public class ByNameSocketFactory extends SocketFactory {
  private final Settings settings;

  /** A factory with this JVM's configured settings ({@link Settings#configured()}). */
  public ByNameSocketFactory() {
    this(Settings.configured());
  }

  /** A factory with {@code settings}. */
  public ByNameSocketFactory(Settings settings) {
    this.settings = java.util.Objects.requireNonNull(settings, "settings");
  }

  /**
   * A factory configured by text such as {@code timeout=5000;attemptDelay=100} (pgjdbc's
   * {@code socketFactoryArg}, mssql-jdbc's {@code socketFactoryConstructorArg}); {@code null} or
   * blank = the configured settings alone.
   *
   * @throws IllegalArgumentException naming the bad key or value
   */
  public ByNameSocketFactory(String settings) {
    this(Settings.configured().with(SettingsText.pairs(settings, ';', "socket factory argument"),
        "socket factory argument"));
  }

  /**
   * A factory configured by the {@code connectbyname.*} keys of {@code properties} (pgjdbc passes
   * its whole connection properties); every other key, passwords included, is ignored, neither read
   * nor kept.
   */
  public ByNameSocketFactory(Properties properties) {
    this(Settings.configured().with(ours(properties), "connection properties"));
  }

  /** The shared factory with this JVM's configured settings. */
  public static SocketFactory getDefault() {
    return Shared.FACTORY;
  }

  private static final class Shared {
    static final ByNameSocketFactory FACTORY = new ByNameSocketFactory();
  }

  /** The settings this factory's sockets connect with. */
  public Settings settings() {
    return settings;
  }

  /** An unconnected socket that connects by name when {@code connect} is called. */
  @Override
  public Socket createSocket() throws IOException {
    return new ByNameSocket(settings);
  }

  /** A socket connected by name to {@code host:port}, within the configured timeout. */
  @Override
  public Socket createSocket(String host, int port) throws IOException {
    return connected(null, InetSocketAddress.createUnresolved(checkHost(host), port));
  }

  /** As {@link #createSocket(String, int)}, bound to {@code localHost:localPort} first. */
  @Override
  public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
    return connected(new InetSocketAddress(localHost, localPort), InetSocketAddress.createUnresolved(checkHost(host), port));
  }

  /** A socket connected to {@code host}: by name when it carries one, else exactly that address. */
  @Override
  public Socket createSocket(InetAddress host, int port) throws IOException {
    return connected(null, new InetSocketAddress(host, port));
  }

  /** As {@link #createSocket(InetAddress, int)}, bound to {@code localAddress:localPort} first. */
  @Override
  public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
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

  private static Map<String, String> ours(Properties properties) {
    Map<String, String> result = new LinkedHashMap<>();
    if (properties != null) {
      for (String key : properties.stringPropertyNames()) {
        if (key.startsWith(Configuration.PROPERTY_PREFIX)) {
          result.put(key.substring(Configuration.PROPERTY_PREFIX.length()), properties.getProperty(key));
        }
      }
    }
    return result;
  }
}
