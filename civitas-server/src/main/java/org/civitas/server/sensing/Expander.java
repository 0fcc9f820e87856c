package org.civitas.server.sensing;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.civitas.sensing.model.Entity;
import org.civitas.sensing.model.EntityType;
import org.civitas.sensing.model.Navigation;
import org.civitas.sensing.query.EntityPage;
import org.civitas.sensing.query.EntityQuery;
import org.civitas.sensing.query.Scope;

/**
 * Writes entities as SensorThings JSON with their {@code $expand}ed navigation properties inline: a
 * to-one navigation as an object, a to-many one as an array that honours the expansion's own {@code
 * $select}, {@code $orderby}, {@code $skip}, {@code $top} and {@code $count}, with {@code
 * <name>@iot.count} and {@code <name>@iot.nextLink} when they apply.
 *
 * <p>Each expanded navigation costs one indexed query per entity written: storage answers a query
 * scoped to one parent from the link's index, and the page size bounds how many run per request
 * (docs/API.md states the cost).
 */
final class Expander {

  private final EntityReader reader;
  private final int defaultTop;
  private final int maxTop;

  /**
   * The nested expansions already written in this answer, by entity and options: a page of
   * Observations of one Datastream with {@code $expand=Datastream($expand=Thing)} reads that
   * Datastream's Thing once, not once per Observation. One Expander serves one request.
   */
  private final Map<Written, ObjectNode> written = new HashMap<>();

  private record Written(EntityType type, long id, QueryOptions options) {}

  Expander(EntityReader reader, int defaultTop, int maxTop) {
    this.reader = reader;
    this.defaultTop = defaultTop;
    this.maxTop = maxTop;
  }

  /** The entity as JSON with the expansions of {@code options}, recursively. */
  ObjectNode write(Entity entity, QueryOptions options, String serviceRoot) {
    ObjectNode json = EntityJson.write(entity, options, serviceRoot);
    for (ExpandOption expansion : options.expand()) {
      expand(json, entity, expansion, serviceRoot);
    }
    return json;
  }

  /** As {@link #write}, reusing what this request already wrote for the same entity. */
  private ObjectNode writeNested(Entity entity, QueryOptions options, String serviceRoot) {
    if (options.expand().isEmpty()) {
      return EntityJson.write(entity, options, serviceRoot);
    }
    Written key = new Written(entity.type(), entity.id(), options);
    ObjectNode known = written.get(key);
    if (known == null) {
      known = write(entity, options, serviceRoot);
      written.put(key, known);
    }
    return known.deepCopy();
  }

  private void expand(ObjectNode json, Entity parent, ExpandOption expansion, String root) {
    Navigation navigation = expansion.navigation();
    QueryOptions options = expansion.options();
    EntityType target = navigation.target();
    Optional<Scope> scope = Optional.of(new Scope(parent.id(), navigation));
    if (!navigation.many()) {
      EntityPage page =
          reader.query(
              options.filtered(
                  new EntityQuery(
                      target,
                      scope,
                      List.of(),
                      0,
                      1,
                      false,
                      SensingRequests.storedProperties(target, options))));
      // An Observation of a MultiDatastream has no Datastream, and a $filter may rule the one
      // entity out: nothing to put inline.
      if (!page.entities().isEmpty()) {
        json.set(navigation.name(), writeNested(page.entities().getFirst(), options, root));
      }
      return;
    }
    int top = options.effectiveTop(defaultTop, maxTop);
    EntityPage page =
        reader.query(
            options.filtered(
                new EntityQuery(
                    target,
                    scope,
                    options.orderBy(),
                    options.skip(),
                    top,
                    options.count(),
                    SensingRequests.storedProperties(target, options))));
    String name = navigation.name();
    page.totalCount().ifPresent(count -> json.put(name + "@iot.count", count));
    ArrayNode value = json.putArray(name);
    for (Entity child : page.entities()) {
      value.add(writeNested(child, options, root));
    }
    if (page.more() && top > 0) {
      json.put(
          name + "@iot.nextLink",
          nextLink(
              EntityJson.selfLink(root, parent.type(), parent.id()) + "/" + name,
              expansion.optionsText(),
              top,
              options.skip() + page.entities().size()));
    }
  }

  /** The URL of the next page of an expanded collection, carrying the expansion's options. */
  static String nextLink(String collection, String optionsText, int top, long skip) {
    List<String> pairs = new ArrayList<>();
    for (String option : ExpandParser.topLevel(optionsText, ';')) {
      String trimmed = option.trim();
      int equals = trimmed.indexOf('=');
      if (equals < 0) {
        continue;
      }
      String name = trimmed.substring(0, equals).trim();
      if (!name.equals("$top") && !name.equals("$skip")) {
        pairs.add(name + "=" + encode(trimmed.substring(equals + 1)));
      }
    }
    pairs.add("$top=" + top);
    pairs.add("$skip=" + skip);
    return collection + "?" + String.join("&", pairs);
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
