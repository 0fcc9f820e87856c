package org.civitas.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.hivemq.client.mqtt.MqttClientState;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.exceptions.MqttClientStateException;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5Client;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5ConnAckException;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5PubAckException;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5SubAckException;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAckReasonCode;
import com.hivemq.client.mqtt.mqtt5.message.publish.puback.Mqtt5PubAckReasonCode;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.civitas.devices.ingest.DeviceIngest;
import org.civitas.devices.registry.DeviceRegistry;
import org.civitas.devices.registry.NewDevice;
import org.civitas.devices.registry.Provisioned;
import org.civitas.devices.store.DeviceStore;
import org.civitas.mqtt.Http.Answer;
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
 * Devices on the embedded broker end to end (contract 1 of issue 4): authentication with the device
 * id and secret, the access rules, the compact uplink topic and commands, against a real HTTP
 * server, the device registry and ingest pipeline, and the broker with its default {@code
 * mqtt.anonymous=subscribe}, on free ports of 127.0.0.1. One subclass per storage engine.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class MqttDevicesContract {

  private SensingStore store;
  private CivitasServer server;
  private MqttBroker broker;
  private PrometheusMeterRegistry registry;
  private DeviceRegistry devices;
  private DeviceIngest ingest;
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
    DeviceStore deviceStore = Storage.devices(store);
    Clock clock = Clock.systemUTC();
    devices = new DeviceRegistry(deviceStore, server.sensing(), clock);
    ingest = DeviceIngest.start(devices, deviceStore, server.sensing());
    brokerFolder = Files.createTempDirectory("civitas-mqtt-devices-test");
    broker =
        MqttBroker.start(
            MqttSettings.loopbackOnFreePort(brokerFolder),
            server.sensing(),
            registry,
            new RegistryDevices(devices, ingest, clock));
    mqttPort = broker.port();
  }

  @AfterAll
  void stop() {
    broker.close();
    server.stop();
    ingest.close();
    store.close();
    registry.close();
    try (Stream<Path> files = Files.walk(brokerFolder)) {
      files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    cleanUp();
  }

  /** A Thing with one Datastream, and a device of it whose field {@code fill} feeds it. */
  private record Provisioning(Graph graph, String id, String secret) {}

  private Provisioning device() {
    Graph graph = SensingFixtures.graph(store, "devices-" + UUID.randomUUID());
    String id = "bin-" + UUID.randomUUID().toString().substring(0, 8);
    Provisioned provisioned =
        devices.provision(
            new NewDevice(
                id,
                graph.thing(),
                "waste bin",
                null,
                null,
                null,
                Map.of("fill", graph.datastream()),
                null));
    return new Provisioning(graph, id, provisioned.secret());
  }

  private Mqtt5BlockingClient connect(String username, String password) {
    Mqtt5BlockingClient client =
        Mqtt5Client.builder()
            .identifier("test-" + UUID.randomUUID())
            .serverHost("127.0.0.1")
            .serverPort(mqttPort)
            .simpleAuth()
            .username(username)
            .password(password.getBytes(StandardCharsets.UTF_8))
            .applySimpleAuth()
            .buildBlocking();
    client.connect();
    return client;
  }

  private Mqtt5BlockingClient anonymous() {
    Mqtt5BlockingClient client =
        Mqtt5Client.builder()
            .identifier("test-" + UUID.randomUUID())
            .serverHost("127.0.0.1")
            .serverPort(mqttPort)
            .buildBlocking();
    client.connect();
    return client;
  }

  /**
   * Disconnects unless the broker already has: HiveMQ closes the connection after refusing a
   * publish on a topic outside the ones Civitas serves.
   */
  private static void close(Mqtt5BlockingClient client) {
    if (client.getState().isConnected()) {
      try {
        client.disconnect();
      } catch (MqttClientStateException closedMeanwhile) {
        // The broker's DISCONNECT crossed ours.
      }
    }
  }

  private static void publish(Mqtt5BlockingClient client, String topic, String payload) {
    client
        .publishWith()
        .topic(topic)
        .qos(MqttQos.AT_LEAST_ONCE)
        .payload(payload.getBytes(StandardCharsets.UTF_8))
        .send();
  }

  private static Mqtt5PubAckReasonCode refusal(Runnable publish) {
    Throwable failure = catchThrowable(publish::run);
    assertThat(failure).isInstanceOf(Mqtt5PubAckException.class);
    return ((Mqtt5PubAckException) failure).getMqttMessage().getReasonCode();
  }

  private List<JsonNode> observations(long datastream) {
    JsonNode page = http.get("/v1.1/Datastreams(" + datastream + ")/Observations").json();
    return java.util.stream.StreamSupport.stream(page.get("value").spliterator(), false).toList();
  }

  @Test
  void a_device_publishing_compact_json_on_its_topic_has_the_observation_stored_before_puback() {
    Provisioning device = device();
    Mqtt5BlockingClient client = connect(device.id(), device.secret());
    try {
      publish(client, "civitas/devices/" + device.id() + "/up", "{\"fill\": 73.5}");
      publish(
          client,
          "civitas/devices/" + device.id() + "/up",
          "{\"t\": \"2026-12-01T10:00:00Z\", \"v\": {\"fill\": 80}}");
    } finally {
      close(client);
    }

    // Acknowledged means committed: no waiting.
    List<JsonNode> stored = observations(device.graph().datastream());
    assertThat(stored).extracting(o -> o.get("result").asDouble()).containsOnly(73.5, 80.0);
    assertThat(stored)
        .extracting(o -> o.get("phenomenonTime").asText())
        .contains("2026-12-01T10:00:00Z");
  }

  @Test
  void a_wrong_secret_or_an_unknown_device_is_refused_at_connect() {
    Provisioning device = device();

    Throwable wrong = catchThrowable(() -> connect(device.id(), device.secret() + "x"));
    Throwable unknown = catchThrowable(() -> connect("nobody", device.secret()));

    for (Throwable failure : List.of(wrong, unknown)) {
      assertThat(failure).isInstanceOf(Mqtt5ConnAckException.class);
      assertThat(((Mqtt5ConnAckException) failure).getMqttMessage().getReasonCode())
          .isEqualTo(Mqtt5ConnAckReasonCode.BAD_USER_NAME_OR_PASSWORD);
    }
    assertThat(registry.scrape()).contains("civitas_mqtt_refused_total{action=\"connect\"}");
  }

  @Test
  void a_revoked_device_is_refused_at_connect_and_disconnected_at_its_next_publish() {
    Provisioning connected = device();
    Mqtt5BlockingClient client = connect(connected.id(), connected.secret());
    Provisioning revoked = device();
    devices.revoke(revoked.id());
    devices.revoke(connected.id());

    Throwable atConnect = catchThrowable(() -> connect(revoked.id(), revoked.secret()));
    Throwable atPublish =
        catchThrowable(
            () -> publish(client, "civitas/devices/" + connected.id() + "/up", "{\"fill\": 1}"));

    assertThat(atConnect).isInstanceOf(Mqtt5ConnAckException.class);
    assertThat(atPublish).isNotNull();
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> client.getState() != MqttClientState.CONNECTED);
    assertThat(observations(connected.graph().datastream())).isEmpty();
  }

  @Test
  void a_publish_on_another_devices_topic_is_refused_and_nothing_is_stored() {
    Provisioning mine = device();
    Provisioning other = device();
    Mqtt5BlockingClient client = connect(mine.id(), mine.secret());
    try {
      Mqtt5PubAckReasonCode code =
          refusal(() -> publish(client, "civitas/devices/" + other.id() + "/up", "{\"fill\": 5}"));
      Mqtt5PubAckReasonCode elsewhere = refusal(() -> publish(client, "city/anything", "{}"));

      assertThat(code).isEqualTo(Mqtt5PubAckReasonCode.NOT_AUTHORIZED);
      assertThat(elsewhere).isEqualTo(Mqtt5PubAckReasonCode.NOT_AUTHORIZED);
    } finally {
      close(client);
    }
    assertThat(observations(other.graph().datastream())).isEmpty();
    assertThat(observations(mine.graph().datastream())).isEmpty();
    assertThat(registry.scrape()).contains("civitas_mqtt_refused_total{action=\"publish\"}");
  }

  @Test
  void a_device_writes_its_own_datastreams_on_the_sensorthings_topics_but_not_another_things() {
    Provisioning mine = device();
    Provisioning other = device();
    long own = mine.graph().datastream();
    long foreign = other.graph().datastream();
    Mqtt5BlockingClient client = connect(mine.id(), mine.secret());
    try {
      publish(
          client,
          "v1.1/Datastreams(" + own + ")/Observations",
          "{\"phenomenonTime\": \"2026-12-01T08:00:00Z\", \"result\": 1}");
      publish(
          client,
          "v1.1/Observations",
          "{\"phenomenonTime\": \"2026-12-01T08:05:00Z\", \"result\": 2, \"Datastream\":"
              + " {\"@iot.id\": "
              + own
              + "}}");
      Mqtt5PubAckReasonCode byTopic =
          refusal(
              () ->
                  publish(
                      client,
                      "v1.1/Datastreams(" + foreign + ")/Observations",
                      "{\"phenomenonTime\": \"2026-12-01T08:00:00Z\", \"result\": 3}"));
      Mqtt5PubAckReasonCode byBody =
          refusal(
              () ->
                  publish(
                      client,
                      "v1.0/Observations",
                      "{\"phenomenonTime\": \"2026-12-01T08:00:00Z\", \"result\": 4, \"Datastream\":"
                          + " {\"@iot.id\": "
                          + foreign
                          + "}}"));

      assertThat(byTopic).isEqualTo(Mqtt5PubAckReasonCode.NOT_AUTHORIZED);
      assertThat(byBody).isEqualTo(Mqtt5PubAckReasonCode.NOT_AUTHORIZED);
    } finally {
      close(client);
    }
    assertThat(observations(own)).extracting(o -> o.get("result").asInt()).containsOnly(1, 2);
    assertThat(observations(foreign)).isEmpty();
  }

  @Test
  void an_undecodable_uplink_is_dropped_as_payload_format_invalid() {
    Provisioning device = device();
    Mqtt5BlockingClient client = connect(device.id(), device.secret());
    try {
      Mqtt5PubAckReasonCode notJson =
          refusal(() -> publish(client, "civitas/devices/" + device.id() + "/up", "fill=3"));
      Mqtt5PubAckReasonCode unknownField =
          refusal(
              () -> publish(client, "civitas/devices/" + device.id() + "/up", "{\"depth\": 3}"));

      assertThat(notJson).isEqualTo(Mqtt5PubAckReasonCode.PAYLOAD_FORMAT_INVALID);
      assertThat(unknownField).isEqualTo(Mqtt5PubAckReasonCode.PAYLOAD_FORMAT_INVALID);
    } finally {
      close(client);
    }
    assertThat(observations(device.graph().datastream())).isEmpty();
    assertThat(registry.scrape())
        .contains("civitas_mqtt_device_uplinks_total{outcome=\"invalid\"}");
  }

  @Test
  void an_anonymous_client_receives_notifications_but_may_not_publish_or_read_device_topics() {
    Provisioning device = device();
    long datastream = device.graph().datastream();
    Mqtt5BlockingClient reader = anonymous();
    try (Subscriber subscriber =
        new Subscriber(mqttPort).subscribe("v1.1/Datastreams(" + datastream + ")/Observations")) {
      Mqtt5PubAckReasonCode publishing =
          refusal(
              () ->
                  publish(
                      reader,
                      "v1.1/Datastreams(" + datastream + ")/Observations",
                      "{\"phenomenonTime\": \"2026-12-01T09:00:00Z\", \"result\": 9}"));
      Throwable commands =
          catchThrowable(
              () ->
                  reader
                      .subscribeWith()
                      .topicFilter("civitas/devices/" + device.id() + "/down")
                      .send());
      Throwable everything = catchThrowable(() -> reader.subscribeWith().topicFilter("#").send());
      Mqtt5BlockingClient client = connect(device.id(), device.secret());
      try {
        publish(client, "civitas/devices/" + device.id() + "/up", "{\"fill\": 12}");
      } finally {
        close(client);
      }

      assertThat(publishing).isEqualTo(Mqtt5PubAckReasonCode.NOT_AUTHORIZED);
      assertThat(commands).isInstanceOf(Mqtt5SubAckException.class);
      assertThat(everything).isInstanceOf(Mqtt5SubAckException.class);
      Subscriber.Message message = subscriber.next();
      assertThat(message.json().get("result").asInt()).isEqualTo(12);
      assertThat(subscriber.pending()).isZero();
    } finally {
      close(reader);
    }
    assertThat(observations(datastream)).extracting(o -> o.get("result").asInt()).containsOnly(12);
  }

  @Test
  void a_device_may_not_subscribe_to_another_devices_commands() {
    Provisioning mine = device();
    Provisioning other = device();
    Mqtt5BlockingClient client = connect(mine.id(), mine.secret());
    try {
      Throwable foreign =
          catchThrowable(
              () ->
                  client
                      .subscribeWith()
                      .topicFilter("civitas/devices/" + other.id() + "/down")
                      .send());
      client.subscribeWith().topicFilter("civitas/devices/" + mine.id() + "/down").send();

      assertThat(foreign).isInstanceOf(Mqtt5SubAckException.class);
    } finally {
      close(client);
    }
    assertThat(registry.scrape()).contains("civitas_mqtt_refused_total{action=\"subscribe\"}");
  }

  @Test
  void a_task_for_a_device_reaches_it_on_its_command_topic_and_is_marked_delivered()
      throws InterruptedException {
    Provisioning device = device();
    Answer capability =
        http.post(
            "/v1.1/Things(" + device.graph().thing() + ")/TaskingCapabilities",
            """
            {"name": "lock", "description": "locks the bin lid",
             "taskingParameters": {"type": "DataRecord", "field": [
               {"name": "locked", "type": "Boolean"}]},
             "properties": {"delivery": {"device": {"id": "%s"}}},
             "Actuator": {"name": "lid lock", "description": "a solenoid",
                          "encodingType": "text/plain", "metadata": "none"}}"""
                .formatted(device.id()));
    assertThat(capability.status()).as(capability.json().toString()).isEqualTo(201);
    BlockingQueue<JsonNode> commands = new LinkedBlockingQueue<>();
    Mqtt5AsyncClient client =
        Mqtt5Client.builder()
            .identifier("test-" + UUID.randomUUID())
            .serverHost("127.0.0.1")
            .serverPort(mqttPort)
            .simpleAuth()
            .username(device.id())
            .password(device.secret().getBytes(StandardCharsets.UTF_8))
            .applySimpleAuth()
            .buildAsync();
    client.connect().join();
    try {
      client
          .subscribeWith()
          .topicFilter("civitas/devices/" + device.id() + "/down")
          .qos(MqttQos.AT_LEAST_ONCE)
          .callback(publish -> commands.add(Http.parse(publish.getPayloadAsBytes())))
          .send()
          .join();
      Answer task =
          http.post(
              "/v1.1/TaskingCapabilities(" + capability.json().get("@iot.id").asLong() + ")/Tasks",
              "{\"taskingParameters\": {\"locked\": true}}");
      assertThat(task.status()).isEqualTo(201);
      long id = task.json().get("@iot.id").asLong();

      JsonNode command = commands.poll(10, TimeUnit.SECONDS);

      assertThat(command).as("no command arrived within 10 s").isNotNull();
      assertThat(command.get("@iot.id").asLong()).isEqualTo(id);
      assertThat(command.at("/taskingParameters/locked").asBoolean()).isTrue();
      await()
          .atMost(Duration.ofSeconds(20))
          .until(
              () ->
                  http.get("/v1.1/Tasks(" + id + ")")
                      .json()
                      .at("/properties/delivery/state")
                      .asText()
                      .equals("delivered"));
    } finally {
      client.disconnect().join();
    }
  }

  @Test
  void a_real_mosquitto_pub_lands_an_observation_and_exits_non_zero_with_a_wrong_secret() {
    Provisioning device = device();
    String topic = "civitas/devices/" + device.id() + "/up";

    int accepted = mosquittoPub(device.id(), device.secret(), topic, "{\"fill\":42}");
    int refused = mosquittoPub(device.id(), "wrong-secret", topic, "{\"fill\":43}");

    assertThat(accepted).as("mosquitto_pub with the device's secret").isZero();
    assertThat(refused).as("mosquitto_pub with a wrong secret").isNotZero();
    assertThat(observations(device.graph().datastream()))
        .extracting(o -> o.get("result").asInt())
        .containsExactly(42);
  }

  /** Runs mosquitto_pub (MQTT 3.1.1, QoS 1: it waits for the PUBACK) and returns its exit code. */
  private int mosquittoPub(String username, String password, String topic, String message) {
    Process process;
    try {
      process =
          new ProcessBuilder(
                  "mosquitto_pub",
                  "-h",
                  "127.0.0.1",
                  "-p",
                  String.valueOf(mqttPort),
                  "-i",
                  "mosquitto-" + UUID.randomUUID().toString().substring(0, 8),
                  "-u",
                  username,
                  "-P",
                  password,
                  "-q",
                  "1",
                  "-t",
                  topic,
                  "-m",
                  message)
              .redirectErrorStream(true)
              .start();
    } catch (IOException e) {
      return fail(
          "mosquitto_pub is needed for this test and is not installed: install the Debian package"
              + " mosquitto-clients (.ci/run does) — "
              + e.getMessage());
    }
    try {
      if (!process.waitFor(20, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        return fail("mosquitto_pub did not finish within 20 s");
      }
      return process.exitValue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
