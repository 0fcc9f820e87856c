package org.civitas.server.sensing;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.civitas.sensing.model.EntityType;
import org.civitas.server.http.JsonCodec;

/**
 * The service root document of {@code /v1.1}: the entity sets with their URLs and the conformance
 * classes this server implements now. {@code request-data} (the filtering extension: {@code
 * $filter} with every function of the specification, geospatial ones included, {@code $expand} with
 * nested options, {@code $select}, {@code $orderby}, {@code $top}, {@code $skip}, {@code $count})
 * is claimed because each of them is implemented and tested on both storage engines. {@code
 * batch-request} is not claimed yet: multipart/mixed batches are served, but have not been run
 * against the OGC conformance suite. The Tasking Core (OGC 17-079: Actuators, TaskingCapabilities,
 * Tasks and creating Tasks) is claimed because all of it is implemented and tested end to end on
 * both engines; creating Tasks by MQTT publish ({@code create-tasks-via-mqtt}) is not.
 */
final class ServiceRoot {

  static final List<String> CONFORMANCE =
      List.of(
          "http://www.opengis.net/spec/iot_sensing/1.1/req/datamodel",
          "http://www.opengis.net/spec/iot_sensing/1.1/req/resource-path/resource-path-to-entities",
          "http://www.opengis.net/spec/iot_sensing/1.1/req/request-data",
          "http://www.opengis.net/spec/iot_sensing/1.1/req/create-update-delete",
          "http://www.opengis.net/spec/iot_sensing/1.1/req/multi-datastream",
          "http://www.opengis.net/spec/iot_sensing/1.1/req/data-array/data-array",
          "http://www.opengis.net/spec/iot_tasking/1.0/req/tasking-capability",
          "http://www.opengis.net/spec/iot_tasking/1.0/req/task",
          "http://www.opengis.net/spec/iot_tasking/1.0/req/actuator",
          "http://www.opengis.net/spec/iot_tasking/1.0/req/create-tasks");

  private ServiceRoot() {}

  static ObjectNode document(String serviceRoot) {
    ObjectNode root = JsonCodec.newObject();
    ArrayNode sets = root.putArray("value");
    for (EntityType type : EntityType.values()) {
      ObjectNode set = sets.addObject();
      set.put("name", type.plural());
      set.put("url", serviceRoot + "/" + type.plural());
    }
    ArrayNode conformance = root.putObject("serverSettings").putArray("conformance");
    CONFORMANCE.forEach(conformance::add);
    return root;
  }
}
