package org.civitas.mqtt;

import com.hivemq.extension.sdk.api.auth.PublishAuthorizer;
import com.hivemq.extension.sdk.api.auth.SubscriptionAuthorizer;
import com.hivemq.extension.sdk.api.auth.parameter.PublishAuthorizerInput;
import com.hivemq.extension.sdk.api.auth.parameter.PublishAuthorizerOutput;
import com.hivemq.extension.sdk.api.auth.parameter.SubscriptionAuthorizerInput;
import com.hivemq.extension.sdk.api.auth.parameter.SubscriptionAuthorizerOutput;
import com.hivemq.extension.sdk.api.packets.disconnect.DisconnectReasonCode;
import com.hivemq.extension.sdk.api.packets.publish.AckReasonCode;
import com.hivemq.extension.sdk.api.packets.subscribe.SubackReasonCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies {@link TopicAccess} to every PUBLISH and every subscription. Publishes to the device and
 * SensorThings topics are already decided by the interceptors that store them ({@link
 * PublishRefusals}: HiveMQ calls interceptors first); here the rest is decided. A refused publish
 * gets an MQTT 5 PUBACK {@code 0x87 not authorized}, after which HiveMQ closes the connection; an
 * MQTT 3.1.1 client, whose PUBACK cannot say no, only loses the connection. A refused subscription
 * gets SUBACK {@code 0x87} (MQTT 5) or {@code 0x80 failure} (3.1.1). A revoked device is
 * disconnected. Refusals are counted in {@code civitas_mqtt_refused_total}.
 */
final class TopicAuthorizer implements PublishAuthorizer, SubscriptionAuthorizer {

  private static final Logger LOG = LoggerFactory.getLogger(TopicAuthorizer.class);

  private final TopicAccess access;
  private final MqttMetrics metrics;

  TopicAuthorizer(TopicAccess access, MqttMetrics metrics) {
    this.access = access;
    this.metrics = metrics;
  }

  @Override
  public void authorizePublish(PublishAuthorizerInput input, PublishAuthorizerOutput output) {
    String topic = input.getPublishPacket().getTopic();
    TopicAccess.Decision decision =
        access.publish(TopicAccess.deviceOf(input.getConnectionInformation()), topic);
    if (decision.allowed()) {
      output.authorizeSuccessfully();
      return;
    }
    metrics.refused("publish");
    LOG.debug(
        "Refused a publish to {} by {}: {}",
        topic,
        input.getClientInformation().getClientId(),
        decision.reason());
    if (decision.revoked()) {
      output.disconnectClient(DisconnectReasonCode.NOT_AUTHORIZED, decision.reason());
    } else {
      output.failAuthorization(AckReasonCode.NOT_AUTHORIZED, decision.reason());
    }
  }

  @Override
  public void authorizeSubscribe(
      SubscriptionAuthorizerInput input, SubscriptionAuthorizerOutput output) {
    String filter = input.getSubscription().getTopicFilter();
    TopicAccess.Decision decision =
        access.subscribe(TopicAccess.deviceOf(input.getConnectionInformation()), filter);
    if (decision.allowed()) {
      output.authorizeSuccessfully();
      return;
    }
    metrics.refused("subscribe");
    LOG.debug(
        "Refused a subscription to {} by {}: {}",
        filter,
        input.getClientInformation().getClientId(),
        decision.reason());
    if (decision.revoked()) {
      output.disconnectClient(DisconnectReasonCode.NOT_AUTHORIZED, decision.reason());
    } else {
      output.failAuthorization(SubackReasonCode.NOT_AUTHORIZED, decision.reason());
    }
  }
}
