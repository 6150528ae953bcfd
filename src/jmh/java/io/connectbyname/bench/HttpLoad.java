package io.connectbyname.bench;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The load on an HTTP server under test, the same for every server: a few keep-alive HTTP/1.1
 * connections of plain JDK sockets on one thread; each round sends one GET on every connection,
 * then reads every response (so the server finds several connections ready in one select).
 */
final class HttpLoad implements Closeable {
  private final Socket[] sockets;
  private final OutputStream[] outs;
  private final InputStream[] ins;
  private final byte[] request;
  private final StringBuilder line = new StringBuilder();

  HttpLoad(InetAddress address, int port, int connections) throws IOException {
    sockets = new Socket[connections];
    outs = new OutputStream[connections];
    ins = new InputStream[connections];
    request = ("GET /bench HTTP/1.1\r\nHost: " + address.getHostAddress() + ":" + port + "\r\n\r\n")
        .getBytes(StandardCharsets.US_ASCII);
    for (int i = 0; i < connections; i++) {
      sockets[i] = new Socket(address, port);
      sockets[i].setTcpNoDelay(true);
      outs[i] = sockets[i].getOutputStream();
      ins[i] = new BufferedInputStream(sockets[i].getInputStream(), 8192);
    }
  }

  /** Requests for about {@code nanos}; returns how many, each answered in full. */
  long runFor(long nanos) throws IOException {
    long end = System.nanoTime() + nanos;
    long n = 0;
    do {
      for (OutputStream out : outs) {
        out.write(request);
      }
      for (InputStream in : ins) {
        readResponse(in);
      }
      n += outs.length;
    } while (System.nanoTime() - end < 0);
    return n;
  }

  private void readResponse(InputStream in) throws IOException {
    long length = -1;
    String status = readLine(in);
    if (!status.startsWith("HTTP/1.1 200")) {
      throw new IOException("bench server answered: " + status);
    }
    for (String h = readLine(in); !h.isEmpty(); h = readLine(in)) {
      if (h.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
        length = Long.parseLong(h.substring("content-length:".length()).trim());
      }
    }
    if (length < 0) {
      throw new IOException("bench server sent no Content-Length");
    }
    for (long i = 0; i < length; i++) {
      if (in.read() < 0) {
        throw new EOFException("bench server closed mid-body");
      }
    }
  }

  private String readLine(InputStream in) throws IOException {
    line.setLength(0);
    int c;
    while ((c = in.read()) != '\n') {
      if (c < 0) {
        throw new EOFException("bench server closed the connection");
      }
      if (c != '\r') {
        line.append((char) c);
      }
    }
    return line.toString();
  }

  @Override
  public void close() throws IOException {
    for (Socket s : sockets) {
      if (s != null) {
        s.close();
      }
    }
  }
}
