package io.connectbyname;

import io.connectbyname.internal.engine.Channels;
import io.connectbyname.internal.nio.ByNameSelector;
import io.connectbyname.internal.nio.ByNameSocketChannel;
import io.connectbyname.internal.nio.JdkSelectorProvider;
import java.io.IOException;
import java.net.ProtocolFamily;
import java.net.StandardProtocolFamily;
import java.nio.channels.Channel;
import java.nio.channels.DatagramChannel;
import java.nio.channels.Pipe;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.channels.spi.AbstractSelector;
import java.nio.channels.spi.SelectorProvider;
import java.util.Objects;

/**
 * A {@link SelectorProvider} whose TCP {@link SocketChannel}s connect by name, raced as the
 * sockets of this library are, and whose selectors carry them beside the JDK's own channels. Every
 * other channel (server sockets, datagram, pipes, UNIX-domain sockets) is the JDK's, untouched.
 *
 * <ul>
 *   <li>JVM-wide: the java agent installs it with {@code nio=on}
 *       ({@code -javaagent:connect-by-name.jar=nio=on}); without the agent, run the JVM with
 *       {@code -Djava.nio.channels.spi.SelectorProvider=io.connectbyname.ByNameSelectorProvider}
 *       and {@code --add-exports java.base/sun.nio.ch=ALL-UNNAMED}, which it needs to reach the
 *       JDK's own provider under it.
 *   <li>Per client, with no JVM-wide switch and no JDK internals: hand an instance to a client that
 *       takes a provider, e.g. Netty's {@code NioIoHandler.newFactory(provider)} and
 *       {@code new NioSocketChannel(provider)}; it then wraps the JVM's provider.
 * </ul>
 */
public final class ByNameSelectorProvider extends SelectorProvider implements Channels.Wrapping {
  private final SelectorProvider jdk;
  private final Settings settings;

  /**
   * A provider with this JVM's configured settings ({@link Settings#configured()}); what the JVM
   * makes when it is named by {@code java.nio.channels.spi.SelectorProvider}. A bad configuration
   * is said in one line and the built-in defaults are used: a provider must not fail, or every
   * NIO user of the JVM would.
   *
   * @throws IllegalStateException when it is the JVM's provider and the JDK's own provider cannot
   *     be reached ({@code sun.nio.ch} not exported to this library)
   */
  public ByNameSelectorProvider() {
    this(configuredOrDefaults());
  }

  /**
   * A provider whose channels connect with {@code settings}.
   *
   * @param settings what its channels connect with
   */
  public ByNameSelectorProvider(Settings settings) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.jdk = jdkProvider();
  }

  private static Settings configuredOrDefaults() {
    try {
      return Settings.configured();
    } catch (RuntimeException e) {
      System.err.println("connect-by-name: NIO channels connect with the default settings: " + e.getMessage());
      return Settings.defaults();
    }
  }

  /**
   * The provider under this one: the JVM's, unless this is the JVM's (then the JVM is still making
   * it, and {@code SelectorProvider.provider()} is null, or ours).
   */
  private static SelectorProvider jdkProvider() {
    SelectorProvider system = SelectorProvider.provider();
    if (system != null && !(system instanceof ByNameSelectorProvider)) {
      return system;
    }
    SelectorProvider jdk = JdkSelectorProvider.get();
    if (jdk == null) {
      throw new IllegalStateException("connect-by-name: the JDK's own selector provider is out of reach: run the"
          + " JVM with --add-exports java.base/sun.nio.ch=ALL-UNNAMED (or the java agent, which opens it)");
    }
    return jdk;
  }

  /** {@return the settings its channels connect with} */
  public Settings settings() {
    return settings;
  }

  /** {@return the JDK's provider under this one} */
  @Override
  public SelectorProvider wrapped() {
    return jdk;
  }

  @Override
  public DatagramChannel openDatagramChannel() throws IOException {
    return jdk.openDatagramChannel();
  }

  @Override
  public DatagramChannel openDatagramChannel(ProtocolFamily family) throws IOException {
    return jdk.openDatagramChannel(family);
  }

  @Override
  public Pipe openPipe() throws IOException {
    return jdk.openPipe();
  }

  /** A selector over one of the JDK's, which carries the JDK's channels and by-name ones alike. */
  @Override
  public AbstractSelector openSelector() throws IOException {
    return new ByNameSelector(this, jdk.openSelector());
  }

  @Override
  public ServerSocketChannel openServerSocketChannel() throws IOException {
    return jdk.openServerSocketChannel();
  }

  @Override
  public ServerSocketChannel openServerSocketChannel(ProtocolFamily family) throws IOException {
    return jdk.openServerSocketChannel(family);
  }

  /** A dual-stack TCP channel that connects by name. */
  @Override
  public SocketChannel openSocketChannel() {
    return new ByNameSocketChannel(this, settings, null);
  }

  /** A TCP channel of {@code family} that connects by name; a UNIX-domain channel is the JDK's. */
  @Override
  public SocketChannel openSocketChannel(ProtocolFamily family) throws IOException {
    Objects.requireNonNull(family, "family");
    if (family == StandardProtocolFamily.INET || family == StandardProtocolFamily.INET6) {
      return new ByNameSocketChannel(this, settings, family);
    }
    return jdk.openSocketChannel(family);
  }

  @Override
  public Channel inheritedChannel() throws IOException {
    return jdk.inheritedChannel();
  }
}
