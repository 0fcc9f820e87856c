package org.civitas.server.sensing;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.civitas.error.NotFoundException;
import org.civitas.sensing.model.EntityType;
import org.civitas.sensing.model.Navigation;
import org.civitas.sensing.model.Property;

/**
 * Parses the part of a URL below {@code /v1.1/} into a {@link ResourcePath}, checking every name
 * against the SensorThings metadata. It does not touch storage: whether the entities exist and are
 * linked is checked when the path is resolved.
 */
final class ResourcePathParser {

  private ResourcePathParser() {}

  /**
   * @param path the decoded path below the service root, e.g. {@code Things(1)/Datastreams}
   * @throws NotFoundException naming the first segment that addresses nothing
   */
  static ResourcePath parse(String path) {
    String trimmed = path.startsWith("/") ? path.substring(1) : path;
    if (trimmed.endsWith("/")) {
      trimmed = trimmed.substring(0, trimmed.length() - 1);
    }
    if (trimmed.isEmpty()) {
      throw new NotFoundException("the path names no entity set");
    }
    String[] segments = trimmed.split("/", -1);
    List<PathStep> steps = new ArrayList<>();
    Segment first = Segment.of(segments[0]);
    EntityType rootType =
        EntityType.byPlural(first.name())
            .orElseThrow(
                () -> new NotFoundException("no entity set named '" + first.name() + "'", "path"));
    steps.add(new PathStep(rootType, Optional.empty(), first.id()));

    Optional<Property> property = Optional.empty();
    boolean rawValue = false;
    boolean ref = false;
    for (int i = 1; i < segments.length; i++) {
      String text = segments[i];
      PathStep current = steps.getLast();
      boolean lastSegment = i == segments.length - 1;
      if (ref || rawValue) {
        throw unexpected(text, "nothing may follow $ref or $value");
      }
      if (property.isPresent()) {
        if (text.equals("$value") && lastSegment) {
          rawValue = true;
          continue;
        }
        throw unexpected(text, "only $value may follow a property");
      }
      if (text.equals("$ref")) {
        if (!lastSegment) {
          throw unexpected(text, "$ref must end the path");
        }
        ref = true;
        continue;
      }
      if (!current.single()) {
        throw unexpected(
            text,
            "'"
                + current
                + "' is a collection; name one entity with an id, e.g. "
                + current
                + "(1)");
      }
      Segment segment = Segment.of(text);
      Optional<Navigation> navigation = current.type().navigation(segment.name());
      if (navigation.isPresent()) {
        if (segment.id().isPresent() && !navigation.get().many()) {
          throw unexpected(text, "'" + segment.name() + "' leads to one entity and takes no id");
        }
        steps.add(new PathStep(navigation.get().target(), navigation, segment.id()));
        continue;
      }
      Optional<Property> named = current.type().property(segment.name());
      if (named.isPresent() && segment.id().isEmpty()) {
        property = named;
        continue;
      }
      throw unexpected(
          text,
          "a "
              + current.type().singular()
              + " has no property or navigation property of that name");
    }
    return new ResourcePath(steps, property, rawValue, ref);
  }

  private static NotFoundException unexpected(String segment, String why) {
    return new NotFoundException("no resource at path segment '" + segment + "': " + why, "path");
  }

  /** One path segment split into a name and an optional id in parentheses. */
  private record Segment(String name, OptionalLong id) {
    static Segment of(String text) {
      int open = text.indexOf('(');
      if (open < 0) {
        return new Segment(text, OptionalLong.empty());
      }
      if (!text.endsWith(")") || open == 0) {
        throw unexpected(text, "expected Name or Name(id)");
      }
      String name = text.substring(0, open);
      String idText = text.substring(open + 1, text.length() - 1);
      try {
        long id = Long.parseLong(idText);
        if (id < 1) {
          throw unexpected(text, "ids are positive integers");
        }
        return new Segment(name, OptionalLong.of(id));
      } catch (NumberFormatException e) {
        throw unexpected(text, "ids are integers, found '" + idText + "'");
      }
    }
  }
}
