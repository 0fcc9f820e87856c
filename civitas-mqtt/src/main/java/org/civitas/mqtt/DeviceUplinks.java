package org.civitas.mqtt;

import com.hivemq.extension.sdk.api.async.Async;
import com.hivemq.extension.sdk.api.async.TimeoutFallback;
import com.hivemq.extension.sdk.api.interceptor.publish.PublishInboundInterceptor;
import com.hivemq.extension.sdk.api.interceptor.publish.parameter.PublishInboundInput;
import com.hivemq.extension.sdk.api.interceptor.publish.parameter.PublishInboundOutput;
import com.hivemq.extension.sdk.api.packets.general.MqttVersion;
import com.hivemq.extension.sdk.api.packets.publish.AckReasonCode;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import org.civitas.error.CivitasException;
import org.civitas.error.ConflictException;
import org.civitas.error.InvalidInputException;
import org.civitas.error.NotFoundException;
import org.civitas.error.UnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes the uplinks devices publish on their compact topic {@code civitas/devices/<id>/up}: the
 * payload, in the codec of the device's profile ({@code {"fill": 73.5}} or {@code {"t": "...", "v":
 * {"fill": 73.5}}} by default), goes to the device ingest pipeline, and the QoS 1 PUBACK is held
 * until its Observations are committed. An uplink is never passed on to subscribers as it came.
 *
 * <p>Outcomes: stored → PUBACK success; an undecodable payload → dropped and counted (MQTT 5:
 * PUBACK {@code 0x99 payload format invalid} with the reason; MQTT 3.1.1: a plain PUBACK, since
 * sending it again would not help); ingest queue full → MQTT 5 {@code 0x97 quota exceeded}, and for
 * MQTT 3.1.1 no acknowledgement (HiveMQ closes the connection and the client sends again); a device
 * revoked meanwhile → {@code 0x87 not authorized}. A publish on another device's topic is refused
 * (the authorizer says so first).
 */
final class DeviceUplinks implements PublishInboundInterceptor {

  private static final Logger LOG = LoggerFactory.getLogger(DeviceUplinks.class);

  private static final Duration COMMIT_TIMEOUT = Duration.ofSeconds(30);

  private final TopicAccess access;
  private final MqttDevices devices;
  private final MqttMetrics metrics;
  private final PublishRefusals refusals;

  DeviceUplinks(TopicAccess access, MqttMetrics metrics, PublishRefusals refusals) {
    this.access = access;
    this.devices = access.devices();
    this.metrics = metrics;
    this.refusals = refusals;
  }

  @Override
  public void onInboundPublish(PublishInboundInput input, PublishInboundOutput output) {
    String topic = input.getPublishPacket().getTopic();
    if (!topic.startsWith(TopicAccess.DEVICE_SPACE)) {
      return;
    }
    Optional<String> device = TopicAccess.deviceOf(input.getConnectionInformation());
    // Only a device on its own up topic gets past: nothing else is published into the device space.
    TopicAccess.Decision decision = access.publish(device, topic);
    if (decision.allowed() && TopicAccess.uplinkDevice(topic).isEmpty()) {
      decision = TopicAccess.Decision.refused("not a device uplink topic");
    }
    if (!decision.allowed()) {
      refusals.refuse(input, output, decision);
      return;
    }
    String id = device.get();
    boolean mqtt5 = input.getConnectionInformation().getMqttVersion() == MqttVersion.V_5;
    byte[] payload = ObservationPublishes.bytes(input.getPublishPacket().getPayload());
    Async<PublishInboundOutput> async =
        output.async(
            COMMIT_TIMEOUT,
            TimeoutFallback.FAILURE,
            AckReasonCode.UNSPECIFIED_ERROR,
            "the uplink was not committed in time");
    try {
      devices
          .uplink(id, payload)
          .whenComplete(
              (accepted, failure) -> {
                if (failure == null) {
                  metrics.uplink("stored");
                  output.preventPublishDelivery(AckReasonCode.SUCCESS);
                } else {
                  Throwable cause =
                      failure instanceof CompletionException && failure.getCause() != null
                          ? failure.getCause()
                          : failure;
                  settleFailure(output, mqtt5, id, cause);
                }
                async.resume();
              });
    } catch (RuntimeException e) {
      settleFailure(output, mqtt5, id, e);
      async.resume();
    }
  }

  private void settleFailure(
      PublishInboundOutput output, boolean mqtt5, String device, Throwable failure) {
    if (failure instanceof InvalidInputException || failure instanceof NotFoundException) {
      metrics.uplink("invalid");
      LOG.debug("Dropped an undecodable uplink of device {}: {}", device, failure.getMessage());
      ObservationPublishes.dropInvalid(output, mqtt5, failure.getMessage());
      return;
    }
    switch (failure) {
      case ConflictException e -> {
        metrics.refused("publish");
        output.preventPublishDelivery(
            AckReasonCode.NOT_AUTHORIZED, ObservationPublishes.truncated(e.getMessage()));
      }
      case UnavailableException e when e.overloaded() -> {
        metrics.uplink("failed");
        LOG.debug("Uplink of device {} not taken now: {}", device, e.getMessage());
        ObservationPublishes.refuseForLoad(output, e.getMessage());
      }
      case CivitasException e -> {
        metrics.uplink("failed");
        LOG.warn("An uplink of device {} was not stored: {}", device, e.getMessage());
        ObservationPublishes.refuse(output, e.getMessage());
      }
      default -> {
        metrics.uplink("failed");
        LOG.warn("An uplink of device {} failed", device, failure);
        ObservationPublishes.refuse(output, "failed");
      }
    }
  }
}
