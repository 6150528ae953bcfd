package io.connectbyname;


import java.io.IOException;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.SocketAddress;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A selector with a route table: {@code socket://host:port} URIs listed get their proxies, all
 * else DIRECT. It records what it was asked and every {@code connectFailed}.
 */
final class RecordingProxySelector extends ProxySelector {
  record Failure(URI uri, SocketAddress proxy, IOException cause) {}

  private final Map<String, List<Proxy>> table = new ConcurrentHashMap<>();
  private final List<URI> selected = new CopyOnWriteArrayList<>();
  private final List<Failure> failed = new CopyOnWriteArrayList<>();

  void add(String host, int port, Proxy... proxies) {
    table.put(host + ":" + port, List.of(proxies));
  }

  List<URI> selected() {
    return List.copyOf(selected);
  }

  List<Failure> failed() {
    return List.copyOf(failed);
  }

  @Override
  public List<Proxy> select(URI uri) {
    selected.add(uri);
    List<Proxy> proxies = "socket".equals(uri.getScheme()) ? table.get(uri.getHost() + ":" + uri.getPort()) : null;
    return proxies != null ? proxies : List.of(Proxy.NO_PROXY);
  }

  @Override
  public void connectFailed(URI uri, SocketAddress proxy, IOException cause) {
    failed.add(new Failure(uri, proxy, cause));
  }
}
