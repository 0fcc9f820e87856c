package org.civitas.sensing.model;

/**
 * A navigation property: the link from one entity type to another, e.g. a Datastream's {@code
 * Thing} (to-one) or a Thing's {@code Datastreams} (to-many).
 *
 * @param owner the entity type this navigation property belongs to
 * @param name the JSON name, e.g. {@code Datastreams}
 * @param target the entity type it leads to
 * @param many whether it leads to a set of entities rather than one
 * @param required whether an entity of the owner type cannot be created without this link (a
 *     Datastream's Thing)
 */
public record Navigation(
    EntityType owner, String name, EntityType target, boolean many, boolean required) {

  /**
   * The navigation property of the target that leads back here: Datastream/Thing for
   * Thing/Datastreams.
   */
  public Navigation inverse() {
    return EntityType.inverseOf(this);
  }

  @Override
  public String toString() {
    return owner.singular() + "/" + name;
  }
}
