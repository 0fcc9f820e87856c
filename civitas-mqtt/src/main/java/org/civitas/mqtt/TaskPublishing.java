package org.civitas.mqtt;

import com.hivemq.extension.sdk.api.packets.general.Qos;
import com.hivemq.extension.sdk.api.services.builder.Builders;
import com.hivemq.extension.sdk.api.services.publish.PublishService;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import org.civitas.server.tasking.DevicePublisher;

/**
 * Publishes Tasks to devices on the topics their TaskingCapabilities name, through the broker's
 * publish service (QoS 1, so a device that subscribed with QoS 1 gets each Task at least once).
 */
final class TaskPublishing implements DevicePublisher {

  private final PublishService broker;

  TaskPublishing(PublishService broker) {
    this.broker = broker;
  }

  @Override
  public CompletableFuture<Void> publish(String topic, byte[] json) {
    return broker.publish(
        Builders.publish()
            .topic(topic)
            .qos(Qos.AT_LEAST_ONCE)
            .contentType("application/json")
            .payload(ByteBuffer.wrap(json))
            .build());
  }
}
