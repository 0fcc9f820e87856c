package org.civitas.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.JsonNode;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3BlockingClient;
import com.hivemq.client.mqtt.mqtt3.Mqtt3Client;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5Client;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5PubAckException;
import com.hivemq.client.mqtt.mqtt5.message.publish.puback.Mqtt5PubAckReasonCode;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.civitas.mqtt.Http.Answer;
import org.civitas.mqtt.Subscriber.Message;
import org.civitas.sensing.store.SensingStore;
import org.civitas.server.CivitasServer;
import org.civitas.server.ServerSettings;
import org.civitas.storage.SensingFixtures;
import org.civitas.storage.SensingFixtures.Graph;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The SensorThings MQTT extension end to end (OGC 18-088 section 14): a real HTTP server and the
 * embedded broker on free ports of 127.0.0.1 over a real storage engine, driven by the HiveMQ MQTT
 * client. One subclass per engine supplies the store.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class MqttContract {

  private SensingStore store;
  private CivitasServer server;
  private MqttBroker broker;
  private PrometheusMeterRegistry registry;
  private Path brokerFolder;
  Http http;
  int mqttPort;

  /** Opens a fresh, empty store of the engine under test. */
  abstract SensingStore openStore();

  /** Releases what {@link #openStore()} set up, after the store is closed. */
  void cleanUp() {}

  @BeforeAll
  void start() throws IOException {
    store = openStore();
    registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    server = new CivitasServer(ServerSettings.loopbackOnFreePort(), store, registry);
    http = new Http(server.start());
    brokerFolder = Files.createTempDirectory("civitas-mqtt-test");
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
    delete(brokerFolder);
    cleanUp();
  }

  private Graph graph() {
    return SensingFixtures.graph(store, "mqtt-" + UUID.randomUUID());
  }

  @Test
  void
      a_subscriber_to_a_datastreams_observations_receives_each_new_observation_as_the_api_serves_it() {
    Graph graph = graph();
    try (Subscriber subscriber =
        new Subscriber(mqttPort)
            .subscribe("v1.1/Datastreams(" + graph.datastream() + ")/Observations")) {
      Answer created =
          http.post(
              "/v1.1/Datastreams(" + graph.datastream() + ")/Observations",
              """
              {"phenomenonTime": "2026-01-01T10:00:00Z", "result": 21.5}""");
      assertThat(created.status()).isEqualTo(201);

      Message message = subscriber.next();

      assertThat(message.topic())
          .isEqualTo("v1.1/Datastreams(" + graph.datastream() + ")/Observations");
      long id = created.json().get("@iot.id").asLong();
      assertThat(message.json()).isEqualTo(http.get("/v1.1/Observations(" + id + ")").json());
      assertThat(message.json().get("result").asDouble()).isEqualTo(21.5);
    }
  }

  @Test
  void a_subscriber_to_an_entity_set_receives_new_entities_with_the_values_the_server_computed() {
    try (Subscriber subscriber = new Subscriber(mqttPort).subscribe("v1.1/Things")) {
      Answer created =
          http.post("/v1.1/Things", "{\"name\": \"kiosk\", \"description\": \"a news kiosk\"}");
      assertThat(created.status()).isEqualTo(201);

      Message message = subscriber.next();

      long id = created.json().get("@iot.id").asLong();
      assertThat(message.json()).isEqualTo(http.get("/v1.1/Things(" + id + ")").json());
    }
  }

  @Test
  void a_select_topic_delivers_only_the_selected_properties() {
    Graph graph = graph();
    try (Subscriber subscriber =
        new Subscriber(mqttPort).subscribe("v1.1/Observations?$select=result,phenomenonTime")) {
      http.post(
          "/v1.1/Datastreams(" + graph.datastream() + ")/Observations",
          """
          {"phenomenonTime": "2026-01-01T11:00:00Z", "result": 7}""");

      JsonNode json = subscriber.next().json();

      List<String> names = new ArrayList<>();
      json.fieldNames().forEachRemaining(names::add);
      assertThat(names).containsExactlyInAnyOrder("result", "phenomenonTime");
      assertThat(json.get("result").asInt()).isEqualTo(7);
      assertThat(json.get("phenomenonTime").asText()).isEqualTo("2026-01-01T11:00:00Z");
    }
  }

  @Test
  void entity_and_property_topics_receive_updates_and_a_property_topic_only_its_own_changes() {
    Graph graph = graph();
    String thing = "Things(" + graph.thing() + ")";
    try (Subscriber entity = new Subscriber(mqttPort).subscribe("v1.1/" + thing);
        Subscriber name = new Subscriber(mqttPort).subscribe("v1.1/" + thing + "/name")) {
      assertThat(http.patch("/v1.1/" + thing, "{\"description\": \"moved\"}").status())
          .isEqualTo(200);
      assertThat(http.patch("/v1.1/" + thing, "{\"name\": \"renamed\"}").status()).isEqualTo(200);

      JsonNode first = entity.next().json();
      JsonNode second = entity.next().json();
      assertThat(first.get("description").asText()).isEqualTo("moved");
      assertThat(second).isEqualTo(http.get("/v1.1/" + thing).json());
      // The description change sent nothing on the name topic: its first message is the rename.
      assertThat(name.next().json().toString()).isEqualTo("{\"name\":\"renamed\"}");
    }
  }

  @Test
  void an_update_reaches_the_entity_sets_the_entity_belongs_to() {
    Graph graph = graph();
    long observation =
        http.post(
                "/v1.1/Datastreams(" + graph.datastream() + ")/Observations",
                "{\"phenomenonTime\": \"2026-01-02T10:00:00Z\", \"result\": 1}")
            .json()
            .get("@iot.id")
            .asLong();
    try (Subscriber streamSet =
            new Subscriber(mqttPort)
                .subscribe("v1.1/Datastreams(" + graph.datastream() + ")/Observations");
        Subscriber allSet = new Subscriber(mqttPort).subscribe("v1.1/Observations")) {
      assertThat(http.patch("/v1.1/Observations(" + observation + ")", "{\"result\": 2}").status())
          .isEqualTo(200);

      JsonNode current = http.get("/v1.1/Observations(" + observation + ")").json();
      assertThat(streamSet.next().json()).isEqualTo(current);
      assertThat(allSet.next().json()).isEqualTo(current);
      assertThat(current.get("result").asInt()).isEqualTo(2);
    }
  }

  @Test
  void entities_created_by_deep_insert_and_by_the_service_itself_are_announced() {
    try (Subscriber historical =
            new Subscriber(mqttPort).subscribe("v1.1/HistoricalLocations?$select=id");
        Subscriber locations = new Subscriber(mqttPort).subscribe("v1.1/Locations")) {
      long thing =
          http.post(
                  "/v1.1/Things",
                  """
                  {"name": "bench", "description": "a park bench",
                   "Locations": [{"name": "park", "description": "the park",
                     "encodingType": "application/geo+json",
                     "location": {"type": "Point", "coordinates": [4.35, 50.85]}}]}""")
              .json()
              .get("@iot.id")
              .asLong();

      JsonNode expectedLocation =
          http.get("/v1.1/Things(" + thing + ")/Locations").json().get("value").get(0);
      JsonNode expectedHistorical =
          http.get("/v1.1/Things(" + thing + ")/HistoricalLocations").json().get("value").get(0);
      assertThat(locations.next().json()).isEqualTo(expectedLocation);
      assertThat(historical.next().json().get("@iot.id"))
          .isEqualTo(expectedHistorical.get("@iot.id"));
    }
  }

  @Test
  void a_request_that_rolls_back_announces_nothing() {
    try (Subscriber things = new Subscriber(mqttPort).subscribe("v1.1/Things")) {
      // The Thing is written first, then its Datastream fails on an ObservedProperty that does
      // not exist, and the whole request rolls back.
      Answer failed =
          http.post(
              "/v1.1/Things",
              """
              {"name": "ghost", "description": "never stored",
               "Datastreams": [{"name": "d", "description": "d",
                 "observationType": "http://www.opengis.net/def/observationType/OGC-OM/2.0/OM_Measurement",
                 "unitOfMeasurement": {"name": "n", "symbol": "s", "definition": "d"},
                 "Sensor": {"name": "s", "description": "s", "encodingType": "text/html",
                            "metadata": "m"},
                 "ObservedProperty": {"@iot.id": 999999}}]}""");
      assertThat(failed.status()).isBetween(400, 499);
      http.post("/v1.1/Things", "{\"name\": \"real\", \"description\": \"stored\"}");

      assertThat(things.next().json().get("name").asText()).isEqualTo("real");
    }
  }

  @Test
  void a_client_back_on_its_kept_session_still_receives_what_it_subscribed_to() {
    Graph graph = graph();
    String topic = "v1.1/Datastreams(" + graph.datastream() + ")/Observations";
    String identifier = "kept-" + UUID.randomUUID();
    java.util.concurrent.BlockingQueue<String> received =
        new java.util.concurrent.LinkedBlockingQueue<>();
    Mqtt5AsyncClient first = keptSessionClient(identifier);
    first.connectWith().sessionExpiryInterval(300).send().join();
    first.subscribeWith().topicFilter(topic).qos(MqttQos.AT_LEAST_ONCE).send().join();
    first.disconnect().join();

    Mqtt5AsyncClient second = keptSessionClient(identifier);
    second.publishes(
        MqttGlobalPublishFilter.ALL,
        publish -> received.add(new String(publish.getPayloadAsBytes(), StandardCharsets.UTF_8)));
    second.connectWith().cleanStart(false).sessionExpiryInterval(300).send().join();
    http.post(
        "/v1.1/Datastreams(" + graph.datastream() + ")/Observations",
        "{\"phenomenonTime\": \"2026-01-03T10:00:00Z\", \"result\": 5}");

    org.awaitility.Awaitility.await().until(() -> !received.isEmpty());
    assertThat(Http.parse(received.peek().getBytes(StandardCharsets.UTF_8)).get("result").asInt())
        .isEqualTo(5);
    second.disconnectWith().sessionExpiryInterval(0).send().join();
  }

  private Mqtt5AsyncClient keptSessionClient(String identifier) {
    return Mqtt5Client.builder()
        .identifier(identifier)
        .serverHost("127.0.0.1")
        .serverPort(mqttPort)
        .buildAsync();
  }

  @Test
  void an_observation_published_over_mqtt_5_is_committed_before_its_puback() {
    Graph graph = graph();
    String topic = "v1.1/Datastreams(" + graph.datastream() + ")/Observations";
    try (Subscriber subscriber = new Subscriber(mqttPort).subscribe(topic)) {
      Mqtt5BlockingClient client = mqtt5();
      client
          .publishWith()
          .topic(topic)
          .qos(MqttQos.AT_LEAST_ONCE)
          .payload(
              """
              {"phenomenonTime": "2026-02-01T08:00:00Z", "result": 42.25}"""
                  .getBytes(StandardCharsets.UTF_8))
          .send();

      // No waiting: the PUBACK came only after the commit.
      JsonNode stored =
          http.get("/v1.1/Datastreams(" + graph.datastream() + ")/Observations")
              .json()
              .get("value");
      assertThat(stored).hasSize(1);
      assertThat(stored.get(0).get("result").asDouble()).isEqualTo(42.25);
      // Subscribers get the stored Observation with its id, not the raw publish.
      JsonNode message = subscriber.next().json();
      assertThat(message).isEqualTo(stored.get(0));
      client.disconnect();
    }
  }

  @Test
  void an_observation_published_over_mqtt_3_to_the_observations_set_is_stored() {
    Graph graph = graph();
    Mqtt3BlockingClient client =
        Mqtt3Client.builder()
            .identifier("test-" + UUID.randomUUID())
            .serverHost("127.0.0.1")
            .serverPort(mqttPort)
            .buildBlocking();
    client.connect();
    client
        .publishWith()
        .topic("v1.1/Observations")
        .qos(MqttQos.AT_LEAST_ONCE)
        .payload(
            """
            {"phenomenonTime": "2026-03-01T08:00:00Z", "result": 3.5,
             "Datastream": {"@iot.id": %d}}"""
                .formatted(graph.datastream())
                .getBytes(StandardCharsets.UTF_8))
        .send();
    client.disconnect();

    JsonNode stored =
        http.get("/v1.1/Datastreams(" + graph.datastream() + ")/Observations").json().get("value");
    assertThat(stored).hasSize(1);
    assertThat(stored.get(0).get("result").asDouble()).isEqualTo(3.5);
  }

  @Test
  void invalid_publishes_store_nothing_and_tell_an_mqtt_5_client_why() {
    Graph graph = graph();
    String topic = "v1.1/Datastreams(" + graph.datastream() + ")/Observations";
    Mqtt5BlockingClient client = mqtt5();
    double invalidBefore = counter("invalid");

    List<String> bodies =
        List.of(
            "not json",
            "{\"phenomenonTime\": \"2026-01-01T00:00:00Z\"}",
            "{\"result\": 1, \"colour\": \"red\"}",
            "{\"result\": \"not a number for a Measurement\"}");
    for (String body : bodies) {
      Throwable failure =
          catchThrowable(
              () ->
                  client
                      .publishWith()
                      .topic(topic)
                      .qos(MqttQos.AT_LEAST_ONCE)
                      .payload(body.getBytes(StandardCharsets.UTF_8))
                      .send());
      assertThat(failure).as(body).isInstanceOf(Mqtt5PubAckException.class);
      assertThat(((Mqtt5PubAckException) failure).getMqttMessage().getReasonCode())
          .isEqualTo(Mqtt5PubAckReasonCode.PAYLOAD_FORMAT_INVALID);
    }
    Throwable unknownStream =
        catchThrowable(
            () ->
                client
                    .publishWith()
                    .topic("v1.1/Datastreams(999999)/Observations")
                    .qos(MqttQos.AT_LEAST_ONCE)
                    .payload("{\"result\": 1}".getBytes(StandardCharsets.UTF_8))
                    .send());
    assertThat(unknownStream).isInstanceOf(Mqtt5PubAckException.class);
    client.disconnect();

    assertThat(
            http.get("/v1.1/Datastreams(" + graph.datastream() + ")/Observations?$count=true")
                .json()
                .get("@iot.count")
                .asLong())
        .isZero();
    assertThat(counter("invalid") - invalidBefore).isEqualTo(bodies.size() + 1);
  }

  @Test
  void sensorthings_1_0_clients_use_v1_0_topics_with_links_below_v1_0() {
    Graph graph = graph();
    String topic = "v1.0/Datastreams(" + graph.datastream() + ")/Observations";
    try (Subscriber subscriber = new Subscriber(mqttPort).subscribe(topic)) {
      Mqtt5BlockingClient client = mqtt5();
      client
          .publishWith()
          .topic(topic)
          .qos(MqttQos.AT_LEAST_ONCE)
          .payload("{\"result\": 10}".getBytes(StandardCharsets.UTF_8))
          .send();
      client.disconnect();

      JsonNode message = subscriber.next().json();
      long id = message.get("@iot.id").asLong();
      assertThat(message).isEqualTo(http.get("/v1.0/Observations(" + id + ")").json());
      assertThat(message.get("@iot.selfLink").asText()).endsWith("/v1.0/Observations(" + id + ")");
    }
  }

  @Test
  void the_service_root_declares_the_mqtt_conformance_classes_and_endpoint() {
    JsonNode settings = http.get("/v1.1").json().get("serverSettings");

    List<String> conformance = new ArrayList<>();
    settings.get("conformance").forEach(node -> conformance.add(node.asText()));
    assertThat(conformance).containsAll(MqttBroker.CONFORMANCE);
    assertThat(settings.get("mqtt").get("endpoints").get(0).asText())
        .isEqualTo("mqtt://127.0.0.1:" + mqttPort);
  }

  private Mqtt5BlockingClient mqtt5() {
    Mqtt5BlockingClient client =
        Mqtt5Client.builder()
            .identifier("test-" + UUID.randomUUID())
            .serverHost("127.0.0.1")
            .serverPort(mqttPort)
            .buildBlocking();
    client.connect();
    return client;
  }

  private double counter(String outcome) {
    return registry.get("civitas.mqtt.publishes").tag("outcome", outcome).counter().count();
  }

  private static void delete(Path dir) {
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
