package io.connectbyname.internal.nio;

import java.io.IOException;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.spi.AbstractSelectableChannel;
import java.nio.channels.spi.AbstractSelectionKey;

/**
 * The key of one of the JDK's own channels (server socket, accepted or UNIX channel, pipe,
 * datagram) on a {@link ByNameSelector}. The JDK's key on the selector's JDK selector does the work
 * and this one delegates to it, so that the key behaves as the JDK's, but it is this one that the
 * channel holds and the caller gets: its {@code selector()} is the selector the caller registered
 * with, and {@code channel.keyFor(selector)} finds it, as servers (Jetty, Tomcat) rely on. The
 * caller's attachment is this key's; the JDK key's attachment is this key, which is how a select
 * finds it.
 *
 * <p>The channel holds both keys. The JDK key is cancelled as soon as this one is (the channel can
 * block at once, as with the JDK's selector) and deregistered by the JDK selector; this one is
 * deregistered by its selector, and whichever goes last closes the descriptor of a channel closed
 * meanwhile, as the JDK's selector does with its own last key.
 */
final class JdkChannelKey extends AbstractSelectionKey {
  private final ByNameSelector selector;
  private final SelectionKey jdk;

  private JdkChannelKey(ByNameSelector selector, SelectionKey jdk) {
    this.selector = selector;
    this.jdk = jdk;
  }

  /**
   * Registers {@code ch} on {@code selector}'s JDK selector {@code real}; called by the channel's
   * {@code register}, which holds its locks and has checked {@code ops}, the blocking mode and that
   * the channel has no key on {@code selector}.
   *
   * @throws CancelledKeyException when the channel's previous key here is cancelled and its JDK key
   *     not yet deregistered: the JDK's register throws it until the next select, and a second JDK
   *     key for one descriptor would break the JDK selector
   */
  static JdkChannelKey register(ByNameSelector selector, Selector real, AbstractSelectableChannel ch, int ops,
      Object att) {
    if (ch.keyFor(real) != null) {
      throw new CancelledKeyException();
    }
    SelectionKey jdk;
    try {
      jdk = ch.register(real, 0, null); // no interest, so never selected, until it leads to its wrapper
    } catch (ClosedChannelException e) {
      throw ByNameSelector.sneaky(e); // closed meanwhile: the caller's register declares it, AbstractSelector's cannot
    }
    JdkChannelKey key = new JdkChannelKey(selector, jdk);
    jdk.attach(key);
    key.attach(att);
    try {
      jdk.interestOps(ops);
    } catch (CancelledKeyException e) {
      // closed meanwhile: a cancelled key, as the JDK's register returns then
    }
    return key;
  }

  /** The JDK's key underneath. */
  SelectionKey jdk() {
    return jdk;
  }

  @Override
  public SelectableChannel channel() {
    return jdk.channel();
  }

  @Override
  public Selector selector() {
    if (!isValid()) {
      // AbstractSelectionKey.cancel(), which is final, asks for the selector right after it marks
      // this key invalid: cancelling the JDK key here makes both invalid before cancel() returns,
      // so that configureBlocking(true), which looks at every key of the channel, may follow at
      // once (the JDK's HTTP server does). Idempotent, and harmless on any later call.
      jdk.cancel();
    }
    return selector;
  }

  @Override
  public int interestOps() {
    ensureValid();
    return jdk.interestOps();
  }

  @Override
  public SelectionKey interestOps(int ops) {
    ensureValid();
    jdk.interestOps(ops); // IllegalArgumentException for ops the channel lacks, as the JDK's
    return this;
  }

  @Override
  public int interestOpsOr(int ops) {
    ensureValid();
    return jdk.interestOpsOr(ops);
  }

  @Override
  public int interestOpsAnd(int ops) {
    ensureValid();
    return jdk.interestOpsAnd(ops);
  }

  @Override
  public int readyOps() {
    ensureValid();
    return jdk.readyOps();
  }

  private void ensureValid() {
    if (!isValid()) {
      throw new CancelledKeyException();
    }
  }

  /**
   * After its selector deregistered this key: cancels the JDK key, and closes the descriptor of a
   * closed channel that no key holds any more. The JDK selector does that only when it deregisters
   * the channel's last key, and it may have deregistered the JDK key first (the channel was closed
   * while a select was blocked).
   */
  void deregistered() throws IOException {
    jdk.cancel();
    SelectableChannel ch = jdk.channel();
    if (!ch.isOpen() && !ch.isRegistered()) {
      JdkChannelKill.kill(ch);
    }
  }
}
