package io.connectbyname.bench;

import io.connectbyname.ByNameSocketFactory;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The data path after connect: a plain {@link Socket} against a socket from
 * {@link ByNameSocketFactory}, on loopback. Bulk rows move one 64 KiB chunk per operation
 * (ops/ms × 64 = MiB/s); the ping-pong rows are one 1-byte request and its 1-byte echo.
 * Targets: bulk ≥ 0.97× plain, ping-pong ≤ 1.03× plain.
 */
@State(Scope.Thread)
public class DataPathBench {
  private static final int CHUNK = LoopbackServer.CHUNK;

  private LoopbackServer discard;
  private LoopbackServer source;
  private LoopbackServer echo;
  private final Link[] links = new Link[6];
  private final byte[] chunk = new byte[CHUNK];
  private final byte[] one = new byte[1];

  /** One connected socket with its streams. */
  static final class Link {
    final Socket socket;
    final InputStream in;
    final OutputStream out;

    Link(Socket socket) throws IOException {
      this.socket = socket;
      socket.setTcpNoDelay(true);
      this.in = socket.getInputStream();
      this.out = socket.getOutputStream();
    }
  }

  private Link writePlain;
  private Link writeByName;
  private Link readPlain;
  private Link readByName;
  private Link pingPlain;
  private Link pingByName;

  @Setup(Level.Trial)
  public void setUp() throws IOException {
    InetAddress loopback = InetAddress.getByName("127.0.0.1");
    discard = new LoopbackServer(loopback, 0, LoopbackServer.Mode.DISCARD);
    source = new LoopbackServer(loopback, 0, LoopbackServer.Mode.SOURCE);
    echo = new LoopbackServer(loopback, 0, LoopbackServer.Mode.ECHO);
    ByNameSocketFactory factory = new ByNameSocketFactory();
    links[0] = writePlain = new Link(new Socket(loopback, discard.port()));
    links[1] = writeByName = new Link(factory.createSocket("127.0.0.1", discard.port()));
    links[2] = readPlain = new Link(new Socket(loopback, source.port()));
    links[3] = readByName = new Link(factory.createSocket("127.0.0.1", source.port()));
    links[4] = pingPlain = new Link(new Socket(loopback, echo.port()));
    links[5] = pingByName = new Link(factory.createSocket("127.0.0.1", echo.port()));
  }

  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    for (Link l : links) {
      if (l != null) {
        l.socket.close();
      }
    }
    discard.close();
    source.close();
    echo.close();
  }

  // ---- bulk: one 64 KiB chunk per op ----

  @Benchmark
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.MILLISECONDS)
  public void writeChunkPlain() throws IOException {
    writePlain.out.write(chunk);
  }

  @Benchmark
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.MILLISECONDS)
  public void writeChunkByName() throws IOException {
    writeByName.out.write(chunk);
  }

  @Benchmark
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.MILLISECONDS)
  public int readChunkPlain() throws IOException {
    return readFully(readPlain.in, chunk);
  }

  @Benchmark
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.MILLISECONDS)
  public int readChunkByName() throws IOException {
    return readFully(readByName.in, chunk);
  }

  // ---- ping-pong: 1 byte there, 1 byte back ----

  @Benchmark
  @BenchmarkMode(Mode.AverageTime)
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  public int pingPongPlain() throws IOException {
    return roundTrip(pingPlain);
  }

  @Benchmark
  @BenchmarkMode(Mode.AverageTime)
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  public int pingPongByName() throws IOException {
    return roundTrip(pingByName);
  }

  private int roundTrip(Link l) throws IOException {
    one[0]++;
    l.out.write(one, 0, 1);
    if (l.in.read(one, 0, 1) != 1) {
      throw new EOFException("echo server went away");
    }
    return one[0];
  }

  private static int readFully(InputStream in, byte[] b) throws IOException {
    int off = 0;
    while (off < b.length) {
      int n = in.read(b, off, b.length - off);
      if (n < 0) {
        throw new EOFException("source server went away");
      }
      off += n;
    }
    return b[0];
  }
}
