package org.civitas.server.access;

import java.util.Set;

/**
 * Which streams of one kind (Datastreams, or MultiDatastreams) a reader may see, in the form that
 * is cheaper to state: all, all but a few, or only a few. Collections are restricted by it in the
 * query itself, so {@code $count}, paging and {@code @iot.nextLink} agree with what is shown.
 */
public sealed interface Visibility {

  /** Whether the stream of that id is visible. */
  boolean includes(long id);

  /** Every stream. */
  record All() implements Visibility {
    @Override
    public boolean includes(long id) {
      return true;
    }
  }

  /** Every stream but {@code hidden}. */
  record AllExcept(Set<Long> hidden) implements Visibility {
    public AllExcept {
      hidden = Set.copyOf(hidden);
    }

    @Override
    public boolean includes(long id) {
      return !hidden.contains(id);
    }
  }

  /** Only {@code shown}; none when it is empty. */
  record Only(Set<Long> shown) implements Visibility {
    public Only {
      shown = Set.copyOf(shown);
    }

    @Override
    public boolean includes(long id) {
      return shown.contains(id);
    }
  }

  Visibility ALL = new All();
}
