package org.civitas.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;
import org.civitas.mqtt.Http.Answer;
import org.civitas.mqtt.Subscriber.Message;
import org.civitas.sensing.store.SensingStore;
import org.civitas.server.CivitasServer;
import org.civitas.server.ServerSettings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Tasks delivered to devices over MQTT (OGC 17-079 with the Civitas delivery setting): a real HTTP
 * server and the embedded broker on free ports of 127.0.0.1, a device subscribed with the HiveMQ
 * MQTT client. One subclass per storage engine supplies the store.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class MqttTaskingContract {

  private SensingStore store;
  private CivitasServer server;
  private MqttBroker broker;
  private PrometheusMeterRegistry registry;
  private Path brokerFolder;
  private Http http;
  private int mqttPort;

  abstract SensingStore openStore();

  void cleanUp() {}

  @BeforeAll
  void start() throws IOException {
    store = openStore();
    registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    server = new CivitasServer(ServerSettings.loopbackOnFreePort(), store, registry);
    http = new Http(server.start());
    brokerFolder = Files.createTempDirectory("civitas-mqtt-tasking-test");
    broker =
        MqttBroker.start(
            MqttSettings.loopbackOnFreePort(brokerFolder)
                .withAnonymous(MqttSettings.Anonymous.PUBLISH),
            server.sensing(),
            registry);
    mqttPort = broker.port();
  }

  @AfterAll
  void stop() {
    broker.close();
    server.stop();
    store.close();
    registry.close();
    try (Stream<Path> files = Files.walk(brokerFolder)) {
      files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    cleanUp();
  }

  @Test
  void a_task_is_published_on_the_topic_its_capability_names_and_recorded_as_delivered() {
    Answer thing =
        http.post(
            "/v1.1/Things",
            """
            {"name": "valve 12", "description": "a water valve",
             "TaskingCapabilities": [
               {"name": "open or close", "description": "sets the valve",
                "taskingParameters": {"type": "DataRecord", "field": [
                  {"name": "position", "type": "Quantity", "uom": {"code": "%"},
                   "constraint": {"type": "AllowedValues", "interval": [[0, 100]]}}]},
                "properties": {"delivery": {"mqtt": {"topic": "devices/valve-12/tasks"}}},
                "Actuator": {"name": "valve motor", "description": "a motor",
                             "encodingType": "text/plain", "metadata": "none"}}]}""");
    assertThat(thing.status()).isEqualTo(201);
    long capability =
        http.get("/v1.1/Things(" + thing.json().get("@iot.id").asLong() + ")/TaskingCapabilities")
            .json()
            .get("value")
            .get(0)
            .get("@iot.id")
            .asLong();

    try (Subscriber device = new Subscriber(mqttPort).subscribe("devices/valve-12/tasks")) {
      Answer task =
          http.post(
              "/v1.1/TaskingCapabilities(" + capability + ")/Tasks",
              "{\"taskingParameters\": {\"position\": 40}}");
      assertThat(task.status()).isEqualTo(201);
      long id = task.json().get("@iot.id").asLong();

      Message message = device.next();

      assertThat(message.topic()).isEqualTo("devices/valve-12/tasks");
      assertThat(message.json().get("@iot.id").asLong()).isEqualTo(id);
      assertThat(message.json().get("taskingParameters").get("position").asInt()).isEqualTo(40);
      await()
          .atMost(Duration.ofSeconds(20))
          .until(() -> delivery(id).path("state").asText().equals("delivered"));
      assertThat(delivery(id).get("channel").asText()).isEqualTo("mqtt");
      assertThat(delivery(id).get("attempts").asInt()).isEqualTo(1);
    }
  }

  @Test
  void a_subscriber_to_a_tasks_properties_hears_when_it_is_delivered() throws Exception {
    DeviceEndpoint device = new DeviceEndpoint();
    try (device) {
      Answer thing =
          http.post(
              "/v1.1/Things",
              """
              {"name": "signal 4", "description": "a traffic signal",
               "TaskingCapabilities": [
                 {"name": "plan", "description": "selects the signal plan",
                  "taskingParameters": {"type": "DataRecord", "field": [
                    {"name": "plan", "type": "Text"}]},
                  "properties": {"delivery": {"http": {"url": "%s"}}},
                  "Actuator": {"name": "controller", "description": "signal controller",
                               "encodingType": "text/plain", "metadata": "none"}}]}"""
                  .formatted(device.url()));
      long capability =
          http.get("/v1.1/Things(" + thing.json().get("@iot.id").asLong() + ")/TaskingCapabilities")
              .json()
              .get("value")
              .get(0)
              .get("@iot.id")
              .asLong();
      device.hold();
      long id =
          http.post(
                  "/v1.1/TaskingCapabilities(" + capability + ")/Tasks",
                  "{\"taskingParameters\": {\"plan\": \"P02\"}}")
              .json()
              .get("@iot.id")
              .asLong();
      try (Subscriber watcher =
          new Subscriber(mqttPort).subscribe("v1.1/Tasks(" + id + ")/properties")) {
        device.release();
        Message message = watcher.next();
        assertThat(message.topic()).isEqualTo("v1.1/Tasks(" + id + ")/properties");
        assertThat(message.json().at("/properties/delivery/state").asText()).isEqualTo("delivered");
      }
    }
  }

  private JsonNode delivery(long task) {
    return http.get("/v1.1/Tasks(" + task + ")").json().path("properties").path("delivery");
  }
}
