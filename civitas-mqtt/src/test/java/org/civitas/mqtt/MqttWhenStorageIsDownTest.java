package org.civitas.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.hivemq.client.mqtt.MqttClientState;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3BlockingClient;
import com.hivemq.client.mqtt.mqtt3.Mqtt3Client;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5Client;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5PubAckException;
import com.hivemq.client.mqtt.mqtt5.message.publish.puback.Mqtt5PubAckReasonCode;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.civitas.sensing.store.SensingStore;
import org.civitas.server.CivitasServer;
import org.civitas.server.ServerSettings;
import org.civitas.storage.SensingFixtures;
import org.civitas.storage.SensingFixtures.Graph;
import org.civitas.storage.Storage;
import org.civitas.storage.StorageSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A publish that is valid but cannot be stored now is never acknowledged as stored: MQTT 5 clients
 * get an error reason code, MQTT 3.1.1 clients (which have none) lose the connection instead of
 * getting a PUBACK, so they send the Observation again later.
 */
class MqttWhenStorageIsDownTest {

  @TempDir Path dataDir;
  @TempDir Path brokerDir;

  @Test
  void a_publish_that_cannot_be_stored_now_is_not_acknowledged_as_stored() throws IOException {
    SensingStore store = Storage.open(StorageSettings.embedded(dataDir));
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    CivitasServer server = new CivitasServer(ServerSettings.loopbackOnFreePort(), store, registry);
    server.start();
    MqttBroker broker =
        MqttBroker.start(
            MqttSettings.loopbackOnFreePort(brokerDir)
                .withAnonymous(MqttSettings.Anonymous.PUBLISH),
            server.sensing(),
            registry);
    try {
      Graph graph = SensingFixtures.graph(store, "down");
      String topic = "v1.1/Datastreams(" + graph.datastream() + ")/Observations";
      Mqtt5BlockingClient mqtt5 = mqtt5(broker.port());
      // Stored while storage is up; the Datastream's facts are now known without reading.
      mqtt5.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE).payload(body()).send();

      store.close();

      Throwable refused =
          catchThrowable(
              () ->
                  mqtt5
                      .publishWith()
                      .topic(topic)
                      .qos(MqttQos.AT_LEAST_ONCE)
                      .payload(body())
                      .send());
      assertThat(refused).isInstanceOf(Mqtt5PubAckException.class);
      assertThat(((Mqtt5PubAckException) refused).getMqttMessage().getReasonCode())
          .isEqualTo(Mqtt5PubAckReasonCode.UNSPECIFIED_ERROR);

      Mqtt3BlockingClient mqtt3 =
          Mqtt3Client.builder()
              .identifier("down-" + UUID.randomUUID())
              .serverHost("127.0.0.1")
              .serverPort(broker.port())
              .buildBlocking();
      mqtt3.connect();
      Throwable unacknowledged =
          catchThrowable(
              () ->
                  mqtt3
                      .publishWith()
                      .topic(topic)
                      .qos(MqttQos.AT_LEAST_ONCE)
                      .payload(body())
                      .send());
      assertThat(unacknowledged).isNotNull();
      Awaitility.await().until(() -> mqtt3.getState() != MqttClientState.CONNECTED);
      assertThat(registry.get("civitas.mqtt.publishes").tag("outcome", "failed").counter().count())
          .isEqualTo(2);
    } finally {
      broker.close();
      server.stop();
      store.close();
      registry.close();
    }
  }

  private static Mqtt5BlockingClient mqtt5(int port) {
    Mqtt5BlockingClient client =
        Mqtt5Client.builder()
            .identifier("down-" + UUID.randomUUID())
            .serverHost("127.0.0.1")
            .serverPort(port)
            .buildBlocking();
    client.connect();
    return client;
  }

  private static byte[] body() {
    return "{\"result\": 1}".getBytes(StandardCharsets.UTF_8);
  }
}
