package example;

import io.connectbyname.ByNameSelectorProvider;
import io.connectbyname.Settings;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpVersion;
import java.net.URI;
import java.nio.channels.spi.SelectorProvider;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Netty 4.2 on its NIO transport, connecting by name with no JVM flag: hand the event loops and
 * the channels one {@link ByNameSelectorProvider}.
 *
 * <pre>{@code
 * SelectorProvider provider = new ByNameSelectorProvider(Settings.defaults().withTimeout(Duration.ofSeconds(10)));
 * EventLoopGroup group = new MultiThreadIoEventLoopGroup(NioIoHandler.newFactory(provider));
 * Bootstrap b = new Bootstrap().group(group).channelFactory(() -> new NioSocketChannel(provider));
 * }</pre>
 *
 * The same Bootstrap with the JVM's own provider connects by name under
 * {@code -javaagent:connect-by-name.jar=nio=on}.
 *
 * <p>Run: {@code java -cp connect-by-name.jar:netty-*.jar example.NettyExample http://web.example:8080/}
 */
public final class NettyExample {
  private NettyExample() {}

  /** A provider whose channels connect by name, with one overall connect timeout of {@code timeoutMillis}. */
  public static SelectorProvider byName(int timeoutMillis) {
    return new ByNameSelectorProvider(Settings.defaults().withTimeout(Duration.ofMillis(timeoutMillis)));
  }

  /**
   * GETs {@code url} over a Netty NIO channel of {@code provider}, in an event loop of its own.
   *
   * @return {@code STATUS BODY}, e.g. {@code 200 hello}
   */
  public static String get(URI url, SelectorProvider provider, int connectTimeoutMillis) throws Exception {
    EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory(provider));
    try {
      CompletableFuture<String> answer = new CompletableFuture<>();
      Bootstrap b = new Bootstrap()
          .group(group)
          .channelFactory(() -> new NioSocketChannel(provider))
          .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, connectTimeoutMillis)
          .handler(new ChannelInitializer<SocketChannel>() {
            @Override
            protected void initChannel(SocketChannel ch) {
              ch.pipeline().addLast(new HttpClientCodec(), new HttpObjectAggregator(1 << 20), new Answer(answer));
            }
          });
      Channel ch = b.connect(url.getHost(), url.getPort()).sync().channel();
      DefaultFullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET,
          url.getRawPath().isEmpty() ? "/" : url.getRawPath());
      request.headers().set(HttpHeaderNames.HOST, url.getHost() + ":" + url.getPort())
          .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
      ch.writeAndFlush(request);
      return answer.get(connectTimeoutMillis, TimeUnit.MILLISECONDS);
    } finally {
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
  }

  private static final class Answer extends SimpleChannelInboundHandler<FullHttpResponse> {
    private final CompletableFuture<String> answer;

    Answer(CompletableFuture<String> answer) {
      this.answer = answer;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpResponse response) {
      answer.complete(response.status().code() + " " + response.content().toString(StandardCharsets.UTF_8));
      ctx.close();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      answer.completeExceptionally(cause);
      ctx.close();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
      answer.completeExceptionally(new java.io.EOFException("closed before a response"));
    }
  }

  public static void main(String[] args) throws Exception {
    System.out.println(get(URI.create(args[0]), byName(10_000), 10_000));
  }
}
