package io.connectbyname.internal.proxy;

import io.connectbyname.internal.engine.Endpoint;
import io.connectbyname.internal.text.Addresses;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.net.PasswordAuthentication;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The SOCKS client side, as the JDK's own {@code SocksSocketImpl} speaks it: the proxy for a
 * destination comes from the default {@link ProxySelector}; version 5 (no authentication or
 * username/password from {@code java.net.socks.username}/{@code .password}), or version 4 when
 * {@code socksProxyVersion=4}.
 */
public final class Socks {
  private Socks() {}

  /**
   * The proxies the default selector picks for {@code host:port}, in order, up to the first that is
   * not SOCKS, which stands for direct ({@link Proxy#NO_PROXY}) as in the JDK; empty = direct.
   */
  public static List<Proxy> proxiesFor(String host, int port) {
    ProxySelector selector = ProxySelector.getDefault();
    if (selector == null) {
      return List.of();
    }
    String h = host.indexOf(':') >= 0 && !host.startsWith("[") ? "[" + host + "]" : host;
    List<Proxy> chosen;
    try {
      chosen = selector.select(new URI("socket", null, h, port, null, null, null));
    } catch (java.net.URISyntaxException | IllegalArgumentException e) {
      return List.of(); // a name no URI can hold cannot be matched by a selector either
    }
    List<Proxy> result = new java.util.ArrayList<>();
    for (Proxy p : chosen == null ? List.<Proxy>of() : chosen) {
      if (p == null || p.type() != Proxy.Type.SOCKS || !(p.address() instanceof InetSocketAddress)) {
        if (!result.isEmpty()) {
          result.add(Proxy.NO_PROXY);
        }
        break; // direct from here on; a leading direct entry means no proxy at all
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
   * Asks the proxy at the other end of {@code socket} to connect to {@code destination}; an
   * unresolved destination's name is sent for the proxy to resolve.
   *
   * @throws SocketException naming the proxy's answer when it refuses
   */
  public static void handshake(Socket socket, InetSocketAddress destination, boolean v4) throws IOException {
    InputStream in = socket.getInputStream();
    OutputStream out = socket.getOutputStream();
    if (v4) {
      connectV4(in, out, destination);
    } else {
      connectV5(in, out, destination);
    }
  }

  private static void connectV4(InputStream in, OutputStream out, InetSocketAddress to) throws IOException {
    byte[] user = System.getProperty("user.name", "").getBytes(StandardCharsets.ISO_8859_1);
    var b = new java.io.ByteArrayOutputStream();
    b.write(4);
    b.write(1);
    b.write(to.getPort() >> 8);
    b.write(to.getPort());
    boolean byName = to.isUnresolved();
    if (!byName && !(to.getAddress() instanceof Inet4Address)) {
      throw new SocketException("SOCKS V4 requires IPv4 only addresses");
    }
    b.write(byName ? new byte[] {0, 0, 0, 1} : to.getAddress().getAddress()); // 0.0.0.1 = SOCKS4a
    b.write(user);
    b.write(0);
    if (byName) {
      b.write(asciiName(to));
      b.write(0);
    }
    out.write(b.toByteArray());
    out.flush();
    byte[] reply = new byte[8];
    new DataInputStream(in).readFully(reply);
    if (reply[1] != 90) {
      throw new SocketException("SOCKS request rejected (SOCKS4 status " + (reply[1] & 0xff) + ")");
    }
  }

  private static void connectV5(InputStream in, OutputStream out, InetSocketAddress to) throws IOException {
    PasswordAuthentication login = login();
    out.write(login == null ? new byte[] {5, 1, 0} : new byte[] {5, 2, 0, 2});
    out.flush();
    DataInputStream data = new DataInputStream(in);
    int version = data.readUnsignedByte();
    int method = data.readUnsignedByte();
    if (version != 5) {
      throw new SocketException("Not a SOCKS5 proxy: it answered version " + version);
    }
    if (method == 2 && login != null) {
      authenticate(data, out, login);
    } else if (method != 0) {
      throw new SocketException("SOCKS5 proxy accepts none of our authentication methods (it chose " + method + ")");
    }
    var b = new java.io.ByteArrayOutputStream();
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
    int[] head = {data.readUnsignedByte(), data.readUnsignedByte(), data.readUnsignedByte(), data.readUnsignedByte()};
    if (head[1] != 0) {
      throw new SocketException("SOCKS5 proxy could not connect to " + Addresses.format(to) + ": " + reply(head[1]));
    }
    int skip = switch (head[3]) {
      case 1 -> 4;
      case 4 -> 16;
      case 3 -> data.readUnsignedByte();
      default -> throw new SocketException("SOCKS5 reply has a bad address type " + head[3]);
    };
    data.readFully(new byte[skip + 2]); // bound address and port: not needed
  }

  private static void authenticate(DataInputStream in, OutputStream out, PasswordAuthentication login)
      throws IOException {
    byte[] user = login.getUserName().getBytes(StandardCharsets.ISO_8859_1);
    byte[] password = new String(login.getPassword()).getBytes(StandardCharsets.ISO_8859_1);
    var b = new java.io.ByteArrayOutputStream();
    b.write(1);
    b.write(user.length);
    b.write(user);
    b.write(password.length);
    b.write(password);
    out.write(b.toByteArray());
    out.flush();
    in.readUnsignedByte();
    if (in.readUnsignedByte() != 0) {
      throw new SocketException("SOCKS5 authentication failed for user " + login.getUserName());
    }
  }

  /**
   * The destination's name as the proxy is to resolve it: checked and IDN-converted as any node
   * (DESIGN §1), so a Unicode name reaches the proxy as its ASCII form; a SOCKS name has at most 255 bytes.
   */
  private static byte[] asciiName(InetSocketAddress to) {
    return Endpoint.of(to.getHostString(), null, to.getPort()).host().getBytes(StandardCharsets.US_ASCII);
  }

  private static PasswordAuthentication login() {
    String user = System.getProperty("java.net.socks.username");
    String password = System.getProperty("java.net.socks.password");
    return user == null ? null : new PasswordAuthentication(user, password == null ? new char[0] : password.toCharArray());
  }

  private static String reply(int code) {
    return switch (code) {
      case 1 -> "general failure";
      case 2 -> "not allowed by ruleset";
      case 3 -> "network unreachable";
      case 4 -> "host unreachable";
      case 5 -> "connection refused";
      case 6 -> "TTL expired";
      case 7 -> "command not supported";
      case 8 -> "address type not supported";
      default -> "status " + code;
    };
  }
}
