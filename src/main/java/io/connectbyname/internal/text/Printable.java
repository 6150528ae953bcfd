package io.connectbyname.internal.text;

/**
 * Text made safe for a one-line message: every character that would break the line or hide in
 * it (ISO controls, line and paragraph separators, format characters such as U+202E, unpaired
 * surrogates) escaped as {@code \u0000}; a caller's value cut to a short length.
 */
public final class Printable {
  /** The most characters of a caller's value that {@link #shown(String)} keeps. */
  public static final int MAX_SHOWN = 80;

  private Printable() {}

  /** {@code text} with every such character escaped; {@code "null"} for null. */
  public static String of(String text) {
    if (text == null) {
      return "null";
    }
    StringBuilder b = new StringBuilder(text.length());
    text.codePoints().forEach(c -> {
      if (escaped(c)) {
        b.append(String.format("\\u%04x", c));
      } else {
        b.appendCodePoint(c);
      }
    });
    return b.toString();
  }

  /**
   * A caller's value for a message: {@link #of} it, cut after {@link #MAX_SHOWN} characters of
   * output and followed by {@code ...(N characters)} then, so that a message stays one short line
   * whatever the input's size.
   */
  public static String shown(String text) {
    return shown(text, MAX_SHOWN);
  }

  /** As {@link #shown(String)}, keeping up to {@code max} characters of output. */
  public static String shown(String text, int max) {
    if (text == null) {
      return "null";
    }
    StringBuilder b = new StringBuilder(Math.min(text.length(), max) + 24);
    for (int i = 0; i < text.length(); ) {
      int c = text.codePointAt(i);
      String piece = escaped(c) ? String.format("\\u%04x", c) : new String(Character.toChars(c));
      if (b.length() + piece.length() > max) {
        return b.append("...(").append(text.length()).append(" characters)").toString();
      }
      b.append(piece);
      i += Character.charCount(c);
    }
    return b.toString();
  }

  /** Whether {@code text} holds an ISO control character. */
  public static boolean hasControl(String text) {
    for (int i = 0; i < text.length(); i++) {
      if (Character.isISOControl(text.charAt(i))) { // ISO controls are all in the BMP: chars suffice
        return true;
      }
    }
    return false;
  }

  private static boolean escaped(int c) {
    int type = Character.getType(c);
    return Character.isISOControl(c) || type == Character.LINE_SEPARATOR
        || type == Character.PARAGRAPH_SEPARATOR || type == Character.FORMAT || type == Character.SURROGATE;
  }
}
