package io.connectbyname.internal.nio;

import java.nio.channels.SelectionKey;
import java.util.AbstractSet;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * The key sets of a {@link ByNameSelector}: the JDK selector's own set (less the JDK keys behind
 * by-name keys, which never leave the selector) joined with the by-name keys. The selected-key
 * set allows removal, as the JDK's does, and never addition; the key set allows neither.
 */
final class JoinedKeys extends AbstractSet<SelectionKey> {
  private final Set<SelectionKey> jdk;
  private final Set<ByNameKey> byName;
  private final boolean removable;

  private JoinedKeys(Set<SelectionKey> jdk, Set<ByNameKey> byName, boolean removable) {
    this.jdk = jdk;
    this.byName = byName;
    this.removable = removable;
  }

  /** A selector's key set. */
  static Set<SelectionKey> unmodifiable(Set<SelectionKey> jdk, Set<ByNameKey> byName) {
    return new JoinedKeys(jdk, byName, false);
  }

  /** A selector's selected-key set. */
  static Set<SelectionKey> removable(Set<SelectionKey> jdk, Set<ByNameKey> byName) {
    return new JoinedKeys(jdk, byName, true);
  }

  private static boolean inner(SelectionKey k) {
    return k.attachment() instanceof ByNameKey.Inner;
  }

  @Override
  public Iterator<SelectionKey> iterator() {
    return removable ? new Removable() : new Filtered();
  }

  /**
   * The selected keys: the JDK selector's (from which a select has taken the inner keys already)
   * then the by-name ones, with no look-ahead, so that {@code remove} after {@code hasNext} removes
   * the key {@code next} returned.
   */
  private final class Removable implements Iterator<SelectionKey> {
    private final Iterator<SelectionKey> first = jdk.iterator();
    private final Iterator<ByNameKey> second = byName.iterator();
    private Iterator<? extends SelectionKey> current;

    @Override
    public boolean hasNext() {
      return first.hasNext() || second.hasNext();
    }

    @Override
    public SelectionKey next() {
      if (first.hasNext()) {
        current = first;
        return first.next();
      }
      current = second;
      return second.next();
    }

    @Override
    public void remove() {
      if (current == null) {
        throw new IllegalStateException();
      }
      current.remove();
      current = null;
    }
  }

  /** Every key, the inner ones left out; it cannot remove. */
  private final class Filtered implements Iterator<SelectionKey> {
    private final Iterator<SelectionKey> first = jdk.iterator();
    private final Iterator<ByNameKey> second = byName.iterator();
    private SelectionKey next = advance();

    private SelectionKey advance() {
      while (first.hasNext()) {
        SelectionKey k = first.next();
        if (!inner(k)) {
          return k;
        }
      }
      return second.hasNext() ? second.next() : null;
    }

    @Override
    public boolean hasNext() {
      return next != null;
    }

    @Override
    public SelectionKey next() {
      if (next == null) {
        throw new NoSuchElementException();
      }
      SelectionKey k = next;
      next = advance();
      return k;
    }
  }

  @Override
  public int size() {
    int n = byName.size();
    for (SelectionKey k : jdk) {
      if (!inner(k)) {
        n++;
      }
    }
    return n;
  }

  @Override
  public boolean contains(Object o) {
    return o instanceof ByNameKey ? byName.contains(o) : jdk.contains(o) && !inner((SelectionKey) o);
  }

  @Override
  public boolean remove(Object o) {
    if (!removable) {
      throw new UnsupportedOperationException();
    }
    return o instanceof ByNameKey ? byName.remove(o) : jdk.remove(o);
  }

  @Override
  public void clear() {
    if (!removable) {
      throw new UnsupportedOperationException();
    }
    jdk.clear();
    byName.clear();
  }

  @Override
  public boolean add(SelectionKey k) {
    throw new UnsupportedOperationException();
  }
}
