package org.civitas.mqtt;

import com.fasterxml.jackson.databind.JsonNode;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5Client;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** An MQTT 5 client (the HiveMQ client library) that collects what arrives on its subscriptions. */
public final class Subscriber implements AutoCloseable {

  public record Message(String topic, JsonNode json) {}

  private final Mqtt5AsyncClient client;
  private final BlockingQueue<Message> received = new LinkedBlockingQueue<>();

  public Subscriber(int port) {
    client =
        Mqtt5Client.builder()
            .identifier("test-" + UUID.randomUUID())
            .serverHost("127.0.0.1")
            .serverPort(port)
            .buildAsync();
    client.connect().join();
  }

  public Subscriber subscribe(String topic) {
    client
        .subscribeWith()
        .topicFilter(topic)
        .qos(MqttQos.AT_LEAST_ONCE)
        .callback(
            publish ->
                received.add(
                    new Message(
                        publish.getTopic().toString(), Http.parse(publish.getPayloadAsBytes()))))
        .send()
        .join();
    return this;
  }

  /** The next message, waiting up to ten seconds; fails when none arrives. */
  public Message next() {
    try {
      Message message = received.poll(10, TimeUnit.SECONDS);
      if (message == null) {
        throw new AssertionError("no MQTT message arrived within 10 s");
      }
      return message;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** How many messages arrived that {@link #next()} has not taken yet. */
  public int pending() {
    return received.size();
  }

  @Override
  public void close() {
    client.disconnect().join();
  }
}
