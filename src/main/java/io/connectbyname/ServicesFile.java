package io.connectbyname;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The {@code /etc/services} file format, {@code name port/proto [alias...]} then {@code #}
 * comments, read into a {@link Table} of TCP ports for {@link Services}. Pure functions.
 */
final class ServicesFile {
  /**
   * Bytes of a services file read at most (4 MiB; a system file is about 12 KiB). A longer file is
   * read up to its last whole line within the cap, and the rest counts as one malformed line.
   */
  static final int MAX_FILE_BYTES = 4 << 20;

  /**
   * The longest service name or alias, in characters (bytes in a file): RFC 6335 names have at
   * most 15; a longer one makes its line malformed and is not looked up.
   */
  static final int MAX_NAME = 255;

  /** The table of a file that is missing, unreadable, or not a regular file. */
  static final Table ABSENT = new Table(Map.of(), 0);

  private ServicesFile() {}

  /** Parsed services data: lower-case name or alias to TCP port, and the malformed line count. */
  record Table(Map<String, Integer> ports, int malformed) {}

  /** Reads and parses a services file; a missing, unreadable or non-regular file is ABSENT. */
  static Table read(Path file) {
    // java.io is loaded at JVM start; Files.newInputStream would load FileChannel: ~2 ms cold.
    boolean local = file.getFileSystem() == FileSystems.getDefault();
    try {
      if (local ? !file.toFile().isFile() : !Files.isRegularFile(file)) return ABSENT; // dir, FIFO
      try (InputStream in = local ? new FileInputStream(file.toFile()) : Files.newInputStream(file)) {
        return parse(in.readNBytes(MAX_FILE_BYTES + 1), MAX_FILE_BYTES);
      }
    } catch (IOException | SecurityException e) {
      return ABSENT;
    }
  }

  /** Reads and parses the services file at {@code name} with java.io alone; as {@link #read(Path)}. */
  static Table read(String name) {
    java.io.File file = new java.io.File(name);
    try {
      if (!file.isFile()) return ABSENT; // missing, a directory, a FIFO
      try (InputStream in = new FileInputStream(file)) {
        return parse(in.readNBytes(MAX_FILE_BYTES + 1), MAX_FILE_BYTES);
      }
    } catch (IOException | SecurityException e) {
      return ABSENT;
    }
  }

  /** Parses text in services format; see {@link #parse(byte[], int)}. */
  static Table parse(String text) {
    return parse(text.getBytes(UTF_8), Integer.MAX_VALUE);
  }

  /**
   * Parses UTF-8 text in services format. Keeps {@code tcp} entries only; the first entry for a
   * name wins. A line with a name but no valid {@code port/proto}, with a control character, or
   * with a name longer than {@link #MAX_NAME} bytes counts as malformed. Beyond {@code cap} bytes,
   * only whole lines are read and the rest counts as one malformed line.
   */
  static Table parse(byte[] text, int cap) {
    int limit = text.length;
    int malformed = 0;
    if (limit > cap) {
      for (limit = cap; limit > 0 && text[limit - 1] != '\n'; ) limit--;
      malformed++;
    }
    // Bytes and token bounds, not Strings: the first parse runs in the interpreter, where each
    // String made costs microseconds; only tcp names become Strings.
    Map<String, Integer> ports = new HashMap<>(512);
    int[] bounds = new int[16]; // start, end of each token on the line
    int at = limit >= 3 && (text[0] & 0xFF) == 0xEF && (text[1] & 0xFF) == 0xBB
        && (text[2] & 0xFF) == 0xBF ? 3 : 0;
    while (at < limit) {
      int count = 0;
      boolean bad = false;
      for (byte b; at < limit && (b = text[at]) != '\n'; ) {
        if (b == '#') {
          while (at < limit && text[at] != '\n') at++;
        } else if (b == ' ' || b == '\t' || b == '\r' || b == '\f' || b == 0x0B) {
          at++;
        } else if (b >= 0 && b < ' ' || b == 0x7F) {
          bad = true;
          at++;
        } else {
          if (count == bounds.length) bounds = Arrays.copyOf(bounds, count * 2);
          bounds[count++] = at;
          do { // a token: up to a space, a control character or '#'; C2 80..C2 9F is a C1 control
            bad |= (b & 0xFF) == 0xC2 && at + 1 < limit && (text[at + 1] & 0xFF) <= 0x9F;
          } while (++at < limit && ((b = text[at]) > ' ' && b != '#' && b != 0x7F || b < 0));
          bounds[count++] = at;
        }
      }
      at++;
      if (bad || !addEntry(text, bounds, count, ports)) malformed++;
    }
    return new Table(Collections.unmodifiableMap(ports), malformed);
  }

  /** Adds one line's tokens, {@code name port/proto [alias...]}; false if it is malformed. */
  private static boolean addEntry(byte[] text, int[] bounds, int count, Map<String, Integer> ports) {
    if (count < 4) return count == 0;
    int slash = bounds[2];
    while (slash < bounds[3] && text[slash] != '/') slash++;
    int port = decimal(text, bounds[2], slash);
    if (port < 0 || slash >= bounds[3] - 1) return false;
    if (bounds[3] - slash != 4 || (text[slash + 1] | 0x20) != 't' || (text[slash + 2] | 0x20) != 'c'
        || (text[slash + 3] | 0x20) != 'p') {
      return true; // udp, sctp...: valid, not ours
    }
    for (int i = 0; i < count; i += i == 0 ? 4 : 2) {
      if (bounds[i + 1] - bounds[i] > MAX_NAME) return false; // and lower-casing it could take ages
    }
    for (int i = 0; i < count; i += i == 0 ? 4 : 2) {
      ports.putIfAbsent(key(text, bounds[i], bounds[i + 1]), port);
    }
    return true;
  }

  /** The lower-case name in {@code text[from, to)}. */
  private static String key(byte[] text, int from, int to) {
    boolean plain = true; // ASCII without upper case: as cheap as a String gets
    for (int i = from; i < to && plain; i++) plain = text[i] > 0 && (text[i] < 'A' || text[i] > 'Z');
    return plain ? new String(text, from, to - from, ISO_8859_1)
        : new String(text, from, to - from, UTF_8).toLowerCase(Locale.ROOT);
  }

  /** The port in {@code text[from, to)}: ASCII digits with a value 0..65535, else -1. */
  private static int decimal(byte[] text, int from, int to) {
    int value = from < to ? 0 : -1;
    for (int i = from; i < to && value >= 0; i++) {
      value = text[i] < '0' || text[i] > '9' ? -1 : Math.min(value * 10 + text[i] - '0', 65536);
    }
    return value > 65535 ? -1 : value;
  }
}
