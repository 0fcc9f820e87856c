package org.civitas.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.hivemq.client.mqtt.mqtt5.Mqtt5Client;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5ConnAckException;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAckReasonCode;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Path;
import java.util.UUID;
import org.civitas.sensing.store.SensingStore;
import org.civitas.server.CivitasServer;
import org.civitas.server.ServerSettings;
import org.civitas.storage.Storage;
import org.civitas.storage.StorageSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code mqtt.anonymous=none}: a client without credentials is refused at CONNECT. */
class MqttAnonymousRefusedTest {

  @TempDir Path dataDir;
  @TempDir Path brokerFolder;

  @Test
  void an_anonymous_client_is_refused_at_connect_when_anonymous_access_is_none() {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    SensingStore store = Storage.open(StorageSettings.embedded(dataDir));
    CivitasServer server = new CivitasServer(ServerSettings.loopbackOnFreePort(), store, registry);
    server.start();
    MqttBroker broker =
        MqttBroker.start(
            MqttSettings.loopbackOnFreePort(brokerFolder)
                .withAnonymous(MqttSettings.Anonymous.NONE),
            server.sensing(),
            registry);
    try {
      Throwable refused =
          catchThrowable(
              () ->
                  Mqtt5Client.builder()
                      .identifier("test-" + UUID.randomUUID())
                      .serverHost("127.0.0.1")
                      .serverPort(broker.port())
                      .buildBlocking()
                      .connect());

      assertThat(refused).isInstanceOf(Mqtt5ConnAckException.class);
      assertThat(((Mqtt5ConnAckException) refused).getMqttMessage().getReasonCode())
          .isEqualTo(Mqtt5ConnAckReasonCode.NOT_AUTHORIZED);
    } finally {
      broker.close();
      server.stop();
      store.close();
      registry.close();
    }
  }
}
