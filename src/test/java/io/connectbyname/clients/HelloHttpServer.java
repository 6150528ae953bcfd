package io.connectbyname.clients;

import com.sun.net.httpserver.HttpServer;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * A real HTTP server (the JDK's) on 127.0.0.1: every request gets 200 and
 * {@code hello from <the address it was reached on>}, so a test sees which address answered.
 */
final class HelloHttpServer implements Closeable {
  private final HttpServer server;

  private HelloHttpServer(HttpServer server) {
    this.server = server;
  }

  /** Starts a server on 127.0.0.1, any free port. */
  static HelloHttpServer start() throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress(DeadFirstHost.LIVE, 0), 50);
    server.createContext("/", exchange -> {
      byte[] body = ("hello from " + exchange.getLocalAddress().getAddress().getHostAddress())
          .getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(200, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    });
    server.start();
    return new HelloHttpServer(server);
  }

  int port() {
    return server.getAddress().getPort();
  }

  /** {@code http://HOST:PORT/}. */
  String url(String host) {
    return "http://" + host + ":" + port() + "/";
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
