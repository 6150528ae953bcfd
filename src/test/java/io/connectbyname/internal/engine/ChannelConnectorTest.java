package io.connectbyname.internal.engine;

import static io.connectbyname.Fixtures.V4;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.connectbyname.Fixtures;
import java.io.IOException;
import java.nio.channels.SocketChannel;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The real connector on loopback: its lazily opened selector and its wakeup. */
@Timeout(10)
class ChannelConnectorTest {

  @Test
  void aWakeupBeforeTheSelectorExistsIsNotLost() throws IOException {
    try (Fixtures.Site site = Fixtures.site(Fixtures.blackhole(V4));
        ChannelConnector connector = new ChannelConnector(ChannelSource.PLAIN, Caller.SOCKET)) {
      SocketChannel attempt = connector.start(site.address(0));
      connector.wakeup(); // e.g. an abort, before the race first waits
      long start = System.nanoTime();
      List<Connector.Ended<SocketChannel>> ended = connector.await(TimeUnit.SECONDS.toNanos(5));
      long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
      assertTrue(ended.isEmpty(), "the blackholed attempt is still in flight: " + ended);
      assertTrue(millis < 1000, "await returned after " + millis + " ms, not after the 5 s it was given");
      connector.cancel(attempt);
    }
  }

  @Test
  void anAttemptThatHasConnectedIsReportedWithoutWaiting() throws IOException {
    try (Fixtures.Site site = Fixtures.site(Fixtures.live(V4));
        ChannelConnector connector = new ChannelConnector(ChannelSource.PLAIN, Caller.SOCKET)) {
      SocketChannel attempt = connector.start(site.address(0));
      List<Connector.Ended<SocketChannel>> ended = List.of();
      long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
      while (ended.isEmpty() && System.nanoTime() < end) {
        ended = connector.await(TimeUnit.SECONDS.toNanos(5));
      }
      assertEquals(1, ended.size());
      assertEquals(attempt, ended.get(0).attempt());
      assertNull(ended.get(0).error());
      connector.keep(attempt);
      assertTrue(attempt.isBlocking() && attempt.isConnected());
      attempt.close();
    }
  }
}
