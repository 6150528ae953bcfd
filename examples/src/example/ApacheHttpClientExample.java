package example;

import io.connectbyname.ByNameSocketFactory;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.UnknownHostException;
import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.SchemePortResolver;
import org.apache.hc.client5.http.SystemDefaultDnsResolver;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.DefaultHttpClientConnectionOperator;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.io.HttpClientConnectionOperator;
import org.apache.hc.client5.http.ssl.TlsSocketStrategy;
import org.apache.hc.core5.http.URIScheme;
import org.apache.hc.core5.http.config.RegistryBuilder;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.util.Timeout;

/**
 * Apache HttpClient 5.4+: it no longer asks a {@code PlainConnectionSocketFactory} for sockets; its
 * hook is the {@code DetachedSocketFactory} of {@code DefaultHttpClientConnectionOperator}, which
 * the connection manager builder makes in {@code createConnectionOperator}:
 *
 * <pre>{@code
 * PoolingHttpClientConnectionManager manager = ApacheHttpClientExample.byName()
 *     .setDefaultConnectionConfig(ConnectionConfig.custom().setConnectTimeout(Timeout.ofSeconds(10)).build())
 *     .build();
 * CloseableHttpClient client = HttpClients.custom().setConnectionManager(manager).build();
 * }</pre>
 *
 * The resolver gives one address per name (it carries the name): the socket races all of them
 * within the connect timeout, where the stock operator tries them one by one, each with the whole
 * timeout. A SOCKS proxy set in {@code SocketConfig} is used as before.
 *
 * <p>Run: {@code java -cp connect-by-name.jar:httpclient5.jar:httpcore5.jar:... example.ApacheHttpClientExample URL}
 */
public final class ApacheHttpClientExample {
  private ApacheHttpClientExample() {}

  /** A connection manager builder whose connections connect by name. */
  public static PoolingHttpClientConnectionManagerBuilder byName() {
    return new PoolingHttpClientConnectionManagerBuilder() {
      @Override
      protected HttpClientConnectionOperator createConnectionOperator(SchemePortResolver ports, DnsResolver dns,
          TlsSocketStrategy tls) {
        return new DefaultHttpClientConnectionOperator(
            proxy -> proxy == null ? ByNameSocketFactory.getDefault().createSocket() : new Socket(proxy),
            ports, ONE_ADDRESS, RegistryBuilder.<TlsSocketStrategy>create().register(URIScheme.HTTPS.id, tls).build());
      }
    };
  }

  /** The name's first address only, so the operator makes one connect: the socket races them all. */
  private static final DnsResolver ONE_ADDRESS = new SystemDefaultDnsResolver() {
    @Override
    public InetAddress[] resolve(String host) throws UnknownHostException {
      return new InetAddress[] {InetAddress.getByName(host)};
    }
  };

  public static void main(String[] args) throws IOException {
    String url = args.length > 0 ? args[0] : "http://localhost:8080/";
    ConnectionConfig connect = ConnectionConfig.custom().setConnectTimeout(Timeout.ofSeconds(10)).build();
    try (CloseableHttpClient client = HttpClients.custom()
        .setConnectionManager(byName().setDefaultConnectionConfig(connect).build()).build()) {
      long start = System.nanoTime();
      String body = client.execute(new HttpGet(url), response -> EntityUtils.toString(response.getEntity()));
      System.out.println("Apache HttpClient: answered in " + (System.nanoTime() - start) / 1_000_000 + " ms; GET "
          + url + " -> " + body);
    }
  }
}
