package org.civitas.server.sensing;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.civitas.sensing.model.Entity;
import org.civitas.sensing.model.EntityType;
import org.civitas.sensing.model.Navigation;

/**
 * Hears of SensorThings entities once they are committed: created (over HTTP, by deep insert, by
 * the ingest path, or by the service itself, such as HistoricalLocations) and updated. Nothing is
 * announced for changes that rolled back.
 *
 * <p>Called on the thread that completed the commit (a request thread or the ingest path's
 * acknowledgement thread), so implementations must return quickly and must be thread-safe. What
 * they throw is logged and otherwise ignored.
 */
public interface SensingEvents {

  /** Hears nothing. */
  SensingEvents NONE =
      new SensingEvents() {
        @Override
        public void created(Entity entity, Map<Navigation, List<Long>> links) {}

        @Override
        public void updated(
            EntityType type, long id, Set<String> changed, Map<Navigation, List<Long>> links) {}
      };

  /**
   * An entity was created.
   *
   * @param entity the new entity with the values it was written with: every property for an
   *     Observation; for other types the ones given (read the entity for values the server
   *     computes)
   * @param links the entities it was linked to on creation, by navigation property of the new
   *     entity ({@code Datastream -> [7]} for an Observation of Datastream 7)
   */
  void created(Entity entity, Map<Navigation, List<Long>> links);

  /**
   * An entity was updated.
   *
   * @param changed the names of the properties the update set
   * @param links the links the update set, by navigation property of the updated entity
   */
  void updated(EntityType type, long id, Set<String> changed, Map<Navigation, List<Long>> links);
}
