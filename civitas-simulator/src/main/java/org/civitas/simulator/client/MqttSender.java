package org.civitas.simulator.client;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5Client;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5PublishResult;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.civitas.simulator.device.Device;
import org.civitas.simulator.device.Reading;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * MQTT devices, each on its own connection with its own credentials (user name = device id,
 * password = its secret), publishing its readings QoS 1 to {@code civitas/devices/{id}/up} as
 * compact JSON with the measurement time. A device connects at its first reading and reconnects by
 * itself when the connection drops; a send completes on the PUBACK, which Civitas gives once the
 * Observations are committed.
 */
final class MqttSender implements Sender {
  private static final Logger LOG = LoggerFactory.getLogger(MqttSender.class);

  private final URI broker;
  private final Map<String, CompletableFuture<Mqtt5AsyncClient>> connections =
      new ConcurrentHashMap<>();

  MqttSender(URI broker) {
    this.broker = broker;
  }

  @Override
  public CompletableFuture<Void> send(Device device, Credentials credentials, Reading reading) {
    if (broker == null) {
      return CompletableFuture.failedFuture(
          new PlatformException("no MQTT broker is known for " + device.id()));
    }
    byte[] payload = Payloads.json(device, reading);
    return connections
        .computeIfAbsent(device.id(), id -> connect(credentials))
        .thenCompose(
            client ->
                client
                    .publishWith()
                    .topic("civitas/devices/" + device.id() + "/up")
                    .qos(MqttQos.AT_LEAST_ONCE)
                    .payload(payload)
                    .send())
        .thenAccept(MqttSender::requireAcknowledged);
  }

  private CompletableFuture<Mqtt5AsyncClient> connect(Credentials credentials) {
    Mqtt5AsyncClient client =
        Mqtt5Client.builder()
            .identifier(credentials.deviceId())
            .serverHost(broker.getHost())
            .serverPort(broker.getPort())
            .simpleAuth()
            .username(credentials.deviceId())
            .password(credentials.secret().getBytes(StandardCharsets.UTF_8))
            .applySimpleAuth()
            .buildAsync();
    return client
        .connectWith()
        .cleanStart(true)
        .send()
        .handle(
            (ack, error) -> {
              if (error != null) {
                // Forget the attempt, so that the next reading tries again.
                connections.remove(credentials.deviceId());
                throw new PlatformException(
                    "MQTT connect of " + credentials.deviceId() + " failed: " + error.getMessage(),
                    error);
              }
              return client;
            });
  }

  private static void requireAcknowledged(Mqtt5PublishResult result) {
    if (result.getError().isPresent()) {
      throw new PlatformException(
          "MQTT publish failed: " + result.getError().get().getMessage(), result.getError().get());
    }
    if (result instanceof Mqtt5PublishResult.Mqtt5Qos1Result qos1
        && qos1.getPubAck().getReasonCode().isError()) {
      throw new PlatformException(
          "MQTT publish refused: "
              + qos1.getPubAck().getReasonCode()
              + qos1.getPubAck().getReasonString().map(r -> " (" + r + ")").orElse(""));
    }
  }

  /** How many devices are connected now. */
  int connected() {
    return (int)
        connections.values().stream()
            .filter(f -> f.isDone() && !f.isCompletedExceptionally())
            .filter(f -> f.join().getState().isConnected())
            .count();
  }

  @Override
  public void close() {
    List<CompletableFuture<Void>> closing =
        connections.values().stream()
            .map(
                f ->
                    f.thenCompose(Mqtt5AsyncClient::disconnect)
                        .exceptionally(error -> null)
                        .toCompletableFuture())
            .toList();
    try {
      CompletableFuture.allOf(closing.toArray(CompletableFuture[]::new)).get(5, TimeUnit.SECONDS);
    } catch (Exception e) {
      LOG.debug("not every MQTT device disconnected cleanly", e);
    }
    connections.clear();
  }
}
