package org.civitas.storage;

import static org.civitas.sensing.model.EntityType.OBSERVATION;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.civitas.error.InvalidInputException;
import org.civitas.sensing.model.EntityType;
import org.civitas.sensing.model.Navigation;
import org.civitas.sensing.model.Property;
import org.civitas.storage.SensingSchema.Table;

/**
 * The rules a create or update must satisfy before it reaches the database, checked against the
 * model so that the error names the offending property or navigation property.
 */
final class DraftChecks {
  private DraftChecks() {}

  /** Rejects unknown and computed properties, and (on create) missing required ones. */
  static void checkValues(Table table, Map<String, Object> values, boolean creating) {
    EntityType type = table.type();
    for (Map.Entry<String, Object> entry : values.entrySet()) {
      Property property =
          type.property(entry.getKey())
              .orElseThrow(
                  () ->
                      new InvalidInputException(
                          type.singular() + " has no property " + entry.getKey(), entry.getKey()));
      if (property.readOnly()) {
        throw new InvalidInputException(
            property.name() + " of a " + type.singular() + " is computed and cannot be set",
            property.name());
      }
      if (property.required() && entry.getValue() == null) {
        throw new InvalidInputException(
            property.name() + " of a " + type.singular() + " is required and cannot be null",
            property.name());
      }
    }
    if (creating) {
      for (Property property : type.properties()) {
        if (property.required() && !values.containsKey(property.name())) {
          throw new InvalidInputException(
              "a " + type.singular() + " needs " + property.name(), property.name());
        }
      }
    }
  }

  /** Links must belong to this type; to-one links name one entity; required ones are present. */
  static void checkLinks(Table table, Map<Navigation, List<Long>> links, boolean creating) {
    EntityType type = table.type();
    for (Map.Entry<Navigation, List<Long>> entry : links.entrySet()) {
      Navigation navigation = entry.getKey();
      if (navigation.owner() != type) {
        throw new InvalidInputException(
            navigation + " is not a navigation property of a " + type.singular(),
            navigation.name());
      }
      if (!navigation.many() && entry.getValue().size() != 1) {
        throw new InvalidInputException(
            navigation.name() + " links exactly one " + navigation.target().singular(),
            navigation.name());
      }
    }
    if (!creating) {
      return;
    }
    Set<String> present = new LinkedHashSet<>();
    links.forEach((navigation, ids) -> present.add(navigation.name()));
    if (type == OBSERVATION) {
      // The model marks neither as required: an Observation needs exactly one of the two.
      boolean datastream = present.contains("Datastream");
      boolean multi = present.contains("MultiDatastream");
      if (datastream == multi) {
        throw new InvalidInputException(
            "an Observation belongs to exactly one Datastream or MultiDatastream", "Datastream");
      }
    }
    for (Navigation navigation : type.navigations()) {
      if (navigation.required() && !present.contains(navigation.name())) {
        throw new InvalidInputException(
            "a " + type.singular() + " needs " + navigation.name(), navigation.name());
      }
    }
  }
}
