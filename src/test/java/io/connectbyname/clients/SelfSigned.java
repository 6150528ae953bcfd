package io.connectbyname.clients;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * A self-signed key and certificate for {@link DeadFirstHost#NAME} and 127.0.0.1 (subject alternative
 * names), made by the JDK's keytool into a PKCS12 file: the server's key, and the trust store a child
 * JVM is given ({@link #trustOptions()}: the JDK trusts the certificate of a key entry in its trust store).
 */
final class SelfSigned {
  private static final String PASSWORD = "changeit";
  private final Path file;

  private SelfSigned(Path file) {
    this.file = file;
  }

  /** Makes the key store in {@code dir}. */
  static SelfSigned in(Path dir) throws IOException, InterruptedException {
    Path file = dir.resolve("he.test.p12");
    Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
    Path log = dir.resolve("keytool.log");
    Process p = new ProcessBuilder(keytool.toString(), "-genkeypair", "-alias", "server", "-keyalg", "EC",
        "-groupname", "secp256r1", "-validity", "2", "-dname", "CN=" + DeadFirstHost.NAME,
        "-ext", "SAN=dns:" + DeadFirstHost.NAME + ",ip:127.0.0.1", "-storetype", "PKCS12",
        "-keystore", file.toString(), "-storepass", PASSWORD, "-keypass", PASSWORD, "-noprompt")
        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      p.destroyForcibly();
      throw new IOException("keytool failed: " + Files.readString(log));
    }
    return new SelfSigned(file);
  }

  /** A server context presenting the key. */
  SSLContext serverContext() throws IOException, GeneralSecurityException {
    KeyStore ks = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(file)) {
      ks.load(in, PASSWORD.toCharArray());
    }
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(ks, PASSWORD.toCharArray());
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(kmf.getKeyManagers(), null, null);
    return context;
  }

  /** The options that make a child JVM's default SSL context trust the certificate. */
  List<String> trustOptions() {
    return List.of("-Djavax.net.ssl.trustStore=" + file, "-Djavax.net.ssl.trustStorePassword=" + PASSWORD,
        "-Djavax.net.ssl.trustStoreType=PKCS12");
  }
}
