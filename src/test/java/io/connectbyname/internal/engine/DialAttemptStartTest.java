package io.connectbyname.internal.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.connectbyname.Attempt;
import io.connectbyname.Settings;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Attempt start offsets count from the start of the whole connect, resolution included. */
class DialAttemptStartTest {

  @Test
  @Timeout(5)
  void raceStartsCountFromTheStartOfTheConnect() throws Exception {
    AtomicLong clock = new AtomicLong();
    InetAddress refused = InetAddress.getByName("127.0.0.2");
    InetAddress live = InetAddress.getByName("127.0.0.1");
    Settings settings = Settings.defaults().withResolver(host -> {
      clock.addAndGet(Duration.ofMillis(100).toNanos()); // a resolver that takes 100 ms
      return List.of(refused, live);
    });
    try (ServerSocket server = new ServerSocket(0, 50, live)) {
      Endpoint endpoint = Endpoint.of("two.test", null, server.getLocalPort());
      Dialed<SocketChannel> c = new Dial<>(settings, clock::get, ChannelSource.PLAIN, Landing.CHANNEL,
          Caller.CHANNEL).connect(endpoint, Duration.ofSeconds(5));
      try (SocketChannel channel = c.connected()) {
        assertEquals(List.of(100L, 100L), c.attempts().stream().map(Attempt::start).map(Duration::toMillis).toList());
        assertEquals(Duration.ofMillis(100), c.elapsed());
      }
    }
  }
}
