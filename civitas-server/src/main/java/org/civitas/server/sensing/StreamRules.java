package org.civitas.server.sensing;

import java.util.List;
import java.util.Map;
import org.civitas.error.InvalidInputException;
import org.civitas.sensing.model.EntityType;
import org.civitas.sensing.model.Json;
import org.civitas.sensing.model.Navigation;
import org.civitas.server.http.JsonCodec;

/** The rules of Datastream and MultiDatastream values that the metadata alone cannot express. */
final class StreamRules {

  private static final Navigation MULTI_DATASTREAM_PROPERTIES =
      EntityType.MULTI_DATASTREAM.navigation("ObservedProperties").orElseThrow();

  private StreamRules() {}

  /** The value rules of Datastreams and MultiDatastreams, for creates and updates alike. */
  static void checkValues(EntityType type, Map<String, Object> values, String field) {
    switch (type) {
      case DATASTREAM -> {
        if (values.get("unitOfMeasurement") instanceof Json unit) {
          ObservationTypes.requireUnit(unit, field + "unitOfMeasurement");
        }
        if (values.get("observationType") instanceof String observationType) {
          ObservationTypes.requireSimple(observationType, field + "observationType");
        }
      }
      case MULTI_DATASTREAM -> {
        if (values.get("observationType") instanceof String observationType
            && !observationType.equals(ObservationTypes.COMPLEX)) {
          throw new InvalidInputException(
              "the observationType of a MultiDatastream is " + ObservationTypes.COMPLEX,
              field + "observationType");
        }
        if (values.get("multiObservationDataTypes") instanceof Json types) {
          var node = JsonCodec.readTree(types.text());
          if (!node.isArray() || node.isEmpty()) {
            throw new InvalidInputException(
                "multiObservationDataTypes is a non-empty array of observation types",
                field + "multiObservationDataTypes");
          }
          for (int i = 0; i < node.size(); i++) {
            String itemField = field + "multiObservationDataTypes[" + i + "]";
            if (!node.get(i).isTextual()) {
              throw new InvalidInputException("an observation type is a string", itemField);
            }
            ObservationTypes.requireSimple(node.get(i).textValue(), itemField);
          }
        }
        if (values.get("unitOfMeasurements") instanceof Json units) {
          var node = JsonCodec.readTree(units.text());
          if (!node.isArray()) {
            throw new InvalidInputException(
                "unitOfMeasurements is an array with one unit per ObservedProperty",
                field + "unitOfMeasurements");
          }
          for (int i = 0; i < node.size(); i++) {
            ObservationTypes.requireUnit(node.get(i), field + "unitOfMeasurements[" + i + "]");
          }
        }
      }
      default -> {}
    }
  }

  /** A MultiDatastream has as many units and data types as ObservedProperties, in that order. */
  static void checkMultiDatastreamSizes(
      Map<String, Object> values, Map<Navigation, List<Long>> links, String field) {
    int properties = links.getOrDefault(MULTI_DATASTREAM_PROPERTIES, List.of()).size();
    int types = JsonCodec.readTree(((Json) values.get("multiObservationDataTypes")).text()).size();
    int units = JsonCodec.readTree(((Json) values.get("unitOfMeasurements")).text()).size();
    if (types != properties || units != properties) {
      throw new InvalidInputException(
          "a MultiDatastream has one unitOfMeasurement and one multiObservationDataType per"
              + " ObservedProperty; found "
              + units
              + " units, "
              + types
              + " types and "
              + properties
              + " ObservedProperties",
          field + "multiObservationDataTypes");
    }
  }
}
