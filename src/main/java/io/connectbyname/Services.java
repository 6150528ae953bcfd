package io.connectbyname;

import io.connectbyname.ServicesFile.Table;
import java.io.IOException;
import java.io.InputStream;
import java.net.UnknownServiceException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;

/**
 * The services database: maps a service name such as {@code "postgresql"} to a TCP port, as
 * {@code getservbyname(name, "tcp")} does. A name is looked up in the caller's overrides, then the
 * system services file, then a bundled copy of common IANA names; the first match wins. Names are
 * case-insensitive and aliases count as names. Instances are immutable and thread-safe; the
 * services file is read once, on the first lookup that needs it.
 */
public final class Services {
  private static final int NOT_A_NUMBER = -2;
  private static final int MAX_SHOWN_CHARS = 80;

  private final Map<String, Integer> overrides;
  private final Path file; // null for the system's file, which is read without java.nio.file
  private final String systemFile;
  private final Object lock = new Object();
  private volatile Table fileTable; // null until a lookup needs the file

  private Services(Map<String, Integer> overrides, Path file) {
    this.overrides = overrides;
    this.file = file;
    this.systemFile = file == null ? defaultFileName() : null;
  }

  /**
   * {@return the default database}: no overrides, the system services file ({@code /etc/services}, or
   * {@code %WINDIR%\system32\drivers\etc\services} on Windows), then the bundled copy. Shared,
   * parsed lazily once.
   */
  public static Services system() {
    return SystemHolder.INSTANCE;
  }

  /**
   * A database with its own overrides, checked first, and services file.
   *
   * @param overrides name to port, case-insensitive, validated at once; null = none
   * @param servicesFile the services file; null = the system default path
   * @return the database
   * @throws IllegalArgumentException naming the bad entry: a port outside 0..65535, or a name that
   *     is null, blank, decimal, holds whitespace or control characters, or clashes in case
   */
  public static Services of(Map<String, Integer> overrides, Path servicesFile) {
    return new Services(validate(overrides), servicesFile);
  }

  /**
   * The TCP port of {@code service}.
   *
   * @param service a decimal port {@code "0"}..{@code "65535"}, taken as is, or a name
   * @return the port
   * @throws IllegalArgumentException if service is null, blank, longer than 255 characters, holds
   *     whitespace or control characters, or is a decimal number outside 0..65535; the message names
   *     the value
   * @throws UnknownServiceException if no source knows the name
   */
  public int port(String service) throws UnknownServiceException {
    String problem = nameProblem(service);
    if (problem != null) {
      throw new IllegalArgumentException("Service " + problem + ": " + quoted(service));
    }
    int port = decimal(service);
    if (port == NOT_A_NUMBER) {
      port = find(service.toLowerCase(Locale.ROOT));
      if (port >= 0) return port;
      throw new UnknownServiceException("Unknown service " + quoted(service)
          + ": not in overrides, " + (file != null ? file : systemFile) + " or the bundled list");
    }
    if (port >= 0) return port;
    throw new IllegalArgumentException(
        "Invalid port " + quoted(service) + ": must be a decimal number 0..65535");
  }

  /**
   * The TCP port for a name if known; never throws. A decimal port is not a name (see
   * {@link #port(String)}); null or an invalid name is simply unknown.
   *
   * @param name a service name
   * @return its port, or empty
   */
  public OptionalInt lookup(String name) {
    int port = nameProblem(name) != null ? -1 : find(name.toLowerCase(Locale.ROOT));
    return port < 0 ? OptionalInt.empty() : OptionalInt.of(port);
  }

  /** {@return the path of the system services file used} (it may not exist) */
  Path file() {
    return file != null ? file : Path.of(systemFile);
  }

  /** {@return how many lines of the services file were malformed and ignored}: 0 until a lookup needed it */
  int malformedLines() {
    Table table = fileTable;
    return table == null ? 0 : table.malformed();
  }

  /** {@return whether the services file existed and was read}; false until a lookup needed it */
  boolean fileLoaded() {
    Table table = fileTable;
    return table != null && table != ServicesFile.ABSENT;
  }

  /** The port for a lower-case name, or -1. */
  private int find(String key) {
    Integer port = overrides.get(key);
    if (port == null) port = fileTable().ports().get(key);
    if (port == null) port = Bundled.TABLE.ports().get(key);
    return port == null ? -1 : port;
  }

