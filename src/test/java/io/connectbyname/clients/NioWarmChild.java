package io.connectbyname.clients;

import example.NettyExample;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.channels.spi.SelectorProvider;
import java.nio.charset.StandardCharsets;

/**
 * The program a {@link io.connectbyname.ChildJvm} runs for the NIO clients, as {@link WarmChild}
 * does for the others: the client first against the live address, twice (untimed: classes loaded,
 * JIT started), then against the test name, timed. Prints {@code connected in N ms; ANSWER} and exits
 * 0, or {@code failed after N ms: ERROR} and exits 1; a call still running after its limit is a
 * failure too (a blocking connect with no timeout would otherwise hang for minutes on the dead address).
 *
 * <p>Arguments: {@code CLIENT WARM-UP-TARGET TARGET}, a target being a URL or {@code host:port}.
 */
public final class NioWarmChild {
  /** Every client's connect timeout, as {@link StockVsByName#CONNECT_TIMEOUT_MS}. */
  static final int TIMEOUT_MS = StockVsByName.CONNECT_TIMEOUT_MS;
  /** Warm-up calls: a client's first few calls are slow until the JIT has seen them. */
  private static final int WARM_UPS = 2;

  private NioWarmChild() {}

  public static void main(String[] args) throws Exception {
    long limitMs = 3L * TIMEOUT_MS;
    Client client = switch (args[0]) {
      case "channel-open" -> {
        limitMs = TIMEOUT_MS; // SocketChannel.open(address) has no timeout: the watchdog is its timeout
        yield target -> rawGet(SocketChannel.open(address(target)), target);
      }
      case "channel-socket" -> target -> {
        SocketChannel ch = SocketChannel.open();
        try {
          ch.socket().connect(address(target), TIMEOUT_MS);
        } catch (IOException e) {
          ch.close();
          throw e;
        }
        return rawGet(ch, target);
      };
      case "netty" -> url -> NettyExample.get(URI.create(url), SelectorProvider.provider(), TIMEOUT_MS);
      case "netty-per-client" -> url -> NettyExample.get(URI.create(url), NettyExample.byName(TIMEOUT_MS), TIMEOUT_MS);
      case "lettuce" -> NioClientCalls::lettuce;
      case "http-async" -> NioClientCalls::httpAsync;
      case "kafka" -> {
        limitMs = TIMEOUT_MS + 2_000; // stock never gets there (KafkaAgentIT): its first timeout shows that
        yield new NioClientCalls.Kafka(Integer.parseInt(args[1].substring(args[1].lastIndexOf(':') + 1)))::connect;
      }
      default -> throw new IllegalArgumentException("unknown client " + args[0]);
    };
    for (int i = 0; i < WARM_UPS; i++) {
      client.call(args[1]);
    }
    long start = System.nanoTime();
    watchdog(start, limitMs);
    try {
      String answer = client.call(args[2]);
      System.out.println("connected in " + (System.nanoTime() - start) / 1_000_000 + " ms; " + answer);
    } catch (Exception e) {
      System.out.println("failed after " + (System.nanoTime() - start) / 1_000_000 + " ms: " + e);
      System.exit(1);
    }
    System.exit(0);
  }

  private static void watchdog(long start, long limitMs) {
    Thread t = new Thread(() -> {
      try {
        Thread.sleep(limitMs);
      } catch (InterruptedException e) {
        return;
      }
      System.out.println("failed after " + (System.nanoTime() - start) / 1_000_000 + " ms: still no answer after "
          + limitMs + " ms");
      System.out.flush();
      Runtime.getRuntime().halt(1);
    }, "watchdog");
    t.setDaemon(true);
    t.start();
  }

  /** {@code host:port} as an address made from the name, as a client makes it. */
  static InetSocketAddress address(String target) {
    int colon = target.lastIndexOf(':');
    return new InetSocketAddress(target.substring(0, colon), Integer.parseInt(target.substring(colon + 1)));
  }

  /** One HTTP/1.1 GET over a connected blocking channel, closed after: {@code STATUS BODY}. */
  static String rawGet(SocketChannel ch, String target) throws IOException {
    try (ch) {
      ch.write(ByteBuffer.wrap(("GET / HTTP/1.1\r\nHost: " + target + "\r\nConnection: close\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII)));
      ByteArrayOutputStream all = new ByteArrayOutputStream();
      ByteBuffer b = ByteBuffer.allocate(8192);
      while (ch.read(b) >= 0) {
        all.write(b.array(), 0, b.position());
        b.clear();
      }
      String text = all.toString(StandardCharsets.UTF_8);
      int body = text.indexOf("\r\n\r\n");
      String status = text.substring(text.indexOf(' ') + 1, text.indexOf(' ') + 4);
      return status + " " + (body < 0 ? "" : text.substring(body + 4)) + " (remote " + ch.getRemoteAddress() + ")";
    }
  }

  interface Client {
    String call(String target) throws Exception;
  }
}
