package io.connectbyname.internal.observe;

import io.connectbyname.internal.text.Addresses;

import java.net.InetSocketAddress;
import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;

/**
 * The JFR event of one connect by name; its duration is the connect's, resolution included.
 * Loaded only through {@link Events}, and only when the {@code jdk.jfr} module is present.
 */
@Name(ConnectEvent.NAME)
@Label("Connect by name")
@Category("connect-by-name")
@Description("A connect to a host name and service, every address tried within one timeout")
final class ConnectEvent extends Event {
  /** The event's name in recordings and in {@code jfr print --events}. */
  static final String NAME = "io.connectbyname.Connect";

  @Label("Node")
  @Description("The host name or address literal asked for")
  String node;

  @Label("Service")
  @Description("The service name or port asked for")
  String service;

  @Label("Remote")
  @Description("The address and port that won, empty when none did")
  String remote;

  @Label("Attempts")
  @Description("How many addresses were tried")
  int attempts;

  @Label("Outcome")
  @Description("connected, timed out, refused, unreachable, unknown host, aborted, interrupted or failed")
  String outcome;

  /** A started event, or {@code null} when the event is not enabled: nothing is recording it. */
  static Object start() {
    ConnectEvent event = new ConnectEvent();
    if (!event.isEnabled()) {
      return null;
    }
    event.begin();
    return event;
  }

  /** Ends {@code started} (from {@link #start}) and commits it when the recording wants it. */
  static void end(Object started, String node, String service, InetSocketAddress remote, int attempts,
      String outcome) {
    ConnectEvent event = (ConnectEvent) started;
    event.end();
    if (event.shouldCommit()) {
      event.node = node;
      event.service = service;
      event.remote = remote == null ? "" : Addresses.format(remote);
      event.attempts = attempts;
      event.outcome = outcome;
      event.commit();
    }
  }
}
