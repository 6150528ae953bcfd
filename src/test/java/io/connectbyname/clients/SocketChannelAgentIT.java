package io.connectbyname.clients;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.connectbyname.ChildJvm;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Plain blocking {@code SocketChannel}s under {@code -javaagent:connect-by-name.jar=nio=on}:
 * {@code SocketChannel.open(address)} and {@code channel.socket().connect(address, timeout)}, then
 * one HTTP request over the channel.
 */
@Tag("clients") // run by failsafe in a JVM of their own, see pom.xml
@Timeout(180)
class SocketChannelAgentIT {
  @RegisterExtension
  static final DeadFirstHttpServer server = new DeadFirstHttpServer();

  @BeforeAll
  static void checkJar() {
    ChildJvm.jar();
  }

  /** Stock, {@code open(address)} has no timeout: the child's watchdog gives up after the connect timeout. */
  @Test
  void open() throws Exception {
    compare("socketchannel-open-agent", "channel-open", "stock tries the first address only, with no timeout");
  }

  @Test
  void socketConnectWithTimeout() throws Exception {
    compare("socketchannel-socket-connect-agent", "channel-socket", "stock tries the first address only");
  }

  private static void compare(String name, String client, String note) throws Exception {
    String live = "127.0.0.1:" + port();
    String target = DeadFirstHost.NAME + ":" + port();
    ChildJvm.Run stock = NioChild.client(NioChild.Mode.STOCK, List.of(), client, live, target);
    ChildJvm.Run byName = NioChild.client(NioChild.Mode.AGENT_NIO, List.of(), client, live, target);
    StockVsByName.report(name, Timed.of(stock), Timed.of(byName), note);
    StockVsByName.assertFast(Timed.of(byName));
    assertTrue(byName.output().contains("200 hello from 127.0.0.1 (remote he.test/127.0.0.1:"), byName.output());
    StockVsByName.assertWaited(Timed.of(stock));
    assertFalse(stock.connected(), note + ": " + stock.output());
  }

  private static int port() {
    String url = server.url("127.0.0.1");
    return Integer.parseInt(url.substring(url.lastIndexOf(':') + 1, url.length() - 1));
  }
}
