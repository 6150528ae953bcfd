package io.connectbyname.bench;

import io.connectbyname.bench.Interleaved.Goal;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * {@link NioHarness}'s data path: a blocking client {@link SocketChannel} of each provider to the
 * same {@link LoopbackServer}, direct buffers. A new pair of connections every two rounds, made in
 * alternating order: two connections of the same kind differ by up to 15% in bulk writes for as
 * long as they live (see {@link DataPathHarness}); over many pairs that evens out.
 */
final class NioDataPath {
  private static final int FILE_SIZE = 1024 * 1024;
  private static final double MIB = 1024.0 * 1024.0;

  private final NioHarness h;
  private final ByteBuffer chunk = ByteBuffer.allocateDirect(LoopbackServer.CHUNK);
  private final ByteBuffer one = ByteBuffer.allocateDirect(1);

  NioDataPath(NioHarness h) {
    this.h = h;
  }

  /** One operation on a connected channel; returns the bytes it moved (or 1 for a round trip). */
  private interface Op {
    long run(SocketChannel ch) throws IOException;
  }

  void run() throws Exception {
    try (LoopbackServer discard = new LoopbackServer(h.loopback(), 0, LoopbackServer.Mode.DISCARD);
        LoopbackServer source = new LoopbackServer(h.loopback(), 0, LoopbackServer.Mode.SOURCE);
        LoopbackServer echo = new LoopbackServer(h.loopback(), 0, LoopbackServer.Mode.ECHO)) {
      h.row(pairs(discard, this::write, MIB), "channel 64 KiB bulk write (MiB/s)", 0, Goal.AT_LEAST, 0.97);
      h.row(pairs(source, this::read, MIB), "channel 64 KiB bulk read (MiB/s)", 0, Goal.AT_LEAST, 0.97);
      h.row(pairs(echo, this::pingPong, 1), "channel 1-byte ping-pong (us per round trip)", 1, Goal.AT_MOST, 1.03);
    }
  }

  void transfer() throws Exception {
    Path file = NioHarness.tempFile(FILE_SIZE);
    try (LoopbackServer discard = new LoopbackServer(h.loopback(), 0, LoopbackServer.Mode.DISCARD);
        FileChannel fc = FileChannel.open(file, StandardOpenOption.READ)) {
      Interleaved r = pairs(discard, ch -> {
        NioHarness.transferAll(fc, ch);
        return FILE_SIZE;
      }, MIB);
      h.row(r, "FileChannel.transferTo 1 MiB into channel (MiB/s)", 0, Goal.NONE, 0);
    }
  }

  /**
   * Measures {@code op} on a pair of channels to {@code server}, a new pair every two rounds.
   *
   * @param unit the measure's unit in bytes (or round trips) per second: measure 0 is the rate in
   *     that unit, measure 1 its inverse in µs
   */
  private Interleaved pairs(LoopbackServer server, Op op, double unit) throws Exception {
    Interleaved all = null;
    int pairs = (h.rounds() + 1) / 2;
    for (int pair = 0; pair < pairs; pair++) {
      SocketChannel jdk = null;
      SocketChannel ours = null;
      try {
        if (pair % 2 == 0) {
          jdk = h.channel(h.jdk(), server.port());
          ours = h.channel(h.ours(), server.port());
        } else {
          ours = h.channel(h.ours(), server.port());
          jdk = h.channel(h.jdk(), server.port());
        }
        SocketChannel j = jdk;
        SocketChannel o = ours;
        int rounds = Math.min(2, h.rounds() - 2 * pair);
        Interleaved r = Interleaved.run(rounds, pair == 0 ? h.warmup() : 2, h.sliceNanos(),
            n -> slice(j, op, n, unit), n -> slice(o, op, n, unit));
        all = all == null ? r : all.and(r);
      } finally {
        close(jdk);
        close(ours);
      }
    }
    return all;
  }

  private static void close(SocketChannel ch) throws IOException {
    if (ch != null) {
      ch.close();
    }
  }

  /** Runs {@code op} for about {@code nanos}: the rate in units per second, and µs per unit. */
  private static double[] slice(SocketChannel ch, Op op, long nanos, double unit) throws IOException {
    long start = System.nanoTime();
    long end = start + nanos;
    long moved = 0;
    long now;
    do {
      moved += op.run(ch);
      now = System.nanoTime();
    } while (now < end);
    double rate = moved / unit * 1e9 / (now - start);
    return new double[] {rate, 1e6 / rate};
  }

  private long write(SocketChannel ch) throws IOException {
    chunk.clear();
    NioHarness.writeAll(ch, chunk);
    return LoopbackServer.CHUNK;
  }

  private long read(SocketChannel ch) throws IOException {
    chunk.clear();
    while (chunk.hasRemaining()) {
      if (ch.read(chunk) < 0) {
        throw new EOFException("source server went away");
      }
    }
    return LoopbackServer.CHUNK;
  }

  private long pingPong(SocketChannel ch) throws IOException {
    one.clear();
    one.put(0, (byte) 1);
    NioHarness.writeAll(ch, one);
    one.clear();
    if (ch.read(one) != 1) {
      throw new EOFException("echo server went away");
    }
    return 1;
  }
}
