package io.connectbyname.internal.nio;

import java.nio.channels.SelectionKey;
import java.util.AbstractSet;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * The key sets of a {@link ByNameSelector}: the JDK selector's own set, each key seen as the
 * selector shows it (a JDK channel's key as its {@link JdkChannelKey}; the JDK keys behind by-name
 * keys, which never leave the selector, not at all), joined with the by-name keys. The selected-key
 * set allows removal, as the JDK's does, and never addition; the key set allows neither. A JDK
 * channel's key is selected while its JDK key is in the JDK selector's selected set, so that the
 * JDK's select updates it as its own (ready operations added to, counted once).
 */
final class JoinedKeys extends AbstractSet<SelectionKey> {
  private final Set<SelectionKey> jdk;
  private final Set<ByNameKey> byName;
  private final boolean removable;
  /** A JDK key as the caller sees it; null for one the caller never sees. */
  private final UnaryOperator<SelectionKey> view;

  private JoinedKeys(Set<SelectionKey> jdk, Set<ByNameKey> byName, boolean removable, UnaryOperator<SelectionKey> view) {
    this.jdk = jdk;
    this.byName = byName;
    this.removable = removable;
    this.view = view;
  }

  /** A selector's key set, whose JDK keys show as {@code view} says. */
  static Set<SelectionKey> unmodifiable(Set<SelectionKey> jdk, Set<ByNameKey> byName, UnaryOperator<SelectionKey> view) {
    return new JoinedKeys(jdk, byName, false, view);
  }

  /** A selector's selected-key set, whose JDK keys show as {@code view} says. */
  static Set<SelectionKey> removable(Set<SelectionKey> jdk, Set<ByNameKey> byName, UnaryOperator<SelectionKey> view) {
    return new JoinedKeys(jdk, byName, true, view);
  }

  /** The JDK key under {@code o} if {@code o} is one the caller sees, else null. */
  private SelectionKey jdkKey(Object o) {
    if (!(o instanceof SelectionKey k)) {
      return null;
    }
    SelectionKey under = k instanceof JdkChannelKey w ? w.jdk() : k;
    return view.apply(under) == k ? under : null;
  }

  @Override
  public Iterator<SelectionKey> iterator() {
    return removable ? new Removable() : new Filtered();
  }

  /**
   * The selected keys: the JDK selector's (from which a select has taken the inner keys already),
   * as seen, then the by-name ones, with no look-ahead, so that {@code remove} after
   * {@code hasNext} removes the key {@code next} returned.
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
        SelectionKey k = first.next();
        SelectionKey seen = view.apply(k);
        return seen != null ? seen : k;
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

  /** Every key, as seen, the unseen ones left out; it cannot remove. */
  private final class Filtered implements Iterator<SelectionKey> {
    private final Iterator<SelectionKey> first = jdk.iterator();
    private final Iterator<ByNameKey> second = byName.iterator();
    private SelectionKey next = advance();

    private SelectionKey advance() {
      while (first.hasNext()) {
        SelectionKey k = view.apply(first.next());
        if (k != null) {
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
      if (view.apply(k) != null) {
        n++;
      }
    }
    return n;
  }

  @Override
  public boolean contains(Object o) {
    if (o instanceof ByNameKey) {
      return byName.contains(o);
    }
    SelectionKey k = jdkKey(o);
    return k != null && jdk.contains(k);
  }

  @Override
  public boolean remove(Object o) {
    if (!removable) {
      throw new UnsupportedOperationException();
    }
    if (o instanceof ByNameKey) {
      return byName.remove(o);
    }
    SelectionKey k = jdkKey(o);
    return k != null && jdk.remove(k);
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
