package io.connectbyname.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.connectbyname.Attempt;
import io.connectbyname.Attempt.Outcome;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class AttemptTableTest {

  @Test
  void alignsColumnsToTheLongestAddress() throws Exception {
    List<Attempt> attempts = List.of(
        new Attempt(new InetSocketAddress(InetAddress.getByName("::1"), 5432), Duration.ZERO,
            Outcome.TIMED_OUT, Duration.ofMillis(1000), null),
        new Attempt(new InetSocketAddress(InetAddress.getByName("192.168.100.200"), 5432),
            Duration.ofMillis(250), Outcome.CONNECTED, Duration.ofMillis(3), null));
    String nl = System.lineSeparator();
    assertEquals(""
        + "> address               start ms  outcome    duration ms" + nl
        + "> [::1]:5432                   0  timed out         1000" + nl
        + "> 192.168.100.200:5432       250  connected            3" + nl,
        AttemptTable.format(attempts, "> "));
  }

  @Test
  void printsOnlyTheHeaderForNoAttempts() {
    assertEquals("address  start ms  outcome    duration ms" + System.lineSeparator(),
        AttemptTable.format(List.of(), ""));
  }
}
