package org.civitas.server.sensing;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.civitas.error.NotFoundException;
import org.civitas.sensing.model.Entity;
import org.civitas.sensing.model.EntityType;
import org.civitas.sensing.model.Navigation;
import org.civitas.sensing.query.EntityPage;
import org.civitas.sensing.query.EntityQuery;
import org.civitas.sensing.query.Scope;

/**
 * Walks a {@link ResourcePath} through storage: every entity named on the way must exist and be
 * linked to the one before it ({@code Things(1)/Datastreams(2)} is a 404 when Datastream 2 belongs
 * to another Thing).
 */
final class PathResolver {

  /** Page size when scanning a many-to-many link set for one member. */
  private static final int SCAN_PAGE = 1000;

  private final EntityReader reader;

  PathResolver(EntityReader reader) {
    this.reader = reader;
  }

  ResolvedTarget resolve(ResourcePath path) {
    try {
      return walk(path);
    } catch (NotFoundException e) {
      // Storage reports a scope whose entity is missing without knowing it came from the URL.
      throw e.field().isPresent() ? e : new NotFoundException(e.getMessage(), "path");
    }
  }

  private ResolvedTarget walk(ResourcePath path) {
    List<PathStep> steps = path.steps();
    PathStep first = steps.getFirst();
    if (first.id().isEmpty()) {
      return new ResolvedTarget.Many(first.type(), Optional.empty());
    }
    long currentId = first.id().getAsLong();
    requireExists(first.type(), currentId);
    for (PathStep step : steps.subList(1, steps.size())) {
      Navigation navigation = step.via().orElseThrow();
      if (step.id().isPresent()) {
        long id = step.id().getAsLong();
        requireLinked(currentId, navigation, id);
        currentId = id;
      } else if (!navigation.many()) {
        currentId = linkedOne(currentId, navigation);
      } else {
        return new ResolvedTarget.Many(step.type(), Optional.of(new Scope(currentId, navigation)));
      }
    }
    return new ResolvedTarget.One(path.last().type(), currentId);
  }

  private void requireExists(EntityType type, long id) {
    if (reader.find(type, id, Set.of()).isEmpty()) {
      throw new NotFoundException("no " + type.singular() + " with id " + id, "path");
    }
  }

  private long linkedOne(long parentId, Navigation navigation) {
    EntityPage page = reader.query(scoped(navigation, parentId, 1));
    if (page.entities().isEmpty()) {
      throw new NotFoundException(
          "the " + navigation.owner().singular() + " " + parentId + " has no " + navigation.name(),
          "path");
    }
    return page.entities().getFirst().id();
  }

  /**
   * Checks that entity {@code id} is among the {@code navigation} set of entity {@code parentId}.
   */
  private void requireLinked(long parentId, Navigation navigation, long id) {
    Navigation back = navigation.inverse();
    if (!back.many()) {
      // The child knows its one parent: one probe answers both "exists" and "linked".
      EntityPage parent = reader.query(scoped(back, id, 1));
      if (!parent.entities().isEmpty() && parent.entities().getFirst().id() == parentId) {
        return;
      }
    } else {
      long skip = 0;
      while (true) {
        EntityQuery query =
            new EntityQuery(
                navigation.target(),
                Optional.of(new Scope(parentId, navigation)),
                List.of(),
                skip,
                SCAN_PAGE,
                false,
                Set.of());
        EntityPage page = reader.query(query);
        for (Entity entity : page.entities()) {
          if (entity.id() == id) {
            return;
          }
        }
        if (!page.more()) {
          break;
        }
        skip += page.entities().size();
      }
    }
    throw new NotFoundException(
        "no "
            + navigation.target().singular()
            + " "
            + id
            + " among the "
            + navigation.name()
            + " of "
            + navigation.owner().singular()
            + " "
            + parentId,
        "path");
  }

  static EntityQuery scoped(Navigation navigation, long parentId, int top) {
    return new EntityQuery(
        navigation.target(),
        Optional.of(new Scope(parentId, navigation)),
        List.of(),
        0,
        top,
        false,
        Set.of());
  }
}
