package io.connectbyname;

import io.connectbyname.internal.Printable;
import java.util.LinkedHashMap;
import java.util.Map;

/** Parsing of settings written as text: {@code key=value;key=value} and {@code name:port name:port}. */
final class SettingsText {
  private SettingsText() {}

  /**
   * Splits {@code text} into ordered {@code key=value} pairs at {@code separator}; blank pieces are
   * skipped, a later key replaces an earlier one.
   *
   * @throws IllegalArgumentException naming the piece that has no {@code =} or an empty key
   */
  static Map<String, String> pairs(String text, char separator) {
    Map<String, String> result = new LinkedHashMap<>();
    if (text == null) {
      return result;
    }
    for (String piece : text.split(java.util.regex.Pattern.quote(String.valueOf(separator)), -1)) {
      if (piece.isBlank()) {
        continue;
      }
      int eq = piece.indexOf('=');
      if (eq <= 0 || piece.substring(0, eq).isBlank()) {
        throw new IllegalArgumentException("Bad setting '" + Printable.of(piece) + "': expected key=value");
      }
      result.remove(piece.substring(0, eq).strip());
      result.put(piece.substring(0, eq).strip(), piece.substring(eq + 1).strip());
    }
    return result;
  }

  /** Parses service overrides {@code name:port}, separated by spaces or {@code |}. */
  static Map<String, Integer> ports(String text) {
    Map<String, Integer> result = new LinkedHashMap<>();
    for (String piece : text.split("[\\s|]+")) {
      if (piece.isEmpty()) {
        continue;
      }
      int colon = piece.lastIndexOf(':');
      if (colon <= 0) {
        throw new IllegalArgumentException("expected name:port, got '" + Printable.of(piece) + "'");
      }
      String port = piece.substring(colon + 1);
      if (!port.matches("\\d{1,5}") || Integer.parseInt(port) > 65535) {
        throw new IllegalArgumentException("port of '" + Printable.of(piece) + "' is not in 0..65535");
      }
      result.put(piece.substring(0, colon), Integer.parseInt(port));
    }
    return result;
  }

}
