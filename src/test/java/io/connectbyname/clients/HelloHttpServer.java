package io.connectbyname.clients;

import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import javax.net.ssl.SSLContext;

/**
 * A real HTTP or HTTPS server (the JDK's) on 127.0.0.1: every request gets 200 and
 * {@code hello from <the address it was reached on>}, so a test sees which address answered.
 */
final class HelloHttpServer implements Closeable {
  private final HttpServer server;
  private final String scheme;

  private HelloHttpServer(HttpServer server, String scheme) {
    this.server = server;
    this.scheme = scheme;
  }

  /** Starts a server on 127.0.0.1, any free port. */
  static HelloHttpServer start() throws IOException {
    return serve(HttpServer.create(new InetSocketAddress(DeadFirstHost.LIVE, 0), 50), "http");
  }

  /** Starts an HTTPS server on 127.0.0.1, any free port, with {@code context}'s key. */
  static HelloHttpServer startTls(SSLContext context) throws IOException {
    HttpsServer server = HttpsServer.create(new InetSocketAddress(DeadFirstHost.LIVE, 0), 50);
    server.setHttpsConfigurator(new HttpsConfigurator(context));
    return serve(server, "https");
  }

  private static HelloHttpServer serve(HttpServer server, String scheme) {
    server.createContext("/", exchange -> {
      byte[] body = ("hello from " + exchange.getLocalAddress().getAddress().getHostAddress())
          .getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(200, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    });
    server.start();
    return new HelloHttpServer(server, scheme);
  }

  int port() {
    return server.getAddress().getPort();
  }

  /** {@code http://HOST:PORT/}, or {@code https://} for a TLS server. */
  String url(String host) {
    return scheme + "://" + host + ":" + port() + "/";
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
