package org.civitas.mqtt;

import com.hivemq.extension.sdk.api.async.Async;
import com.hivemq.extension.sdk.api.async.TimeoutFallback;
import com.hivemq.extension.sdk.api.interceptor.publish.PublishInboundInterceptor;
import com.hivemq.extension.sdk.api.interceptor.publish.parameter.PublishInboundInput;
import com.hivemq.extension.sdk.api.interceptor.publish.parameter.PublishInboundOutput;
import com.hivemq.extension.sdk.api.packets.general.MqttVersion;
import com.hivemq.extension.sdk.api.packets.publish.AckReasonCode;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import org.civitas.error.CivitasException;
import org.civitas.error.InvalidInputException;
import org.civitas.error.NotFoundException;
import org.civitas.error.UnavailableException;
import org.civitas.server.http.JsonCodec;
import org.civitas.server.sensing.SensingApi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates Observations from publishes to {@code v1.1/Observations} and {@code
 * v1.1/Datastreams(<id>)/Observations} (OGC 18-088 section 14.1), through the same validation and
 * group commit as an HTTP POST. The broker holds the QoS 1 PUBACK until the Observation is
 * committed (the interceptor's async output), so an acknowledged Observation survives a crash.
 *
 * <p>A publish is never passed on as it came: subscribers get the stored Observation, with its id,
 * from {@link SensingPublisher}. An invalid publish is dropped, logged and counted; an MQTT 5
 * client also gets a reason code and string in its PUBACK, an MQTT 3.1.1 client (whose PUBACK has
 * none) only the drop. A publish that could not be stored now (ingest queue full, storage down) is
 * not acknowledged as stored: see {@link #refuse} and {@link #refuseForLoad}. Publishes carry no
 * idempotency key: a QoS 1 redelivery's packet id does not identify it across reconnects, so a
 * redelivered publish may store its Observation twice (a device that needs exactly once uses HTTP
 * with {@code Idempotency-Key}, or a gateway calling {@link SensingApi#createObservation(String,
 * byte[], String)}). Publishes to other SensorThings topics are dropped too, so that no client can
 * pose as the server; topics outside {@code v1.1/} pass as in any broker.
 */
final class ObservationPublishes implements PublishInboundInterceptor {

  private static final Logger LOG = LoggerFactory.getLogger(ObservationPublishes.class);

  /** Longer than any commit should take; the publish fails rather than hold a client forever. */
  private static final Duration COMMIT_TIMEOUT = Duration.ofSeconds(30);

  private final SensingApi api;
  private final MqttMetrics metrics;
  private final TopicAccess access;
  private final PublishRefusals refusals;

  ObservationPublishes(
      SensingApi api, MqttMetrics metrics, TopicAccess access, PublishRefusals refusals) {
    this.api = api;
    this.metrics = metrics;
    this.access = access;
    this.refusals = refusals;
  }

  @Override
  public void onInboundPublish(PublishInboundInput input, PublishInboundOutput output) {
    String topic = input.getPublishPacket().getTopic();
    Optional<MqttTopics.Versioned> path = MqttTopics.parse(topic);
    if (path.isEmpty()) {
      return;
    }
    String client = input.getClientInformation().getClientId();
    boolean mqtt5 = input.getConnectionInformation().getMqttVersion() == MqttVersion.V_5;
    byte[] body = bytes(input.getPublishPacket().getPayload());
    // HiveMQ calls interceptors before the authorizer: the access rules are applied here, and the
    // body of a device's v1.1/Observations must name one of its own Datastreams.
    Optional<String> device = TopicAccess.deviceOf(input.getConnectionInformation());
    TopicAccess.Decision decision = access.publish(device, topic);
    if (decision.allowed() && device.isPresent() && path.get().belowRoot().equals("Observations")) {
      decision = ownDatastream(device.get(), body);
    }
    if (!decision.allowed()) {
      refusals.refuse(input, output, decision);
      return;
    }
    Async<PublishInboundOutput> async =
        output.async(
            COMMIT_TIMEOUT,
            TimeoutFallback.FAILURE,
            AckReasonCode.UNSPECIFIED_ERROR,
            "the Observation was not committed in time");
    try {
      api.createObservation(path.get().belowRoot(), body)
          .whenComplete(
              (observation, failure) -> {
                if (failure == null) {
                  metrics.created();
                  LOG.debug(
                      "Observation {} created from {} by {}", observation.id(), topic, client);
                  output.preventPublishDelivery(AckReasonCode.SUCCESS);
                } else {
                  metrics.failed();
                  LOG.warn(
                      "An Observation published to {} by {} was not stored: {}",
                      topic,
                      client,
                      failure.toString());
                  refuse(output, "not stored");
                }
                async.resume();
              });
    } catch (InvalidInputException | NotFoundException e) {
      metrics.invalid();
      LOG.debug("Dropped an invalid publish to {} by {}: {}", topic, client, e.getMessage());
      dropInvalid(output, mqtt5, e.getMessage());
      async.resume();
    } catch (UnavailableException e) {
      // The publish was fine but could not be taken now (the ingest queue is full, storage down).
      metrics.failed();
      LOG.warn("A publish to {} by {} was not stored: {}", topic, client, e.getMessage());
      if (e.overloaded()) {
        refuseForLoad(output, e.getMessage());
      } else {
        refuse(output, e.getMessage());
      }
      async.resume();
    } catch (CivitasException e) {
      metrics.failed();
      LOG.warn("A publish to {} by {} was not stored: {}", topic, client, e.getMessage());
      refuse(output, e.getMessage());
      async.resume();
    } catch (RuntimeException e) {
      metrics.failed();
      LOG.warn("A publish to {} by {} failed", topic, client, e);
      refuse(output, "failed");
      async.resume();
    }
  }

  /** Whether the Observation in {@code body} names a Datastream {@code device} may write. */
  private TopicAccess.Decision ownDatastream(String device, byte[] body) {
    long datastream;
    try {
      datastream =
          JsonCodec.readTree(new String(body, StandardCharsets.UTF_8))
              .path("Datastream")
              .path("@iot.id")
              .asLong(-1);
    } catch (RuntimeException notJson) {
      datastream = -1;
    }
    if (datastream < 0) {
      return TopicAccess.Decision.refused(
          "a device publishing to v1.1/Observations names its Datastream by {\"Datastream\":"
              + " {\"@iot.id\": ...}}");
    }
    return access.devices().mayWrite(device, datastream)
        ? TopicAccess.Decision.ALLOWED
        : TopicAccess.Decision.refused(
            "device " + device + " may not write Datastream " + datastream + " of another Thing");
  }

  /**
   * Drops a publish that can never be stored. MQTT 3.1.1 acknowledgements carry no reason code, so
   * those clients get a plain acknowledgement (sending it again would not help); the drop shows in
   * the log and the metric.
   */
  static void dropInvalid(PublishInboundOutput output, boolean mqtt5, String message) {
    if (mqtt5) {
      output.preventPublishDelivery(AckReasonCode.PAYLOAD_FORMAT_INVALID, truncated(message));
    } else {
      output.preventPublishDelivery(AckReasonCode.SUCCESS);
    }
  }

  /**
   * Refuses a publish that was fine but could not be stored now. An MQTT 5 client gets the reason
   * in its PUBACK; HiveMQ closes the connection of an MQTT 3.1.1 client instead of acknowledging,
   * so that client sends the Observation again once it reconnects and nothing is lost silently.
   */
  static void refuse(PublishInboundOutput output, String message) {
    output.preventPublishDelivery(AckReasonCode.UNSPECIFIED_ERROR, truncated(message));
  }

  /**
   * Refuses a publish because the ingest queue is full: MQTT 5's {@code 0x97 quota exceeded} tells
   * the client to slow down and send it again; an MQTT 3.1.1 client loses the connection as in
   * {@link #refuse}.
   */
  static void refuseForLoad(PublishInboundOutput output, String message) {
    output.preventPublishDelivery(AckReasonCode.QUOTA_EXCEEDED, truncated(message));
  }

  static String truncated(String message) {
    String text = message == null ? "invalid" : message;
    return text.length() > 200 ? text.substring(0, 200) : text;
  }

  static byte[] bytes(Optional<ByteBuffer> payload) {
    if (payload.isEmpty()) {
      return new byte[0];
    }
    ByteBuffer buffer = payload.get().asReadOnlyBuffer();
    byte[] bytes = new byte[buffer.remaining()];
    buffer.get(bytes);
    return bytes;
  }
}
