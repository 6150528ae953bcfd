package io.connectbyname.internal;

/** Text made safe for a one-line message: control characters escaped as {@code \u0000}. */
public final class Printable {
  private Printable() {}

  /** {@code text} with every ISO control character escaped; {@code "null"} for null. */
  public static String of(String text) {
    if (text == null) {
      return "null";
    }
    StringBuilder b = new StringBuilder(text.length());
    text.codePoints().forEach(c -> {
      if (Character.isISOControl(c)) {
        b.append(String.format("\\u%04x", c));
      } else {
        b.appendCodePoint(c);
      }
    });
    return b.toString();
  }

  /** Whether {@code text} holds an ISO control character. */
  public static boolean hasControl(String text) {
    return text.codePoints().anyMatch(Character::isISOControl);
  }
}
