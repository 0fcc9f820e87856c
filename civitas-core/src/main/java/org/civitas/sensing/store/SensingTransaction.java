package org.civitas.sensing.store;

import java.util.Optional;
import java.util.Set;
import org.civitas.sensing.model.Entity;
import org.civitas.sensing.model.EntityDraft;
import org.civitas.sensing.model.EntityType;
import org.civitas.sensing.model.Navigation;
import org.civitas.sensing.query.EntityPage;
import org.civitas.sensing.query.EntityQuery;

/**
 * The operations of one storage transaction. Storage enforces references (a link to an entity that
 * does not exist is a {@link org.civitas.error.InvalidInputException} naming the navigation
 * property) and the cascades of the specification on delete; the rules of the SensorThings service
 * itself (automatic HistoricalLocations and FeaturesOfInterest, required properties) live above
 * storage.
 */
public interface SensingTransaction {

  /** Stores a new entity with its links and returns its {@code @iot.id}. */
  long create(EntityDraft draft);

  /**
   * Changes the given properties and links of an entity; a to-one link replaces the old one, a
   * to-many link adds to the set.
   *
   * @throws org.civitas.error.NotFoundException if it does not exist
   */
  void update(long id, EntityDraft changes);

  /**
   * Removes every link of an entity through a many-to-many navigation (a Thing's Locations), so
   * that the links a following {@link #update} adds replace the old set. The linked entities stay.
   *
   * @throws IllegalArgumentException if the navigation is not many-to-many
   */
  void unlinkAll(long id, Navigation navigation);

  /**
   * Deletes an entity and what the specification deletes with it (a Thing's Datastreams and their
   * Observations, ...).
   *
   * @throws org.civitas.error.NotFoundException if it does not exist
   */
  void delete(EntityType type, long id);

  Optional<Entity> find(EntityType type, long id, Set<String> select);

  EntityPage query(EntityQuery query);
}
