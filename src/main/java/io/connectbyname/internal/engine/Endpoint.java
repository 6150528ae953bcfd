package io.connectbyname.internal.engine;

import io.connectbyname.internal.text.Printable;

import java.net.IDN;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/**
 * A parsed destination: the node as the caller wrote it, the ASCII host name to resolve or the
 * literal address it stands for, and the port.
 *
 * @param node the node as given, for messages
 * @param service the service as given (a name or a decimal port), for messages
 * @param host the ASCII host name (IDN converted, brackets and trailing dot removed)
 * @param literal the address when the node is an IPv4 or IPv6 literal, else {@code null}
 * @param port the TCP port, 0..65535
 */
public record Endpoint(String node, String service, String host, InetAddress literal, int port) {
  /** Longest host name, RFC 1035: 253 characters without the trailing dot. */
  public static final int MAX_NAME = 253;
  /**
   * Longest node converted with {@link IDN}: a real name is far shorter in any form (its ASCII form
   * has at most {@link #MAX_NAME} characters), and JDK 25's IDN throws a bare RuntimeException for
   * long input.
   */
  private static final int MAX_NODE = 1024;

  /** The longest label of a host name, RFC 1035; IDN refuses longer ones. */
  private static final int MAX_LABEL = 63;
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]+(\\.[A-Za-z0-9_-]+)*");

  /**
   * Parses a node and an already looked-up port.
   *
   * @throws IllegalArgumentException with a one-line message naming the bad value
   */
  public static Endpoint of(String node, String service, int port) {
    if (port < 0 || port > 0xFFFF) {
      throw new IllegalArgumentException("Port out of range 0..65535: " + port);
    }
    if (node == null) {
      throw new IllegalArgumentException("Node must not be null");
    }
    if (Printable.hasControl(node)) {
      throw new IllegalArgumentException("Node '" + Printable.shown(node) + "' contains a control character");
    }
    if (node.isBlank()) {
      throw new IllegalArgumentException("Node must not be blank: '" + Printable.shown(node) + "'");
    }
    String text = node.strip();
    if (text.startsWith("[") || text.endsWith("]")) {
      if (!text.startsWith("[") || !text.endsWith("]") || text.length() < 3) {
        throw new IllegalArgumentException("Malformed address literal '" + Printable.shown(node)
            + "': unbalanced brackets");
      }
      String inner = text.substring(1, text.length() - 1);
      if (inner.indexOf(':') < 0) {
        throw new IllegalArgumentException("Malformed address literal '" + Printable.shown(node)
            + "': brackets hold only IPv6 addresses");
      }
      return new Endpoint(node, service, inner, ipv6(node, inner), port);
    }
    if (text.indexOf(':') >= 0) {
      return new Endpoint(node, service, text, ipv6(node, text), port);
    }
    if (digitsAndDots(text)) {
      return new Endpoint(node, service, text, ipv4(node, text), port);
    }
    return new Endpoint(node, service, name(node, text), null, port);
  }

  /** {@code node:port (service)}, or {@code node:port} when the service was the port itself. */
  public String describe() {
    String shown = node.strip();
    String where = (shown.indexOf(':') >= 0 && !shown.startsWith("[") ? "[" + shown + "]" : shown) + ":" + port;
    return service == null || service.equals(Integer.toString(port)) ? where : where + " (" + service + ")";
  }

  private static boolean digitsAndDots(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if ((c < '0' || c > '9') && c != '.') {
        return false;
      }
    }
    return true;
  }

  /** {@code text} holds only digits and dots. Parsed by hand: a connect to a literal is on the hot path. */
  private static InetAddress ipv4(String node, String text) {
    int[] starts = new int[5];
    int parts = 0;
    starts[parts++] = 0;
    for (int i = 0; i < text.length(); i++) {
      if (text.charAt(i) == '.') {
        if (parts == 4) {
          throw fourParts(node);
        }
        starts[parts++] = i + 1;
      }
    }
    if (parts != 4) {
      throw fourParts(node);
    }
    starts[4] = text.length() + 1;
    for (int i = 0; i < 4; i++) {
      int length = starts[i + 1] - 1 - starts[i];
      if (length == 0 || length > 3) {
        throw fourParts(node);
      }
    }
    byte[] bytes = new byte[4];
    for (int i = 0; i < 4; i++) {
      int from = starts[i];
      int to = starts[i + 1] - 1;
      if (to - from > 1 && text.charAt(from) == '0') {
        // inet_aton and curl read 010 as octal 8, the JDK as decimal 10: refuse to guess.
        throw new IllegalArgumentException("Malformed IPv4 literal '" + Printable.shown(node) + "': leading zeros ("
            + text.substring(from, to) + ") are ambiguous, octal to some and decimal to others");
      }
      int part = 0;
      for (int j = from; j < to; j++) {
        part = part * 10 + (text.charAt(j) - '0');
      }
      if (part > 255) {
        throw new IllegalArgumentException("Malformed IPv4 literal '" + Printable.shown(node) + "': " + part
            + " is over 255");
      }
      bytes[i] = (byte) part;
    }
    try {
      return InetAddress.getByAddress(bytes);
    } catch (UnknownHostException e) {
      throw new AssertionError(e); // four bytes are always a valid address
    }
  }

  private static IllegalArgumentException fourParts(String node) {
    return new IllegalArgumentException("Malformed IPv4 literal '" + Printable.shown(node)
        + "': expected four decimal parts");
  }

  private static InetAddress ipv6(String node, String text) {
    // A text with ':' is parsed as a literal by the JDK, never looked up; '%scope' is accepted.
    if (!text.matches("[0-9A-Fa-f:.]+(%[^\\s%\\[\\]]+)?")) {
      throw new IllegalArgumentException("Malformed IPv6 literal '" + Printable.shown(node) + "'");
    }
    try {
      return InetAddress.getByName(text);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("Malformed IPv6 literal '" + Printable.shown(node) + "': "
          + Printable.shown(e.getMessage(), 200));
    }
  }

  private static String name(String node, String text) {
    if (text.length() > MAX_NODE) {
      throw new IllegalArgumentException("Host name is " + text.length() + " characters, over the "
          + MAX_NAME + " allowed: '" + Printable.shown(node) + "'");
    }
    if (plainAscii(text)) {
      return text.endsWith(".") ? text.substring(0, text.length() - 1) : text; // what IDN would return
    }
    String ascii;
    try {
      ascii = IDN.toASCII(text, IDN.ALLOW_UNASSIGNED);
    } catch (RuntimeException e) { // IllegalArgumentException; JDK 25 also a RuntimeException "input too long"
      throw new IllegalArgumentException("Invalid host name '" + Printable.shown(node) + "': "
          + Printable.shown(e.getMessage(), 200));
    }
    if (ascii.endsWith(".")) {
      ascii = ascii.substring(0, ascii.length() - 1);
    }
    if (ascii.length() > MAX_NAME) {
      throw new IllegalArgumentException("Host name is " + ascii.length() + " characters, over the "
          + MAX_NAME + " allowed: '" + Printable.shown(node) + "'");
    }
    if (!NAME.matcher(ascii).matches()) {
      throw new IllegalArgumentException("Invalid host name '" + Printable.shown(node)
          + "': only letters, digits, '-', '_' and dot-separated labels are allowed");
    }
    return ascii;
  }

  /**
   * Whether {@code text} is already a valid ASCII host name: letters, digits, '-' and '_' in
   * dot-separated labels of 1 to 63 characters, an optional trailing dot, at most 253 characters
   * without it. {@link IDN#toASCII} returns such a name unchanged, so it is not called for one: it
   * is the dearest part of parsing a name.
   */
  private static boolean plainAscii(String text) {
    int length = text.endsWith(".") ? text.length() - 1 : text.length();
    if (length == 0 || length > MAX_NAME) {
      return false;
    }
    int label = 0;
    for (int i = 0; i < length; i++) {
      char c = text.charAt(i);
      if (c == '.') {
        if (label == 0) {
          return false;
        }
        label = 0;
      } else if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_') {
        if (++label > MAX_LABEL) {
          return false;
        }
      } else {
        return false;
      }
    }
    return label > 0;
  }
}
