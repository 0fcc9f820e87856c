package org.civitas.server.sensing;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.civitas.sensing.model.EntityType;
import org.civitas.sensing.model.Navigation;

/**
 * A SensorThings MQTT topic below {@code v1.1/}, parsed with the same rules as HTTP resource paths
 * (OGC 18-088 section 14.2): an entity set ({@code Observations}), an entity set reached from one
 * entity ({@code Datastreams(7)/Observations}), one entity ({@code Things(1)}) or one property
 * ({@code Things(1)/name}), each with an optional {@code ?$select=}. Built by {@link
 * SensingApi#topic(String)}.
 */
public final class SensingTopic {

  /** What a topic is about. */
  public enum Kind {
    /** New entities of a set: every entity of the type, or those linked to one parent. */
    ENTITY_SET,
    /** Updates of one entity. */
    ENTITY,
    /** Changes of one property of one entity. */
    PROPERTY
  }

  private final Kind kind;
  private final EntityType type;
  private final OptionalLong id;
  private final Optional<Navigation> parentLink;
  private final OptionalLong parentId;
  private final Optional<String> property;
  private final QueryOptions options;

  SensingTopic(
      Kind kind,
      EntityType type,
      OptionalLong id,
      Optional<Navigation> parentLink,
      OptionalLong parentId,
      Optional<String> property,
      QueryOptions options) {
    this.kind = Objects.requireNonNull(kind, "kind");
    this.type = Objects.requireNonNull(type, "type");
    this.id = id;
    this.parentLink = parentLink;
    this.parentId = parentId;
    this.property = property;
    this.options = options;
  }

  public Kind kind() {
    return kind;
  }

  /** The type of the entities the topic carries. */
  public EntityType type() {
    return type;
  }

  /** The entity of an {@link Kind#ENTITY} or {@link Kind#PROPERTY} topic. */
  public OptionalLong id() {
    return id;
  }

  /**
   * For an entity set reached from one entity, the navigation property of the set's members that
   * points back to it: {@code Observation.Datastream} for {@code Datastreams(7)/Observations}.
   */
  public Optional<Navigation> parentLink() {
    return parentLink;
  }

  /** The entity an entity set is reached from: 7 in {@code Datastreams(7)/Observations}. */
  public OptionalLong parentId() {
    return parentId;
  }

  /** The property of a {@link Kind#PROPERTY} topic. */
  public Optional<String> property() {
    return property;
  }

  /** The names {@code $select} keeps; empty for all. */
  public Set<String> select() {
    return options.select();
  }

  QueryOptions options() {
    return options;
  }
}
