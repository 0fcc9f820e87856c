package org.civitas.server.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.civitas.server.api.SensingApiContract.assertProblem;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.civitas.sensing.store.SensingStore;
import org.civitas.server.CivitasServer;
import org.civitas.server.ServerSettings;
import org.civitas.server.api.ApiClient.Answer;
import org.civitas.server.tasking.TaskDelivery;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The Tasking Core (OGC 17-079) end to end: Actuators, TaskingCapabilities and Tasks over HTTP on a
 * real server on a free port of 127.0.0.1, and the delivery of Tasks to a real HTTP endpoint of a
 * device. One subclass per storage engine supplies the store.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class TaskingApiContract {

  /** Quick retries, so that exhausting them takes a fraction of a second. */
  private static final TaskDelivery.Retries QUICK =
      new TaskDelivery.Retries(3, Duration.ofMillis(50), Duration.ofMillis(200));

  private static final String LIGHT_PARAMETERS =
      """
      {"type": "DataRecord",
       "field": [
         {"name": "state", "label": "On/Off", "description": "switch the light",
          "definition": "https://example.org/def/switch", "type": "Category",
          "constraint": {"type": "AllowedTokens", "value": ["on", "off"]}},
         {"name": "brightness", "label": "Brightness", "description": "percent",
          "definition": "https://example.org/def/brightness", "type": "Quantity",
          "uom": {"code": "%"},
          "constraint": {"type": "AllowedValues", "interval": [[0, 100]]}},
         {"name": "note", "type": "Text", "optional": true}]}""";

  private final List<DeviceReceiver> devices = new ArrayList<>();
  private SensingStore store;
  private CivitasServer server;
  ApiClient api;

  abstract SensingStore openStore();

  void cleanUp() {}

  @BeforeAll
  void startServer() {
    store = openStore();
    server = newServer();
    api = new ApiClient(server.start());
  }

  @AfterAll
  void stopServer() {
    server.stop();
    devices.forEach(DeviceReceiver::close);
    store.close();
    cleanUp();
  }

  private CivitasServer newServer() {
    return new CivitasServer(
            new ServerSettings("127.0.0.1", 0, null, 100, 1000),
            store,
            new PrometheusMeterRegistry(PrometheusConfig.DEFAULT))
        .withTaskRetries(QUICK);
  }

  private DeviceReceiver device() {
    DeviceReceiver device = new DeviceReceiver();
    devices.add(device);
    return device;
  }

  private static String delivery(String url) {
    return "{\"delivery\": {\"http\": {\"url\": \"" + url + "\"}}}";
  }

  /** A Thing with one TaskingCapability (and its Actuator) by deep insert; the capability's id. */
  private long newCapability(String name, String properties) {
    Answer thing =
        api.post(
            "/v1.1/Things",
            """
            {"name": "%s", "description": "a street light",
             "TaskingCapabilities": [
               {"name": "%s switch", "description": "switches the light",
                "taskingParameters": %s,
                "properties": %s,
                "Actuator": {"name": "%s relay", "description": "a relay",
                             "encodingType": "application/pdf",
                             "metadata": "https://example.org/relay.pdf"}}]}"""
                .formatted(name, name, LIGHT_PARAMETERS, properties, name));
    assertThat(thing.status()).as(thing.body()).isEqualTo(201);
    Answer capabilities = api.get("/v1.1/Things(" + thing.id() + ")/TaskingCapabilities");
    assertThat(capabilities.json().get("value")).hasSize(1);
    return capabilities.json().get("value").get(0).get("@iot.id").asLong();
  }

  private Answer postTask(long capability, String parameters) {
    return api.post(
        "/v1.1/TaskingCapabilities(" + capability + ")/Tasks",
        "{\"taskingParameters\": " + parameters + "}");
  }

  private JsonNode deliveryOf(long task) {
    return api.get("/v1.1/Tasks(" + task + ")").json().path("properties").path("delivery");
  }

  @Test
  void the_service_root_lists_the_tasking_entity_sets_and_conformance_classes() {
    JsonNode root = api.get("/v1.1").json();
    List<String> sets = new ArrayList<>();
    root.get("value").forEach(set -> sets.add(set.get("name").asText()));
    assertThat(sets).contains("Actuators", "TaskingCapabilities", "Tasks");
    List<String> conformance = new ArrayList<>();
    root.get("serverSettings").get("conformance").forEach(c -> conformance.add(c.asText()));
    assertThat(conformance)
        .contains(
            "http://www.opengis.net/spec/iot_tasking/1.0/req/tasking-capability",
            "http://www.opengis.net/spec/iot_tasking/1.0/req/task",
            "http://www.opengis.net/spec/iot_tasking/1.0/req/actuator",
            "http://www.opengis.net/spec/iot_tasking/1.0/req/create-tasks");
  }

  @Test
  void a_thing_is_created_with_its_tasking_capabilities_and_actuator_and_navigated_both_ways() {
    long capability = newCapability("light-nav", "{}");
    JsonNode read = api.get("/v1.1/TaskingCapabilities(" + capability + ")").json();
    assertThat(read.get("name").asText()).isEqualTo("light-nav switch");
    assertThat(read.get("taskingParameters").get("field")).hasSize(3);
    assertThat(read.get("Thing@iot.navigationLink").asText())
        .endsWith("/v1.1/TaskingCapabilities(" + capability + ")/Thing");
    assertThat(read.has("Actuator@iot.navigationLink")).isTrue();
    assertThat(read.has("Tasks@iot.navigationLink")).isTrue();

    JsonNode actuator = api.get("/v1.1/TaskingCapabilities(" + capability + ")/Actuator").json();
    assertThat(actuator.get("name").asText()).isEqualTo("light-nav relay");
    assertThat(actuator.get("metadata").asText()).isEqualTo("https://example.org/relay.pdf");
    long actuatorId = actuator.get("@iot.id").asLong();
    assertThat(
            api.get("/v1.1/Actuators(" + actuatorId + ")/TaskingCapabilities")
                .json()
                .get("value")
                .get(0)
                .get("@iot.id")
                .asLong())
        .isEqualTo(capability);
    JsonNode thing = api.get("/v1.1/TaskingCapabilities(" + capability + ")/Thing").json();
    assertThat(thing.get("name").asText()).isEqualTo("light-nav");
    assertThat(thing.has("TaskingCapabilities@iot.navigationLink")).isTrue();

    JsonNode expanded =
        api.get(
                "/v1.1/Things("
                    + thing.get("@iot.id").asLong()
                    + ")?$expand=TaskingCapabilities($expand=Actuator)")
            .json();
    assertThat(expanded.get("TaskingCapabilities").get(0).get("Actuator").get("name").asText())
        .isEqualTo("light-nav relay");
  }

  @Test
  void actuators_and_tasking_capabilities_are_updated_and_deleted_like_other_entities() {
    long capability = newCapability("light-crud", "{}");
    Answer renamed =
        api.patch("/v1.1/TaskingCapabilities(" + capability + ")", "{\"name\": \"renamed\"}");
    assertThat(renamed.status()).as(renamed.body()).isEqualTo(200);
    assertThat(renamed.json().get("name").asText()).isEqualTo("renamed");
    long actuator =
        api.get("/v1.1/TaskingCapabilities(" + capability + ")/Actuator")
            .json()
            .get("@iot.id")
            .asLong();
    Answer changed =
        api.patch("/v1.1/Actuators(" + actuator + ")", "{\"description\": \"a new relay\"}");
    assertThat(changed.json().get("description").asText()).isEqualTo("a new relay");

    long task = postTask(capability, "{\"state\": \"on\", \"brightness\": 40}").id();
    assertThat(api.delete("/v1.1/Actuators(" + actuator + ")").status()).isEqualTo(200);
    assertThat(api.get("/v1.1/TaskingCapabilities(" + capability + ")").status()).isEqualTo(404);
    assertThat(api.get("/v1.1/Tasks(" + task + ")").status()).isEqualTo(404);
  }

  @Test
  void a_task_is_created_with_a_server_set_creation_time_and_cannot_be_changed_or_deleted() {
    long capability = newCapability("light-create", "{}");
    Answer created = postTask(capability, "{\"state\": \"on\", \"brightness\": 80}");
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    assertThat(created.location()).endsWith("/v1.1/Tasks(" + created.id() + ")");
    JsonNode task = created.json();
    assertThat(task.get("creationTime").asText()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
    assertThat(task.get("taskingParameters").get("brightness").asInt()).isEqualTo(80);
    // Without a delivery target in the capability there is nothing to deliver or record.
    assertThat(task.path("properties").has("delivery")).isFalse();
    assertThat(
            api.get("/v1.1/Tasks(" + created.id() + ")/TaskingCapability")
                .json()
                .get("@iot.id")
                .asLong())
        .isEqualTo(capability);
    assertThat(
            api.get("/v1.1/TaskingCapabilities(" + capability + ")/Tasks?$count=true")
                .json()
                .get("@iot.count")
                .asInt())
        .isEqualTo(1);

    assertThat(
            api.patch("/v1.1/Tasks(" + created.id() + ")", "{\"taskingParameters\": {}}").status())
        .isEqualTo(405);
    assertThat(api.delete("/v1.1/Tasks(" + created.id() + ")").status()).isEqualTo(405);
    assertThat(api.get("/v1.1/Tasks(" + created.id() + ")").status()).isEqualTo(200);

    Answer withTime =
        api.post(
            "/v1.1/TaskingCapabilities(" + capability + ")/Tasks",
            "{\"creationTime\": \"2020-01-01T00:00:00Z\", \"taskingParameters\": {\"state\": \"on\","
                + " \"brightness\": 1}}");
    assertProblem(withTime, 400, "invalid", "creationTime");
    Answer orphan = api.post("/v1.1/Tasks", "{\"taskingParameters\": {\"state\": \"on\"}}");
    assertThat(orphan.status()).as(orphan.body()).isEqualTo(400);
  }

  @Test
  void tasking_parameters_that_do_not_fit_the_capability_are_refused_naming_the_field() {
    long capability = newCapability("light-invalid", "{}");
    assertProblem(
        postTask(capability, "{\"state\": \"dim\", \"brightness\": 10}"),
        400,
        "invalid",
        "taskingParameters/state");
    assertProblem(
        postTask(capability, "{\"state\": \"on\", \"brightness\": 150}"),
        400,
        "invalid",
        "taskingParameters/brightness");
    assertProblem(
        postTask(capability, "{\"state\": \"on\", \"brightness\": \"high\"}"),
        400,
        "invalid",
        "taskingParameters/brightness");
    assertProblem(
        postTask(capability, "{\"state\": \"on\"}"),
        400,
        "invalid",
        "taskingParameters/brightness");
    assertProblem(
        postTask(capability, "{\"state\": \"on\", \"brightness\": 5, \"colour\": \"red\"}"),
        400,
        "invalid",
        "taskingParameters/colour");
    assertProblem(postTask(capability, "[1, 2]"), 400, "invalid", "taskingParameters");
    Answer optionalLeftOut = postTask(capability, "{\"state\": \"off\", \"brightness\": 0}");
    assertThat(optionalLeftOut.status()).as(optionalLeftOut.body()).isEqualTo(201);
    assertThat(
            api.get("/v1.1/TaskingCapabilities(" + capability + ")/Tasks?$count=true")
                .json()
                .get("@iot.count")
                .asInt())
        .isEqualTo(1);
  }

  @Test
  void a_capability_needs_a_data_record_and_a_valid_delivery_setting() {
    long thing =
        api.post("/v1.1/Things", "{\"name\": \"bare\", \"description\": \"no capabilities\"}").id();
    String actuator =
        "{\"name\": \"r\", \"description\": \"r\", \"encodingType\": \"text/plain\","
            + " \"metadata\": \"none\"}";
    Answer notRecord =
        api.post(
            "/v1.1/TaskingCapabilities",
            "{\"name\": \"x\", \"description\": \"x\", \"taskingParameters\": {\"a\": 1},"
                + " \"Thing\": {\"@iot.id\": "
                + thing
                + "}, \"Actuator\": "
                + actuator
                + "}");
    assertProblem(notRecord, 400, "invalid", "taskingParameters");
    Answer badUrl =
        api.post(
            "/v1.1/TaskingCapabilities",
            "{\"name\": \"x\", \"description\": \"x\", \"taskingParameters\": "
                + LIGHT_PARAMETERS
                + ", \"properties\": {\"delivery\": {\"http\": {\"url\": \"ftp://device/x\"}}},"
                + " \"Thing\": {\"@iot.id\": "
                + thing
                + "}, \"Actuator\": "
                + actuator
                + "}");
    assertProblem(badUrl, 400, "invalid", "properties/delivery/http/url");
    Answer badDevice =
        api.post(
            "/v1.1/TaskingCapabilities",
            "{\"name\": \"x\", \"description\": \"x\", \"taskingParameters\": "
                + LIGHT_PARAMETERS
                + ", \"properties\": {\"delivery\": {\"device\": {\"id\": \"bin/7\"}}},"
                + " \"Thing\": {\"@iot.id\": "
                + thing
                + "}, \"Actuator\": "
                + actuator
                + "}");
    assertProblem(badDevice, 400, "invalid", "properties/delivery/device/id");
    assertThat(
            api.get("/v1.1/Actuators?$filter=name eq 'r'".replace(" ", "%20")).json().get("value"))
        .as("a refused deep insert leaves nothing behind")
        .isEmpty();
  }

  @Test
  void a_task_is_delivered_to_the_device_url_after_the_post_and_its_state_is_readable() {
    DeviceReceiver device = device();
    long capability = newCapability("light-http", delivery(device.url()));
    Answer created = postTask(capability, "{\"state\": \"on\", \"brightness\": 70}");
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    assertThat(created.json().get("properties").get("delivery").get("state").asText())
        .isIn("pending", "delivered");

    await().atMost(Duration.ofSeconds(20)).until(() -> device.received().size() == 1);
    JsonNode sent = new ApiClient.Answer(200, "", null, null, device.received().getFirst()).json();
    assertThat(sent.get("@iot.id").asLong()).isEqualTo(created.id());
    assertThat(sent.get("@iot.selfLink").asText()).endsWith("/v1.1/Tasks(" + created.id() + ")");
    assertThat(sent.get("taskingParameters").get("state").asText()).isEqualTo("on");
    assertThat(sent.has("creationTime")).isTrue();

    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> deliveryOf(created.id()).path("state").asText().equals("delivered"));
    JsonNode state = deliveryOf(created.id());
    assertThat(state.get("channel").asText()).isEqualTo("http");
    assertThat(state.get("attempts").asInt()).isEqualTo(1);
    assertThat(state.has("deliveredAt")).isTrue();
    Answer delivered =
        api.get(
            "/v1.1/Tasks?$filter="
                + "properties/delivery/state%20eq%20'delivered'%20and%20id%20eq%20"
                + created.id());
    assertThat(delivered.json().get("value")).as(delivered.body()).hasSize(1);
  }

  @Test
  void a_refused_delivery_is_retried_with_backoff_until_the_device_accepts() {
    DeviceReceiver device = device();
    device.refuseNext(2);
    long capability = newCapability("light-retry", delivery(device.url()));
    long task = postTask(capability, "{\"state\": \"off\", \"brightness\": 0}").id();
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> deliveryOf(task).path("state").asText().equals("delivered"));
    assertThat(deliveryOf(task).get("attempts").asInt()).isEqualTo(3);
    assertThat(device.requests()).isEqualTo(3);
    assertThat(device.received()).hasSize(1);
  }

  @Test
  void a_delivery_fails_for_good_after_the_bounded_attempts_and_says_why() {
    DeviceReceiver device = device();
    device.answer(500);
    long capability = newCapability("light-broken", delivery(device.url()));
    long task = postTask(capability, "{\"state\": \"on\", \"brightness\": 1}").id();
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> deliveryOf(task).path("state").asText().equals("failed"));
    JsonNode state = deliveryOf(task);
    assertThat(state.get("attempts").asInt()).isEqualTo(3);
    assertThat(state.get("lastError").asText()).contains("500");
    assertThat(device.requests()).isEqualTo(3);
    String metrics = api.get("/metrics").body();
    assertThat(metrics).contains("civitas_task_deliveries_total{outcome=\"failed\"}");
    assertThat(metrics).contains("civitas_task_deliveries_total{outcome=\"retried\"}");
  }

  @Test
  void a_task_for_mqtt_fails_while_no_broker_runs_and_says_so() {
    long capability =
        newCapability("light-mqtt", "{\"delivery\": {\"mqtt\": {\"topic\": \"lights/7/tasks\"}}}");
    long task = postTask(capability, "{\"state\": \"on\", \"brightness\": 1}").id();
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> deliveryOf(task).path("state").asText().equals("failed"));
    assertThat(deliveryOf(task).get("channel").asText()).isEqualTo("mqtt");
    assertThat(deliveryOf(task).get("lastError").asText()).contains("MQTT broker is not running");
  }

  @Test
  void tasks_created_by_deep_insert_with_their_capability_are_checked_and_delivered() {
    DeviceReceiver device = device();
    long thing =
        api.post("/v1.1/Things", "{\"name\": \"deep\", \"description\": \"a lamp post\"}").id();
    java.util.function.Function<String, String> capability =
        task ->
            "{\"name\": \"deep switch\", \"description\": \"d\", \"taskingParameters\": "
                + LIGHT_PARAMETERS
                + ", \"properties\": "
                + delivery(device.url())
                + ", \"Thing\": {\"@iot.id\": "
                + thing
                + "}, \"Actuator\": {\"name\": \"a\", \"description\": \"a\","
                + " \"encodingType\": \"text/plain\", \"metadata\": \"m\"},"
                + " \"Tasks\": [{\"taskingParameters\": "
                + task
                + "}]}";
    Answer refused =
        api.post(
            "/v1.1/TaskingCapabilities",
            capability.apply("{\"state\": \"on\", \"brightness\": 101}"));
    assertProblem(refused, 400, "invalid", "Tasks[0].taskingParameters/brightness");
    Answer created =
        api.post(
            "/v1.1/TaskingCapabilities",
            capability.apply("{\"state\": \"on\", \"brightness\": 100}"));
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    await().atMost(Duration.ofSeconds(20)).until(() -> device.received().size() == 1);
    long task =
        api.get("/v1.1/TaskingCapabilities(" + created.id() + ")/Tasks")
            .json()
            .get("value")
            .get(0)
            .get("@iot.id")
            .asLong();
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> deliveryOf(task).path("state").asText().equals("delivered"));
  }

  @Test
  void a_task_in_a_batch_change_set_is_delivered_only_when_the_change_set_commits() {
    DeviceReceiver device = device();
    long capability = newCapability("light-batch", delivery(device.url()));
    String batch =
        """
        {"requests": [
          {"id": "task", "atomicityGroup": "g", "method": "post",
           "url": "TaskingCapabilities(%d)/Tasks",
           "body": {"taskingParameters": {"state": "on", "brightness": 9}}},
          {"id": "broken", "atomicityGroup": "g", "method": "post", "url": "Things",
           "body": {"name": "no description"}}
        ]}"""
            .formatted(capability);
    Answer failed = api.post("/v1.1/$batch", batch);
    assertThat(failed.status()).as(failed.body()).isEqualTo(200);
    String committed =
        """
        {"requests": [
          {"id": "task", "atomicityGroup": "g", "method": "post",
           "url": "TaskingCapabilities(%d)/Tasks",
           "body": {"taskingParameters": {"state": "off", "brightness": 10}}},
          {"id": "other", "atomicityGroup": "g", "method": "post", "url": "Things",
           "body": {"name": "fine", "description": "stored"}}
        ]}"""
            .formatted(capability);
    Answer ok = api.post("/v1.1/$batch", committed);
    assertThat(ok.status()).as(ok.body()).isEqualTo(200);

    await().atMost(Duration.ofSeconds(20)).until(() -> device.received().size() == 1);
    JsonNode sent = new ApiClient.Answer(200, "", null, null, device.received().getFirst()).json();
    assertThat(sent.get("taskingParameters").get("state").asText()).isEqualTo("off");
    assertThat(
            api.get("/v1.1/TaskingCapabilities(" + capability + ")/Tasks?$count=true")
                .json()
                .get("@iot.count")
                .asInt())
        .as("the rolled-back Task was never stored")
        .isEqualTo(1);
    // The device never heard of the rolled-back Task, however long one waits for it.
    assertThat(device.requests()).isEqualTo(1);
  }

  @Test
  void a_client_cannot_set_the_delivery_state_of_a_task() {
    long capability = newCapability("light-forged", "{}");
    Answer forged =
        api.post(
            "/v1.1/TaskingCapabilities(" + capability + ")/Tasks",
            "{\"taskingParameters\": {\"state\": \"on\", \"brightness\": 1},"
                + " \"properties\": {\"delivery\": {\"state\": \"delivered\"}}}");
    assertProblem(forged, 400, "invalid", "properties/delivery");
  }

  @Test
  void a_delivery_still_pending_when_the_server_stops_is_made_after_the_next_start() {
    DeviceReceiver device = device();
    device.answer(503);
    CivitasServer first =
        new CivitasServer(
                new ServerSettings("127.0.0.1", 0, null, 100, 1000),
                store,
                new PrometheusMeterRegistry(PrometheusConfig.DEFAULT))
            .withTaskRetries(
                new TaskDelivery.Retries(50, Duration.ofMillis(100), Duration.ofMillis(100)));
    ApiClient firstApi = new ApiClient(first.start());
    long task;
    try {
      long capability = newCapability("light-restart", delivery(device.url()));
      task =
          firstApi
              .post(
                  "/v1.1/TaskingCapabilities(" + capability + ")/Tasks",
                  "{\"taskingParameters\": {\"state\": \"on\", \"brightness\": 3}}")
              .id();
      await()
          .atMost(Duration.ofSeconds(20))
          .until(() -> deliveryOf(task).path("attempts").asInt() >= 1);
    } finally {
      first.stop();
    }
    assertThat(deliveryOf(task).get("state").asText()).isEqualTo("pending");
    int refusedBeforeRestart = device.requests();
    device.answer(200);

    CivitasServer second = newServer();
    second.start();
    try {
      await()
          .atMost(Duration.ofSeconds(20))
          .until(() -> deliveryOf(task).path("state").asText().equals("delivered"));
      assertThat(device.received()).hasSize(1);
      assertThat(deliveryOf(task).get("attempts").asInt()).isGreaterThan(refusedBeforeRestart - 1);
    } finally {
      second.stop();
    }
  }
}
