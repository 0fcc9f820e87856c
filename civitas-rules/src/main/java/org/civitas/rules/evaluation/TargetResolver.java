package org.civitas.rules.evaluation;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.civitas.devices.store.Device;
import org.civitas.devices.store.DeviceQuery;
import org.civitas.devices.store.DeviceState;
import org.civitas.devices.store.DeviceStore;
import org.civitas.rules.definition.RuleTarget;
import org.civitas.sensing.model.Entity;
import org.civitas.sensing.model.EntityType;
import org.civitas.sensing.query.EntityPage;
import org.civitas.sensing.query.EntityQuery;
import org.civitas.sensing.query.filter.Filter;
import org.civitas.sensing.store.SensingStore;

/**
 * Resolves a rule's target to the ids of the Datastreams it watches: a {@code $filter} through the
 * store's query (evaluated in the database), a district through the devices of the district and the
 * Datastreams their fields feed, kept when their ObservedProperty matches.
 *
 * <p>Thread-safe; reads the database, so it runs when the engine rebuilds its index, never per
 * observation.
 */
public final class TargetResolver {
  private static final int PAGE = 1_000;

  private final SensingStore sensing;
  private final DeviceStore devices;

  public TargetResolver(SensingStore sensing, DeviceStore devices) {
    this.sensing = sensing;
    this.devices = devices;
  }

  /** The Datastream ids of {@code target}, without repeats. */
  public Set<Long> resolve(RuleTarget target) {
    return switch (target) {
      case RuleTarget.Datastream d -> Set.of(d.id());
      case RuleTarget.Filter f -> datastreams(f.filter());
      case RuleTarget.PropertyInDistrict p -> inDistrict(p);
    };
  }

  private Set<Long> inDistrict(RuleTarget.PropertyInDistrict target) {
    Set<Long> fed = new HashSet<>();
    for (int skip = 0; ; skip += PAGE) {
      List<Device> page =
          devices.list(new DeviceQuery(DeviceState.ACTIVE, target.district(), skip, PAGE));
      page.forEach(device -> fed.addAll(device.fields().values()));
      if (page.size() < PAGE) {
        break;
      }
    }
    if (fed.isEmpty()) {
      return Set.of();
    }
    String property = target.observedProperty();
    String condition =
        property.chars().allMatch(Character::isDigit)
            ? "ObservedProperty/id eq " + property
            : "ObservedProperty/name eq '" + property.replace("'", "''") + "'";
    Set<Long> matching = datastreams(condition);
    matching.retainAll(fed);
    return matching;
  }

  private Set<Long> datastreams(String filter) {
    Filter parsed = Filter.parse(filter, EntityType.DATASTREAM);
    Set<Long> ids = new HashSet<>();
    for (long skip = 0; ; skip += PAGE) {
      EntityPage page =
          sensing.query(
              new EntityQuery(
                  EntityType.DATASTREAM,
                  Optional.empty(),
                  List.of(),
                  skip,
                  PAGE,
                  false,
                  Set.of("id"),
                  Optional.of(parsed)));
      page.entities().stream().map(Entity::id).forEach(ids::add);
      if (page.entities().size() < PAGE) {
        return ids;
      }
    }
  }
}
