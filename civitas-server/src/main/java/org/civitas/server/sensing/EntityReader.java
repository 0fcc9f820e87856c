package org.civitas.server.sensing;

import java.util.Optional;
import java.util.Set;
import org.civitas.sensing.model.Entity;
import org.civitas.sensing.model.EntityType;
import org.civitas.sensing.query.EntityPage;
import org.civitas.sensing.query.EntityQuery;
import org.civitas.sensing.store.SensingStore;
import org.civitas.sensing.store.SensingTransaction;

/**
 * The reads a store and a transaction both offer, so that the service rules run the same inside a
 * transaction (deep insert) and outside one (the ingest path).
 */
interface EntityReader {

  Optional<Entity> find(EntityType type, long id, Set<String> select);

  EntityPage query(EntityQuery query);

  static EntityReader of(SensingStore store) {
    return new EntityReader() {
      @Override
      public Optional<Entity> find(EntityType type, long id, Set<String> select) {
        return store.find(type, id, select);
      }

      @Override
      public EntityPage query(EntityQuery query) {
        return store.query(query);
      }
    };
  }

  static EntityReader of(SensingTransaction transaction) {
    return new EntityReader() {
      @Override
      public Optional<Entity> find(EntityType type, long id, Set<String> select) {
        return transaction.find(type, id, select);
      }

      @Override
      public EntityPage query(EntityQuery query) {
        return transaction.query(query);
      }
    };
  }
}
