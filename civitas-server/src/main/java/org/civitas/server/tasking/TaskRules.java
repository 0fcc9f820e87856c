package org.civitas.server.tasking;

import java.util.LinkedHashMap;
import java.util.Map;
import org.civitas.error.InvalidInputException;
import org.civitas.sensing.model.Entity;
import org.civitas.sensing.model.Json;
import org.civitas.server.http.JsonCodec;

/**
 * The rules of the Tasking Core above storage, applied by the SensorThings service inside the
 * transaction that writes the entity: a TaskingCapability's parameters are a DataRecord and its
 * delivery setting is valid; a Task's parameters fit its capability's record, and a Task that will
 * be delivered starts {@code pending}.
 */
public final class TaskRules {
  private TaskRules() {}

  /**
   * Checks the values a create or update of a TaskingCapability sets.
   *
   * @param prefix where it sits in the request ({@code ""} at the top)
   */
  public static void checkCapability(Map<String, Object> values, String prefix) {
    if (values.get("taskingParameters") instanceof Json record) {
      TaskingParameters.of(record, prefix + "taskingParameters");
    }
    if (values.get("properties") instanceof Json properties) {
      DeliveryTarget.of(properties, prefix);
    }
  }

  /**
   * Checks a new Task against its TaskingCapability and returns the values to store: those given,
   * with {@code properties.delivery} set to pending when the capability names a delivery target.
   *
   * @param capability the Task's TaskingCapability with its taskingParameters and properties
   * @param prefix where the Task sits in the request ({@code ""} at the top)
   */
  public static Map<String, Object> newTask(
      Map<String, Object> values, Entity capability, String prefix) {
    Json parameters = (Json) values.get("taskingParameters");
    if (parameters != null) {
      TaskingParameters.of((Json) capability.value("taskingParameters"), "taskingParameters")
          .check(parameters, prefix);
    }
    Json properties = (Json) values.get("properties");
    if (properties != null) {
      var node = JsonCodec.readTree(properties.text());
      if (!node.isObject()) {
        throw new InvalidInputException(
            "properties of a Task is a JSON object, found " + JsonCodec.describe(node),
            prefix + "properties");
      }
      if (node.has("delivery")) {
        throw new InvalidInputException(
            "properties/delivery of a Task is kept by the server: it records the delivery to the"
                + " device",
            prefix + DeliveryTarget.FIELD);
      }
    }
    Map<String, Object> stored = new LinkedHashMap<>(values);
    DeliveryTarget.of((Json) capability.value("properties"), "TaskingCapability/")
        .ifPresent(
            target -> stored.put("properties", DeliveryState.pending(target).into(properties)));
    return stored;
  }
}
