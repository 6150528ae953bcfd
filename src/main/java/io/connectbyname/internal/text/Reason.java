package io.connectbyname.internal.text;

/** Why something failed, as one line for a user of the command line: never a stack trace. */
public final class Reason {
  private Reason() {}

  /** The exception's message on one line, or its type's name when it has no message. */
  public static String of(Throwable e) {
    String message = e.getMessage();
    return message == null || message.isBlank() ? e.getClass().getSimpleName() : Printable.of(message.strip());
  }
}
