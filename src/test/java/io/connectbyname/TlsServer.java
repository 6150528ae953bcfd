package io.connectbyname;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIMatcher;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.StandardConstants;
import javax.net.ssl.TrustManagerFactory;

/**
 * A loopback TLS echo server for tests. Its certificate is made at test time by the JDK's own
 * {@code keytool} ({@link #selfSigned}); it records the SNI host name of every ClientHello (through
 * an {@link SNIMatcher}, so even a handshake the client later aborts is seen) and echoes every byte
 * after the handshake. Threads are daemons; {@link #close()} closes the listener and every connection.
 */
final class TlsServer implements Closeable {
  static final char[] PASSWORD = "changeit".toCharArray();

  private final SSLServerSocket listener;
  private final List<String> serverNames = new CopyOnWriteArrayList<>();
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();

  /** A TLS echo server with {@code context}'s key on {@code address}, port {@code port} (0 = any). */
  TlsServer(SSLContext context, InetAddress address, int port) throws IOException {
    listener = (SSLServerSocket) context.getServerSocketFactory().createServerSocket();
    SSLParameters p = listener.getSSLParameters();
    p.setSNIMatchers(List.of(new SNIMatcher(StandardConstants.SNI_HOST_NAME) {
      @Override
      public boolean matches(SNIServerName name) {
        serverNames.add(name instanceof SNIHostName h ? h.getAsciiName()
            : new String(name.getEncoded(), StandardCharsets.US_ASCII));
        return true;
      }
    }));
    listener.setSSLParameters(p);
    try {
      listener.bind(new InetSocketAddress(address, port), 50);
    } catch (IOException e) {
      listener.close();
      throw e;
    }
    Thread t = new Thread(this::acceptLoop, "tls " + listener.getLocalSocketAddress());
    t.setDaemon(true);
    t.start();
  }

  int port() {
    return listener.getLocalPort();
  }

  /** The SNI host name of every ClientHello received so far, in order. */
  List<String> serverNames() {
    return List.copyOf(serverNames);
  }

  private void acceptLoop() {
    while (!listener.isClosed()) {
      Socket s;
      try {
        s = listener.accept();
      } catch (IOException e) {
        return; // closed
      }
      open.add(s);
      Thread t = new Thread(() -> echo(s), "tls connection " + s.getRemoteSocketAddress());
      t.setDaemon(true);
      t.start();
    }
  }

  private void echo(Socket s) {
    try (s) {
      InputStream in = s.getInputStream();
      OutputStream out = s.getOutputStream();
      byte[] buffer = new byte[8192];
      for (int n; (n = in.read(buffer)) >= 0; ) {
        out.write(buffer, 0, n);
        out.flush();
      }
    } catch (IOException ignored) {
      // a failed handshake, the peer or close() ended it
    } finally {
      open.remove(s);
    }
  }

  @Override
  public void close() throws IOException {
    listener.close();
    for (Socket s : open) {
      s.close();
    }
  }

  // ---- certificates and contexts ----

  /**
   * A PKCS12 key store in {@code dir} holding a new self-signed EC key and certificate for
   * {@code dnsName} (subject alternative name {@code dns:dnsName}), made by the JDK's keytool.
   */
  static KeyStore selfSigned(Path dir, String dnsName) throws IOException, GeneralSecurityException,
      InterruptedException {
    Path file = dir.resolve(dnsName + ".p12");
    Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
    Process p = new ProcessBuilder(keytool.toString(), "-genkeypair", "-alias", "server",
        "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "2",
        "-dname", "CN=" + dnsName, "-ext", "SAN=dns:" + dnsName,
        "-storetype", "PKCS12", "-keystore", file.toString(),
        "-storepass", new String(PASSWORD), "-keypass", new String(PASSWORD), "-noprompt")
        .redirectErrorStream(true)
        .redirectOutput(dir.resolve("keytool.log").toFile())
        .start();
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IOException("keytool did not finish within 60 s");
    }
    if (p.exitValue() != 0) {
      throw new IOException("keytool failed with " + p.exitValue() + ": "
          + Files.readString(dir.resolve("keytool.log")));
    }
    KeyStore ks = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(file)) {
      ks.load(in, PASSWORD);
    }
    return ks;
  }

  /** A server context presenting the key and certificate in {@code keys}. */
  static SSLContext serverContext(KeyStore keys) throws GeneralSecurityException {
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(keys, PASSWORD);
    SSLContext c = SSLContext.getInstance("TLS");
    c.init(kmf.getKeyManagers(), null, null);
    return c;
  }

  /** A client context that trusts the certificate in {@code keys} and nothing else. */
  static SSLContext clientContext(KeyStore keys) throws GeneralSecurityException, IOException {
    Certificate cert = keys.getCertificate("server");
    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    trust.setCertificateEntry("server", cert);
    TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX");
    tmf.init(trust);
    SSLContext c = SSLContext.getInstance("TLS");
    c.init(null, tmf.getTrustManagers(), null);
    return c;
  }
}