  private Table fileTable() {
    Table table = fileTable;
    if (table == null) {
      synchronized (lock) {
        table = fileTable;
        if (table == null) fileTable = table = file != null ? ServicesFile.read(file) : ServicesFile.read(systemFile);
      }
    }
    return table;
  }

  /** The system's services file; a name, not a Path: java.nio.file costs ~1.3 ms to start cold. */
  static String defaultFileName(String osName, String windir) {
    if (osName == null || !osName.startsWith("Windows")) return "/etc/services";
    String root = windir == null || windir.isBlank() ? "C:\\Windows" : windir;
    return root + "\\system32\\drivers\\etc\\services";
  }

  private static String defaultFileName() {
    String os = System.getProperty("os.name", ""); // getenv() reads the whole environment: ~1 ms
    return defaultFileName(os, os.startsWith("Windows") ? System.getenv("WINDIR") : null);
  }

  private static Map<String, Integer> validate(Map<String, Integer> overrides) {
    if (overrides == null) return Map.of();
    Map<String, Integer> ports = new HashMap<>();
    Map<String, String> spelled = new HashMap<>();
    for (Map.Entry<String, Integer> entry : overrides.entrySet()) {
      String name = entry.getKey();
      String problem = nameProblem(name);
      if (problem == null && decimal(name) != NOT_A_NUMBER) problem = "is a number, not a name";
      if (problem != null) {
        throw new IllegalArgumentException("Service override name " + problem + ": " + quoted(name));
      }
      Integer port = entry.getValue();
      if (port == null || port < 0 || port > 65535) {
        throw new IllegalArgumentException(
            "Service override " + quoted(name) + "=" + port + ": port must be 0..65535");
      }
      String other = spelled.putIfAbsent(name.toLowerCase(Locale.ROOT), name);
      if (other != null) {
        throw new IllegalArgumentException(
            "Service overrides " + quoted(other) + " and " + quoted(name) + " differ only in case");
      }
      ports.put(name.toLowerCase(Locale.ROOT), port);
    }
    return Map.copyOf(ports);
  }

  /** Why {@code name} can be neither a service name nor a port, or null if it can be one. */
  private static String nameProblem(String name) {
    if (name == null) return "is null";
    if (name.isBlank()) return "is blank";
    // Lower-casing is quadratic in runs of some letters (U+0130, U+03A3): a long name could hang it.
    if (name.length() > ServicesFile.MAX_NAME) {
      return "is longer than " + ServicesFile.MAX_NAME + " characters";
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (Character.isISOControl(c)) return "contains a control character";
      if (Character.isWhitespace(c) || Character.isSpaceChar(c)) return "contains whitespace";
    }
    return null;
  }

  /** A sign and/or ASCII digits are a port: its value, -1 if not 0..65535; else NOT_A_NUMBER. */
  private static int decimal(String s) {
    int signed = s.charAt(0) == '-' || s.charAt(0) == '+' ? 1 : 0;
    int value = signed == s.length() ? NOT_A_NUMBER : 0;
    for (int i = signed; i < s.length() && value >= 0; i++) {
      char c = s.charAt(i);
      value = c < '0' || c > '9' ? NOT_A_NUMBER : Math.min(value * 10 + c - '0', 65536);
    }
    return value >= 0 && (signed == 1 || value > 65535) ? -1 : value;
  }

  /** The value in quotes, with invisible characters escaped and cut to fit on one short line. */
  static String quoted(String value) {
    if (value == null) return "null";
    StringBuilder out = new StringBuilder("'");
    for (int i = 0; i < Math.min(value.length(), MAX_SHOWN_CHARS); i++) {
      char c = value.charAt(i);
      boolean invisible = Character.isISOControl(c) || Character.getType(c) == Character.FORMAT
          || c == '\u2028' || c == '\u2029';
      out.append(invisible ? String.format("\\u%04X", (int) c) : String.valueOf(c));
    }
    out.append('\'');
    return value.length() <= MAX_SHOWN_CHARS ? out.toString()
        : out + "... (" + value.length() + " chars)";
  }

  /** The bundled copy, read on first use. A missing resource is a packaging bug tests catch. */
  private static final class Bundled {
    static final Table TABLE = load();

    private static Table load() {
      try (InputStream in = Services.class.getResourceAsStream("services")) {
        if (in == null) return ServicesFile.ABSENT;
        return ServicesFile.parse(in.readAllBytes(), Integer.MAX_VALUE);
      } catch (IOException e) {
        return ServicesFile.ABSENT;
      }
    }
  }

  private static final class SystemHolder {
    static final Services INSTANCE = of(null, null);
  }
}
