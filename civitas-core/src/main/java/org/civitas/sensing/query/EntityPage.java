package org.civitas.sensing.query;

import java.util.List;
import java.util.OptionalLong;
import org.civitas.sensing.model.Entity;

/**
 * One page of a query's answer.
 *
 * @param entities the entities on this page
 * @param totalCount how many entities match in all, when the query asked for a count
 * @param more whether entities follow this page (so the server links the next page)
 */
public record EntityPage(List<Entity> entities, OptionalLong totalCount, boolean more) {
  public EntityPage {
    entities = List.copyOf(entities);
  }
}
