package io.connectbyname.internal.proxy;

import io.connectbyname.internal.engine.Endpoint;
import io.connectbyname.internal.engine.Failure;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Authenticator;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.PasswordAuthentication;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.SocketException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The SOCKS client side, as the JDK's own {@code SocksSocketImpl} speaks it: the proxy for a
 * destination comes from the default {@link ProxySelector}; version 5, offering no authentication
 * and username/password, whose credentials come from
 * {@link Authenticator#requestPasswordAuthentication} (else {@code user.name} and no password);
 * version 4 when {@code socksProxyVersion=4}, or when the proxy does not answer version 5. Its
 * errors are the JDK's, word for word.
 */
public final class Socks {
  private static final int NO_AUTHENTICATION = 0;
  private static final int USER_PASSWORD = 2;
  private static final int NO_ACCEPTABLE_METHODS = 0xFF;

  private Socks() {}

  /**
   * The proxies the default selector picks for {@code host:port}, in order, up to the first that is
   * not SOCKS, which stands for direct ({@link Proxy#NO_PROXY}) as in the JDK; empty = direct.
   *
   * @throws IOException {@code Failed to select a proxy} when the selector rejects the destination,
   *     as the JDK's socket says it (a selector's other exceptions go through as they are)
   */
  public static List<Proxy> proxiesFor(String host, int port) throws IOException {
    ProxySelector selector = ProxySelector.getDefault();
    if (selector == null) {
      return List.of();
    }
    String h = host.indexOf(':') >= 0 && !host.startsWith("[") ? "[" + host + "]" : host;
    URI uri;
    try {
      uri = new URI("socket://" + h + ":" + port); // as the JDK's socket asks, and as cheaply
    } catch (URISyntaxException e) {
      try {
        uri = new URI("socket", null, h, port, null, null, null); // a name with characters to quote
      } catch (URISyntaxException again) {
        return List.of(); // a name no URI can hold: the JDK's socket would not have got this far either
      }
    }
    List<Proxy> chosen;
    try {
      chosen = selector.select(uri);
    } catch (IllegalArgumentException e) {
      throw new IOException("Failed to select a proxy", e);
    }
    List<Proxy> result = new ArrayList<>();
    for (Proxy p : chosen == null ? List.<Proxy>of() : chosen) {
      if (p == null || p.type() != Proxy.Type.SOCKS) {
        if (!result.isEmpty()) {
          result.add(Proxy.NO_PROXY);
        }
        break; // direct from here on; a leading direct entry means no proxy at all
      }
      if (!(p.address() instanceof InetSocketAddress)) {
        throw new SocketException("Unknown address type for proxy: " + p);
      }
      result.add(p);
    }
    return result;
  }

  /** Whether SOCKS version 4 is asked for ({@code -DsocksProxyVersion=4}). */
  public static boolean version4() {
    return "4".equals(System.getProperty("socksProxyVersion"));
  }

  /**
   * Asks the proxy at {@code proxy}, whose connection {@code in} and {@code out} are, to connect to
   * {@code destination}; version 5 sends an unresolved destination's name for the proxy to resolve.
   *
   * @throws SocketException naming the proxy's answer when it refuses, in the JDK's words
   */
  public static void handshake(InputStream in, OutputStream out, InetSocketAddress proxy,
      InetSocketAddress destination, boolean v4) throws IOException {
    if (v4) {
      connectV4(in, out, destination);
      return;
    }
    out.write(new byte[] {5, 2, NO_AUTHENTICATION, USER_PASSWORD});
    out.flush();
    byte[] choice = new byte[2];
    if (read(in, choice) != 2 || choice[0] != 5) {
      connectV4(in, out, destination); // not a version 5 proxy after all: version 4, as the JDK tries
      return;
    }
    int method = choice[1] & 0xFF;
    if (method == NO_ACCEPTABLE_METHODS) {
      throw new SocketException("SOCKS : No acceptable methods");
    }
    if (!authenticate(method, in, out, proxy)) {
      throw new SocketException("SOCKS : authentication failed");
    }
    connectV5(in, out, destination);
  }

  private static void connectV4(InputStream in, OutputStream out, InetSocketAddress to) throws IOException {
    if (to.isUnresolved()) {
      throw new UnknownHostException(Failure.socketInfo(to.toString())); // version 4 carries no names
    }
    if (!(to.getAddress() instanceof Inet4Address)) {
      throw new SocketException("SOCKS V4 requires IPv4 only addresses");
    }
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    b.write(4);
    b.write(1);
    b.write(to.getPort() >> 8);
    b.write(to.getPort());
    b.write(to.getAddress().getAddress());
    b.write(System.getProperty("user.name", "").getBytes(StandardCharsets.ISO_8859_1));
    b.write(0);
    out.write(b.toByteArray());
    out.flush();
    byte[] reply = new byte[8];
    int n = read(in, reply);
    if (n != 8) {
      throw new SocketException("Reply from SOCKS server has bad length: " + n);
    }
    if (reply[0] != 0 && reply[0] != 4) {
      throw new SocketException("Reply from SOCKS server has bad version");
    }
    switch (reply[1]) {
      case 90 -> { }
      case 91 -> throw new SocketException("SOCKS request rejected");
      case 92 -> throw new SocketException("SOCKS server couldn't reach destination");
      case 93 -> throw new SocketException("SOCKS authentication failed");
      default -> throw new SocketException("Reply from SOCKS server contains bad status");
    }
  }

  private static void connectV5(InputStream in, OutputStream out, InetSocketAddress to) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    b.write(new byte[] {5, 1, 0});
    if (to.isUnresolved()) {
      byte[] name = asciiName(to);
      b.write(3);
      b.write(name.length);
      b.write(name);
    } else {
      byte[] address = to.getAddress().getAddress();
      b.write(address.length == 4 ? 1 : 4);
      b.write(address);
    }
    b.write(to.getPort() >> 8);
    b.write(to.getPort());
    out.write(b.toByteArray());
    out.flush();
    byte[] head = new byte[4];
    if (read(in, head) != 4) {
      throw new SocketException("Reply from SOCKS server has bad length");
    }
    String refused = switch (head[1]) {
      case 0 -> null;
      case 1 -> "SOCKS server general failure";
      case 2 -> "SOCKS: Connection not allowed by ruleset";
      case 3 -> "SOCKS: Network unreachable";
      case 4 -> "SOCKS: Host unreachable";
      case 5 -> "SOCKS: Connection refused";
      case 6 -> "SOCKS: TTL expired";
      case 7 -> "SOCKS: Command not supported";
      case 8 -> "SOCKS: address type not supported";
      default -> "Reply from SOCKS server contains bad status";
    };
    if (refused != null) {
      throw new SocketException(refused);
    }
    int length = switch (head[3]) {
      case 1 -> 4;
      case 4 -> 16;
      case 3 -> in.read();
      default -> throw new SocketException("Reply from SOCKS server contains wrong code");
    };
    byte[] boundAddressAndPort = new byte[Math.max(0, length) + 2]; // not needed, but read to the end
    if (length < 0 || read(in, boundAddressAndPort) != boundAddressAndPort.length) {
      throw new SocketException("Reply from SOCKS server badly formatted");
    }
  }

  /** RFC 1929 username/password, as the JDK finds them; false when the proxy refuses them. */
  private static boolean authenticate(int method, InputStream in, OutputStream out, InetSocketAddress proxy)
      throws IOException {
    if (method == NO_AUTHENTICATION) {
      return true;
    }
    if (method != USER_PASSWORD) {
      return false;
    }
    InetAddress address = proxy.isUnresolved() ? InetAddress.getByName(proxy.getHostString()) : proxy.getAddress();
    PasswordAuthentication login = Authenticator.requestPasswordAuthentication(proxy.getHostString(), address,
        proxy.getPort(), "SOCKS5", "SOCKS authentication", null);
    String user = login != null ? login.getUserName() : System.getProperty("user.name");
    if (user == null) {
      return false;
    }
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    b.write(1);
    byte[] name = user.getBytes(StandardCharsets.ISO_8859_1);
    b.write(name.length);
    b.write(name);
    byte[] password = login == null ? new byte[0] : new String(login.getPassword()).getBytes(StandardCharsets.ISO_8859_1);
    b.write(password.length);
    b.write(password);
    out.write(b.toByteArray());
    out.flush();
    byte[] reply = new byte[2];
    return read(in, reply) == 2 && reply[1] == 0;
  }

  /** Reads {@code into} fully, or as much as came before the end of the stream; the count read. */
  private static int read(InputStream in, byte[] into) throws IOException {
    int n = 0;
    while (n < into.length) {
      int got = in.read(into, n, into.length - n);
      if (got < 0) {
        break;
      }
      n += got;
    }
    return n;
  }

  /**
   * The destination's name as the proxy is to resolve it: checked and IDN-converted as any node
   * (DESIGN §1), so a Unicode name reaches the proxy as its ASCII form; a SOCKS name has at most 255 bytes.
   */
  private static byte[] asciiName(InetSocketAddress to) {
    return Endpoint.of(to.getHostString(), null, to.getPort()).host().getBytes(StandardCharsets.US_ASCII);
  }
}
