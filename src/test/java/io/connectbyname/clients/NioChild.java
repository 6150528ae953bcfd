package io.connectbyname.clients;

import io.connectbyname.ByNameSelectorProvider;
import io.connectbyname.ChildJvm;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs {@link NioWarmChild} (or another program of this package) in a child JVM: stock, under
 * {@code -javaagent:connect-by-name.jar=nio=on}, or stock with the library on the class path for a
 * client handed a {@link ByNameSelectorProvider} of its own. The class path holds the NIO clients
 * and servers of the tests, one class named per jar.
 */
final class NioChild {
  /**
   * How a child runs the library: not at all; the java agent with {@code nio=on}; or only on the
   * class path, for a client given a {@link ByNameSelectorProvider} of its own (a client left with
   * the JVM's provider is then stock: the library does nothing unless it is used).
   */
  enum Mode { STOCK, AGENT_NIO, PER_CLIENT }

  private static final List<Class<?>> CLASS_PATH = List.of(NioWarmChild.class,
      io.netty.util.concurrent.Future.class, io.netty.buffer.ByteBuf.class, io.netty.channel.Channel.class,
      io.netty.resolver.AddressResolverGroup.class, io.netty.handler.codec.ByteToMessageDecoder.class,
      io.netty.handler.codec.http.HttpClientCodec.class, io.netty.handler.ssl.SslHandler.class,
      io.netty.handler.codec.compression.ZlibCodecFactory.class, io.netty.channel.unix.Socket.class,
      io.netty.resolver.dns.DnsAddressResolverGroup.class, io.netty.handler.codec.dns.DnsRecord.class,
      io.lettuce.core.RedisClient.class, reactor.core.publisher.Mono.class, org.reactivestreams.Publisher.class,
      org.apache.kafka.clients.admin.Admin.class, org.slf4j.LoggerFactory.class, org.slf4j.simple.SimpleLogger.class,
      org.apache.hc.client5.http.impl.async.HttpAsyncClients.class, org.apache.hc.core5.http.HttpHost.class,
      org.apache.hc.core5.http2.HttpVersionPolicy.class,
      org.eclipse.jetty.server.Server.class, org.eclipse.jetty.http.HttpField.class,
      org.eclipse.jetty.util.Callback.class, org.eclipse.jetty.io.EndPoint.class);

  private NioChild() {}

  /** Runs {@code mainClass args...} as {@code mode} says, with {@code options} before the class path. */
  static ChildJvm.Run run(Mode mode, List<String> options, Class<?> mainClass, String... args)
      throws IOException, InterruptedException {
    List<String> jvm = new ArrayList<>();
    List<Class<?>> classPath = new ArrayList<>(CLASS_PATH);
    switch (mode) {
      case AGENT_NIO -> jvm.add("-javaagent:" + ChildJvm.jar() + "=nio=on");
      case PER_CLIENT -> classPath.add(ByNameSelectorProvider.class);
      case STOCK -> { }
    }
    jvm.add("-Dorg.slf4j.simpleLogger.defaultLogLevel=warn");
    jvm.addAll(options);
    return ChildJvm.runClient(false, jvm, classPath, mainClass.getName(), args);
  }

  /**
   * {@code app.JdkHttpClient} of {@code src/it/programs} ({@link ChildJvm#programs()}: the test
   * sources cannot use java.net.http), warmed up on {@code warmUp}, timed on {@code url}.
   */
  static ChildJvm.Run jdkHttpClient(Mode mode, List<String> options, String warmUp, String url)
      throws IOException, InterruptedException {
    List<String> jvm = new ArrayList<>(options);
    if (mode == Mode.AGENT_NIO) {
      jvm.add(0, "-javaagent:" + ChildJvm.jar() + "=nio=on");
    }
    return ChildJvm.runClient(false, jvm, ChildJvm.programs().toString(), "app.JdkHttpClient", warmUp, url,
        Integer.toString(StockVsByName.CONNECT_TIMEOUT_MS));
  }

  /** {@link NioWarmChild} with {@code client}, warmed up on {@code warmUp}, timed on {@code target}. */
  static ChildJvm.Run client(Mode mode, List<String> options, String client, String warmUp, String target)
      throws IOException, InterruptedException {
    return run(mode, options, NioWarmChild.class, client, warmUp, target);
  }
}
