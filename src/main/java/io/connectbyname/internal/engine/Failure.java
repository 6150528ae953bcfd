package io.connectbyname.internal.engine;

import io.connectbyname.Attempt;
import io.connectbyname.Attempt.Outcome;
import io.connectbyname.internal.text.Addresses;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.security.Security;
import java.util.List;
import java.util.Locale;

/**
 * Turns failed attempts into the one exception a connect by name throws. Its message starts with
 * the JDK's own text ({@code Connection refused}, {@code Connect timed out}). A socket's names
 * hosts and addresses only where the JDK's own socket exceptions do, when
 * {@code jdk.includeInExceptions} holds {@code hostInfo} (not by default, on JDK 17 and 25 alike);
 * the plain API's always does ({@link Caller}). Every attempt's cause is a suppressed exception;
 * the log line carries the whole story in any case.
 */
public final class Failure {
  /** The JDK's text for a connect that ran out of time. */
  public static final String TIMED_OUT = "Connect timed out";

  private Failure() {}

  /**
   * The outcome an attempt's exception stands for, by its type first: the JDK throws
   * {@link NoRouteToHostException} for an unreachable host and {@link ConnectException} for a
   * refusal (and for the OS's own connect timeout, whose text says so). The text, which the OS may
   * translate, only refines that.
   */
  public static Outcome classify(IOException e) {
    String message = e.getMessage() == null ? "" : e.getMessage().toLowerCase(Locale.ROOT);
    if (e instanceof SocketTimeoutException) {
      return Outcome.TIMED_OUT;
    }
    if (e instanceof NoRouteToHostException || message.contains("unreachable")) {
      return Outcome.UNREACHABLE;
    }
    if (e instanceof ConnectException) {
      return message.contains("timed out") ? Outcome.TIMED_OUT : Outcome.REFUSED;
    }
    return Outcome.FAILED;
  }

  /**
   * One exception for a connect that failed: {@link SocketTimeoutException} when the deadline
   * passed, {@link NoRouteToHostException} when an attempt was unreachable and none refused, else
   * {@link ConnectException}; see the class comment for its message.
   *
   * @param destination e.g. {@code db.example:5432 (postgresql)}
   * @param timeoutMillis the overall timeout, said where more than the JDK's text is said
   * @param withHosts whether the message names the destination and each address
   */
  public static IOException of(String destination, List<Attempt> attempts, boolean timedOut, long timeoutMillis,
      boolean withHosts) {
    boolean unreachable = attempts.stream().anyMatch(a -> a.outcome() == Outcome.UNREACHABLE)
        && attempts.stream().noneMatch(a -> a.outcome() == Outcome.REFUSED);
    boolean jdkTextAlone = attempts.size() == 1 && !withHosts;
    String text = !timedOut ? jdkText(attempts) : TIMED_OUT + (jdkTextAlone ? "" : " after " + timeoutMillis + " ms");
    String message = text + details(destination, attempts, withHosts);
    IOException e = timedOut ? new SocketTimeoutException(message)
        : unreachable ? new NoRouteToHostException(message) : new ConnectException(message);
    for (Attempt a : attempts) {
      if (a.cause() != null) {
        e.addSuppressed(a.cause());
      }
    }
    return e;
  }

  /** The cause of an attempt the deadline ended: the JDK's text, the address where it would say it. */
  public static SocketTimeoutException timedOut(InetSocketAddress address) {
    return new SocketTimeoutException(TIMED_OUT + (hostInfo() ? ": " + Addresses.format(address) : ""));
  }

  /**
   * The exception for a connect whose resolver used up the whole timeout before any address could
   * be tried.
   */
  public static SocketTimeoutException resolvedTooLate(String destination, long tookMillis, long timeoutMillis,
      boolean withHosts) {
    return new SocketTimeoutException(TIMED_OUT + (withHosts ? ": " + destination : "")
        + ": resolving the name took " + tookMillis + " ms of the " + timeoutMillis
        + " ms timeout; no address was tried");
  }

  /** Whether {@code jdk.includeInExceptions} lets socket exceptions name hosts, as the JDK reads it. */
  public static boolean hostInfo() {
    return HostInfo.INCLUDED;
  }

  /**
   * Socket information in an exception's text as the JDK's {@code SocksSocketImpl} gives it: the
   * text itself, or nothing where the JDK filters it out, as JDK 25 does (its
   * {@code jdk.internal.util.Exceptions}) unless {@code jdk.includeInExceptions} holds {@code hostInfo}.
   */
  public static String socketInfo(String text) {
    return HostInfo.INCLUDED || !HostInfo.FILTERED ? text : "";
  }

  /** The text of the attempt that speaks for the rest: a refusal, else an unreachable one, else the first. */
  private static String jdkText(List<Attempt> attempts) {
    Attempt chosen = null;
    for (Outcome wanted : new Outcome[] {Outcome.REFUSED, Outcome.UNREACHABLE, null}) {
      for (Attempt a : attempts) {
        if (a.cause() != null && (wanted == null || a.outcome() == wanted)) {
          chosen = a;
          break;
        }
      }
      if (chosen != null) {
        break;
      }
    }
    if (chosen == null) {
      return "Connection refused";
    }
    String text = chosen.cause().getMessage();
    if (text == null || text.isBlank()) {
      return chosen.outcome() == Outcome.REFUSED ? "Connection refused" : chosen.cause().getClass().getSimpleName();
    }
    // The channel's own cause may carry the address already (jdk.includeInExceptions): keep its first part.
    int cut = chosen.address() == null ? -1 : text.indexOf(": " + Addresses.format(chosen.address()));
    return cut > 0 ? text.substring(0, cut) : text;
  }

  private static String details(String destination, List<Attempt> attempts, boolean withHosts) {
    StringBuilder b = new StringBuilder();
    if (withHosts) {
      b.append(": ").append(destination).append(": ");
      for (int i = 0; i < attempts.size(); i++) {
        b.append(i == 0 ? "" : ", ").append(attempts.get(i));
      }
      if (attempts.isEmpty()) {
        b.append("no address was tried");
      }
    } else if (attempts.size() > 1) {
      b.append(" (").append(attempts.size()).append(" attempts: ");
      for (int i = 0; i < attempts.size(); i++) {
        Attempt a = attempts.get(i);
        b.append(i == 0 ? "" : ", ").append(a.outcome().word()).append(" after ").append(a.duration().toMillis())
            .append(" ms");
      }
      b.append(')');
    }
    return b.toString();
  }

  /** Read once, as the JDK reads it: the system property, else the security property. */
  private static final class HostInfo {
    static final boolean INCLUDED = included(property());
    /** Whether this JDK filters socket information from exception texts at all (JDK 17 does not). */
    static final boolean FILTERED = filters();

    private static boolean filters() {
      try {
        Class.forName("jdk.internal.util.Exceptions", false, null);
        return true;
      } catch (ClassNotFoundException e) {
        return false;
      }
    }

    private static String property() {
      String value = System.getProperty("jdk.includeInExceptions");
      return value != null ? value : Security.getProperty("jdk.includeInExceptions");
    }

    static boolean included(String value) {
      if (value == null) {
        return false;
      }
      for (String token : value.split(",")) {
        if (token.strip().equalsIgnoreCase("hostInfo")) {
          return true;
        }
      }
      return false;
    }
  }
}
