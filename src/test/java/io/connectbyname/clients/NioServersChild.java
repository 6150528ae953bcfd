package io.connectbyname.clients;

import com.sun.net.httpserver.HttpServer;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.channels.spi.SelectorProvider;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;

/**
 * A real NIO server in this JVM, under whatever selector provider the JVM has (by name, with the
 * agent's {@code nio=on}), and {@link ServerTraffic} against it. Prints the provider, then
 * {@code connected in N ms; SUMMARY} (N: the whole traffic) and exits 0 when every request was
 * served, else {@code failed after N ms: SUMMARY} and exits 1.
 *
 * <p>Arguments: {@code jdk-httpserver|netty|jetty}.
 */
public final class NioServersChild {
  private static final byte[] BODY = "hello".getBytes(StandardCharsets.US_ASCII);
  private static final AtomicInteger served = new AtomicInteger();

  private NioServersChild() {}

  public static void main(String[] args) throws Exception {
    System.out.println("provider " + SelectorProvider.provider().getClass().getName());
    AutoCloseable server;
    int port;
    switch (args[0]) {
      case "jdk-httpserver" -> {
        HttpServer s = HttpServer.create(new InetSocketAddress(DeadFirstHost.LIVE, 0), 100);
        s.createContext("/", exchange -> {
          served.incrementAndGet();
          exchange.sendResponseHeaders(200, BODY.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(BODY);
          }
        });
        s.setExecutor(java.util.concurrent.Executors.newFixedThreadPool(4));
        s.start();
        port = s.getAddress().getPort();
        server = () -> s.stop(0);
      }
      case "netty" -> {
        EventLoopGroup boss = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        EventLoopGroup workers = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
        io.netty.channel.Channel ch = new ServerBootstrap().group(boss, workers).channel(NioServerSocketChannel.class)
            .childHandler(new ChannelInitializer<SocketChannel>() {
              @Override
              protected void initChannel(SocketChannel c) {
                c.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(1 << 16), new NettyHello());
              }
            })
            .bind(DeadFirstHost.LIVE, 0).sync().channel();
        port = ((InetSocketAddress) ch.localAddress()).getPort();
        server = () -> {
          ch.close().sync();
          boss.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).sync();
          workers.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).sync();
        };
      }
      case "jetty" -> {
        Server s = new Server();
        ServerConnector connector = new ServerConnector(s);
        connector.setHost(DeadFirstHost.LIVE.getHostAddress());
        connector.setPort(0);
        s.addConnector(connector);
        s.setHandler(new Handler.Abstract() {
          @Override
          public boolean handle(Request request, Response response, Callback callback) {
            served.incrementAndGet();
            response.setStatus(200);
            Content.Sink.write(response, true, "hello", callback);
            return true;
          }
        });
        s.start();
        port = connector.getLocalPort();
        server = s::stop;
      }
      default -> throw new IllegalArgumentException("unknown server " + args[0]);
    }
    ServerTraffic.Result r;
    try {
      r = ServerTraffic.run(port);
    } finally {
      server.close();
    }
    String summary = args[0] + " served " + served.get() + ", clients got " + r.ok() + "/" + r.sent() + " answers, "
        + r.errors().size() + " errors, " + r.hung() + " hung" + (r.errors().isEmpty() ? "" : ": " + r.errors());
    System.out.println((r.allOk() ? "connected in " : "failed after ") + r.millis() + " ms; " + summary);
    System.exit(r.allOk() ? 0 : 1);
  }

  /** 200 {@code hello} to every request, keeping the connection alive as the request asks. */
  private static final class NettyHello extends SimpleChannelInboundHandler<FullHttpRequest> {
    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
      served.incrementAndGet();
      FullHttpResponse response = new DefaultFullHttpResponse(request.protocolVersion(), HttpResponseStatus.OK,
          Unpooled.wrappedBuffer(BODY));
      response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, BODY.length);
      if (HttpUtil.isKeepAlive(request)) {
        response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
        ctx.writeAndFlush(response);
      } else {
        ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
      }
    }
  }
}
