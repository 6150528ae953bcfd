package io.connectbyname.clients;

import java.io.IOException;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A {@link HelloHttpServer} on 127.0.0.1 with ::1 blackholed on its port, so that
 * {@link DeadFirstHost#NAME} reaches it on its second address; started before a test class's
 * tests and closed after them. Register it as
 * {@code @RegisterExtension static final DeadFirstHttpServer server = new DeadFirstHttpServer();}.
 */
final class DeadFirstHttpServer implements BeforeAllCallback, AfterAllCallback {
  private HelloHttpServer server;
  private DeadFirstHost host;

  @Override
  public void beforeAll(ExtensionContext context) throws IOException {
    server = ServerStart.of("the JDK's HTTP server on 127.0.0.1", HelloHttpServer::start);
    host = DeadFirstHost.onPort(server.port());
  }

  @Override
  public void afterAll(ExtensionContext context) throws IOException {
    try {
      if (host != null) {
        host.close();
      }
    } finally {
      if (server != null) {
        server.close();
      }
    }
  }

  /** {@code http://HOST:PORT/} on the server. */
  String url(String hostName) {
    return server.url(hostName);
  }
}
