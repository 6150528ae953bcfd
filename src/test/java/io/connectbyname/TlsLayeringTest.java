package io.connectbyname;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * DESIGN §10, TLS half: TLS layered on a by-name socket with
 * {@code SSLSocketFactory.createSocket(socket, host, port, true)} keeps SNI and hostname
 * verification on the original name. The server's certificate is made for {@code tls.test} by the
 * JDK's keytool at test time; the client trusts that certificate and nothing else.
 */
@Timeout(60)
class TlsLayeringTest {
  private static final InetAddress V4 = Fixtures.V4;
  private static final InetAddress V6 = Fixtures.V6;

  @TempDir
  static Path dir;

  private static TlsServer server;
  private static Fixtures.Listener dead;
  private static SSLSocketFactory client;
  private static ByNameSocketFactory factory;

  @BeforeAll
  static void start() throws Exception {
    KeyStore keys = TlsServer.selfSigned(dir, "tls.test");
    SSLContext serverContext = TlsServer.serverContext(keys);
    for (int i = 0; dead == null; i++) { // a port live on 127.0.0.1 and blackholed on [::1]
      server = new TlsServer(serverContext, V4, 0);
      try {
        dead = Fixtures.blackhole(V6).open(server.port());
      } catch (BindException e) {
        server.close();
        if (i == 10) {
          throw e;
        }
      }
    }
    client = TlsServer.clientContext(keys).getSocketFactory();
    List<InetAddress> both = List.of(V6, V4);
    factory = new ByNameSocketFactory(Settings.defaults().withResolver(host -> switch (host) {
      case "tls.test", "wrong.test" -> both;
      default -> throw new UnknownHostException(host);
    }));
  }

  @AfterAll
  static void stop() throws IOException {
    if (dead != null) {
      dead.close();
    }
    if (server != null) {
      server.close();
    }
  }

  @Test
  void layeredTlsKeepsTheNameForSniAndHostnameVerification() throws IOException {
    int before = server.serverNames().size();
    long start = System.nanoTime();
    Socket plain = factory.createSocket("tls.test", server.port());
    long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    assertTrue(millis < 1000, "connected past the dead [::1] in " + millis + " ms");
    assertEquals(V4, plain.getInetAddress());
    try (SSLSocket tls = layer(plain, "tls.test")) {
      tls.startHandshake();
      assertEquals("tls.test", tls.getSession().getPeerHost());
      assertEquals("CN=tls.test", tls.getSession().getPeerPrincipal().getName());
      Fixtures.assertEchoes(tls, "hello over TLS");
    }
    assertEquals(List.of("tls.test"), server.serverNames().subList(before, server.serverNames().size()),
        "the server saw SNI tls.test");
  }

  @Test
  void theWrongNameFailsHostnameVerification() throws IOException {
    int before = server.serverNames().size();
    Socket plain = factory.createSocket("wrong.test", server.port());
    try (SSLSocket tls = layer(plain, "wrong.test")) {
      SSLException e = assertThrows(SSLException.class, tls::startHandshake);
      Throwable cause = e;
      while (cause != null && !(cause instanceof CertificateException)) {
        cause = cause.getCause();
      }
      assertInstanceOf(CertificateException.class, cause, "a certificate check failed: " + e);
      assertTrue(cause.getMessage().contains("wrong.test"), cause.getMessage());
    }
    assertTrue(plain.isClosed());
    assertEquals(List.of("wrong.test"), server.serverNames().subList(before, server.serverNames().size()),
        "SNI carried the name given to the layering, wrong as it is");
  }

  @Test
  void closingTheTlsSocketClosesTheByNameSocket() throws IOException {
    Socket plain = factory.createSocket("tls.test", server.port());
    SSLSocket tls = layer(plain, "tls.test");
    Fixtures.assertEchoes(tls, "hello over TLS");
    assertFalse(plain.isClosed());
    tls.close();
    assertTrue(tls.isClosed());
    assertTrue(plain.isClosed(), "autoClose=true closed the by-name socket under the TLS one");
    assertThrows(IOException.class, () -> plain.getOutputStream().write(1));
  }

  private static SSLSocket layer(Socket plain, String host) throws IOException {
    SSLSocket tls = (SSLSocket) client.createSocket(plain, host, plain.getPort(), true);
    SSLParameters p = tls.getSSLParameters();
    p.setEndpointIdentificationAlgorithm("HTTPS");
    tls.setSSLParameters(p);
    tls.setSoTimeout(10_000);
    return tls;
  }
}
