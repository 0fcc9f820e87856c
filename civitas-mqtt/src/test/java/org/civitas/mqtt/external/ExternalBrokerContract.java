package org.civitas.mqtt.external;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3BlockingClient;
import com.hivemq.client.mqtt.mqtt3.Mqtt3Client;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5Client;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.civitas.devices.ingest.DeviceIngest;
import org.civitas.devices.registry.DeviceRegistry;
import org.civitas.devices.registry.NewDevice;
import org.civitas.devices.store.DeviceStore;
import org.civitas.mqtt.Http;
import org.civitas.mqtt.RegistryDevices;
import org.civitas.mqtt.Subscriber;
import org.civitas.sensing.store.SensingStore;
import org.civitas.server.CivitasServer;
import org.civitas.server.ServerSettings;
import org.civitas.storage.SensingFixtures;
import org.civitas.storage.SensingFixtures.Graph;
import org.civitas.storage.Storage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Civitas as a client of a real external broker: the Mosquitto on 127.0.0.1:1883, over a real
 * storage engine (one subclass per engine). Every run uses a topic prefix and a shared group of its
 * own, so parallel and repeated runs on the shared Mosquitto never see each other's messages.
 * Fails, never skips, when Mosquitto is unreachable.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ExternalBrokerContract {

  static final String MOSQUITTO_HOST = "127.0.0.1";
  static final int MOSQUITTO_PORT = 1883;

  private final String run = UUID.randomUUID().toString().substring(0, 8);
  private final String prefix = "civitas-test/" + run;
  private GatedStore store;
  private SensingStore engine;
  private Node node;
  private Http http;

  /** Opens a fresh, empty store of the engine under test. */
  abstract SensingStore openStore();

  /** Releases what {@link #openStore()} set up, after the store is closed. */
  void cleanUp() {}

  /** One Civitas node: an HTTP server and its connector, with a metrics registry of its own. */
  private final class Node implements AutoCloseable {
    final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    final CivitasServer server =
        new CivitasServer(ServerSettings.loopbackOnFreePort(), store, registry);
    final int port = server.start();
    // The device registry reads the engine itself: only the sensing path is gated.
    final DeviceStore deviceStore = Storage.devices(engine);
    final DeviceRegistry devices =
        new DeviceRegistry(deviceStore, server.sensing(), Clock.systemUTC());
    final DeviceIngest ingest = DeviceIngest.start(devices, deviceStore, server.sensing());
    final ExternalBroker broker =
        ExternalBroker.start(
            settings(),
            server.sensing(),
            registry,
            new RegistryDevices(devices, ingest, Clock.systemUTC()));

    Node() {
      await("connected to Mosquitto")
          .atMost(Duration.ofSeconds(20))
          .until(() -> broker.status().connected());
    }

    double in(String outcome) {
      return registry
          .get("civitas.mqtt.external.messages.in")
          .tag("outcome", outcome)
          .counter()
          .count();
    }

    double acks() {
      return registry.get("civitas.mqtt.external.acks").counter().count();
    }

    @Override
    public void close() {
      broker.close();
      server.stop();
      ingest.close();
      registry.close();
    }
  }

  @BeforeAll
  void start() {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(MOSQUITTO_HOST, MOSQUITTO_PORT), 2000);
    } catch (IOException e) {
      throw new IllegalStateException(
          "Mosquitto on "
              + MOSQUITTO_HOST
              + ":"
              + MOSQUITTO_PORT
              + " is needed for these tests and does not answer: "
              + e.getMessage(),
          e);
    }
    engine = openStore();
    store = new GatedStore(engine);
    node = new Node();
    http = new Http(node.port);
  }

  @AfterAll
  void stop() {
    if (node != null) {
      node.close();
    }
    if (store != null) {
      store.close();
    }
    cleanUp();
  }

  private ExternalBrokerSettings settings() {
    return new ExternalBrokerSettings(
        URI.create("tcp://" + MOSQUITTO_HOST + ":" + MOSQUITTO_PORT),
        "",
        "",
        "civitas-test-" + UUID.randomUUID(),
        false,
        "civitas-test-" + run,
        prefix);
  }

  private Graph graph() {
    return SensingFixtures.graph(store, "external-" + UUID.randomUUID());
  }

  private String topic(String belowRoot) {
    return prefix + "/v1.1/" + belowRoot;
  }

  private long count(Graph graph) {
    return http.get("/v1.1/Datastreams(" + graph.datastream() + ")/Observations?$count=true")
        .json()
        .get("@iot.count")
        .asLong();
  }

  private static Mqtt5BlockingClient device() {
    Mqtt5BlockingClient client =
        Mqtt5Client.builder()
            .identifier("device-" + UUID.randomUUID())
            .serverHost(MOSQUITTO_HOST)
            .serverPort(MOSQUITTO_PORT)
            .buildBlocking();
    client.connect();
    return client;
  }

  private static void publish(Mqtt5BlockingClient client, String topic, String json) {
    client
        .publishWith()
        .topic(topic)
        .qos(MqttQos.AT_LEAST_ONCE)
        .payload(json.getBytes(StandardCharsets.UTF_8))
        .send();
  }

  @Test
  void an_observation_published_to_the_broker_is_stored_and_readable_over_http() {
    Graph graph = graph();
    Mqtt5BlockingClient device = device();
    publish(
        device,
        topic("Datastreams(" + graph.datastream() + ")/Observations"),
        "{\"phenomenonTime\": \"2026-04-01T08:00:00Z\", \"result\": 12.5}");
    device.disconnect();

    await().atMost(Duration.ofSeconds(10)).until(() -> count(graph) == 1);
    JsonNode stored =
        http.get("/v1.1/Datastreams(" + graph.datastream() + ")/Observations").json().get("value");
    assertThat(stored.get(0).get("result").asDouble()).isEqualTo(12.5);
    assertThat(stored.get(0).get("phenomenonTime").asText()).isEqualTo("2026-04-01T08:00:00Z");
  }

  @Test
  void a_device_uplink_on_its_compact_topic_is_ingested_and_one_of_an_unknown_device_dropped() {
    Graph graph = graph();
    String id = "ext-" + UUID.randomUUID().toString().substring(0, 8);
    node.devices.provision(
        new NewDevice(
            id, graph.thing(), "bin", null, null, null, Map.of("fill", graph.datastream()), null));
    double invalidBefore = node.in("invalid");
    Mqtt5BlockingClient device = device();
    publish(device, prefix + "/civitas/devices/nobody-" + run + "/up", "{\"fill\": 1}");
    publish(
        device,
        prefix + "/civitas/devices/" + id + "/up",
        "{\"t\": \"2026-04-03T08:00:00Z\", \"v\": {\"fill\": 61}}");
    device.disconnect();

    await().atMost(Duration.ofSeconds(10)).until(() -> count(graph) == 1);
    JsonNode stored =
        http.get("/v1.1/Datastreams(" + graph.datastream() + ")/Observations").json().get("value");
    assertThat(stored.get(0).get("result").asInt()).isEqualTo(61);
    assertThat(stored.get(0).get("phenomenonTime").asText()).isEqualTo("2026-04-03T08:00:00Z");
    await().atMost(Duration.ofSeconds(10)).until(() -> node.in("invalid") >= invalidBefore + 1);
  }

  @Test
  void an_observation_published_over_mqtt_3_to_the_observations_set_is_stored() {
    Graph graph = graph();
    Mqtt3BlockingClient device =
        Mqtt3Client.builder()
            .identifier("device-" + UUID.randomUUID())
            .serverHost(MOSQUITTO_HOST)
            .serverPort(MOSQUITTO_PORT)
            .buildBlocking();
    device.connect();
    device
        .publishWith()
        .topic(topic("Observations"))
        .qos(MqttQos.AT_LEAST_ONCE)
        .payload(
            "{\"result\": 3.5, \"Datastream\": {\"@iot.id\": %d}}"
                .formatted(graph.datastream())
                .getBytes(StandardCharsets.UTF_8))
        .send();
    device.disconnect();

    await().atMost(Duration.ofSeconds(10)).until(() -> count(graph) == 1);
  }

  @Test
  void a_subscriber_receives_each_committed_observation_once_and_it_is_never_ingested_again() {
    Graph graph = graph();
    String streamTopic = topic("Datastreams(" + graph.datastream() + ")/Observations");
    double ownBefore = node.in("own");
    try (Subscriber subscriber =
        new Subscriber(MOSQUITTO_PORT).subscribe(streamTopic).subscribe(topic("Observations"))) {
      long first =
          http.post(
                  "/v1.1/Datastreams(" + graph.datastream() + ")/Observations",
                  "{\"phenomenonTime\": \"2026-04-02T08:00:00Z\", \"result\": 1}")
              .json()
              .get("@iot.id")
              .asLong();
      Subscriber.Message one = subscriber.next();
      Subscriber.Message two = subscriber.next();

      JsonNode current = http.get("/v1.1/Observations(" + first + ")").json();
      assertThat(one.json()).isEqualTo(current);
      assertThat(two.json()).isEqualTo(current);
      assertThat(java.util.List.of(one.topic(), two.topic()))
          .containsExactlyInAnyOrder(streamTopic, topic("Observations"));
      // Each notification came back to the group (Observations, Datastreams(..)/Observations and
      // FeaturesOfInterest(..)/Observations) and was recognised as Civitas's own.
      await().atMost(Duration.ofSeconds(10)).until(() -> node.in("own") - ownBefore >= 3);
      assertThat(count(graph)).isEqualTo(1);
      assertThat(subscriber.pending()).isZero();
    }
  }

  @Test
  void a_notification_republished_without_its_mark_is_refused_as_invalid_not_stored_twice() {
    // An MQTT 3.1.1 bridge drops user properties; the message still carries the server-assigned
    // @iot.id, which no creation may set.
    Graph graph = graph();
    String streamTopic = topic("Datastreams(" + graph.datastream() + ")/Observations");
    JsonNode created =
        http.post(
                "/v1.1/Datastreams(" + graph.datastream() + ")/Observations",
                "{\"phenomenonTime\": \"2026-04-03T08:00:00Z\", \"result\": 2}")
            .json();
    JsonNode echoed =
        http.get("/v1.1/Observations(" + created.get("@iot.id").asLong() + ")").json();
    double invalidBefore = node.in("invalid");
    Mqtt5BlockingClient bridge = device();
    publish(bridge, streamTopic, echoed.toString());
    bridge.disconnect();

    await().atMost(Duration.ofSeconds(10)).until(() -> node.in("invalid") - invalidBefore == 1);
    assertThat(count(graph)).isEqualTo(1);
  }

  @Test
  void invalid_publishes_are_acknowledged_dropped_and_counted() {
    Graph graph = graph();
    double invalidBefore = node.in("invalid");
    double acksBefore = node.acks();
    Mqtt5BlockingClient device = device();
    publish(device, topic("Datastreams(" + graph.datastream() + ")/Observations"), "not json");
    publish(
        device,
        topic("Datastreams(" + graph.datastream() + ")/Observations"),
        "{\"result\": \"not a number for a Measurement\"}");
    publish(device, topic("Datastreams(999999999)/Observations"), "{\"result\": 1}");
    device.disconnect();

    await().atMost(Duration.ofSeconds(10)).until(() -> node.in("invalid") - invalidBefore == 3);
    assertThat(node.acks() - acksBefore).isGreaterThanOrEqualTo(3);
    assertThat(count(graph)).isZero();
  }

  @Test
  void the_puback_to_the_broker_waits_for_the_commit() {
    Graph graph = graph();
    double acksBefore = node.acks();
    double createdBefore = node.in("created");
    store.hold();
    try {
      Mqtt5BlockingClient device = device();
      publish(
          device,
          topic("Datastreams(" + graph.datastream() + ")/Observations"),
          "{\"phenomenonTime\": \"2026-04-04T08:00:00Z\", \"result\": 4}");
      device.disconnect();

      await().atMost(Duration.ofSeconds(10)).until(() -> store.waiting() == 1);
      // The Observation is on its way to the writer and not committed: nothing is acknowledged.
      assertThat(node.acks()).isEqualTo(acksBefore);
      assertThat(count(graph)).isZero();
    } finally {
      store.release();
    }
    await().atMost(Duration.ofSeconds(10)).until(() -> node.in("created") - createdBefore == 1);
    assertThat(count(graph)).isEqualTo(1);
    assertThat(node.acks()).isGreaterThan(acksBefore);
  }

  @Test
  void two_nodes_in_one_shared_group_store_each_publish_exactly_once() {
    Graph graph = graph();
    int publishes = 40;
    double firstBefore = node.in("created");
    try (Node second = new Node()) {
      Mqtt5BlockingClient device = device();
      for (int i = 0; i < publishes; i++) {
        publish(
            device,
            topic("Datastreams(" + graph.datastream() + ")/Observations"),
            "{\"phenomenonTime\": \"2026-05-01T08:%02d:00Z\", \"result\": %d}".formatted(i, i));
      }
      device.disconnect();

      await().atMost(Duration.ofSeconds(20)).until(() -> count(graph) >= publishes);
      assertThat(count(graph)).isEqualTo(publishes);
      double byFirst = node.in("created") - firstBefore;
      double bySecond = second.in("created");
      assertThat(byFirst + bySecond).isEqualTo(publishes);
      // The broker shares the group's messages out: both nodes did part of the work.
      assertThat(byFirst).isPositive();
      assertThat(bySecond).isPositive();
    }
  }

  @Test
  void the_service_root_announces_the_external_broker() {
    JsonNode settings = http.get("/v1.1").json().get("serverSettings");

    assertThat(settings.get("mqtt").get("endpoints").get(0).asText())
        .isEqualTo("mqtt://127.0.0.1:1883");
  }
}
