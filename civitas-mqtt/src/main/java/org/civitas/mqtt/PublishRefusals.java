package org.civitas.mqtt;

import com.hivemq.extension.sdk.api.interceptor.publish.parameter.PublishInboundInput;
import com.hivemq.extension.sdk.api.interceptor.publish.parameter.PublishInboundOutput;
import com.hivemq.extension.sdk.api.packets.disconnect.DisconnectReasonCode;
import com.hivemq.extension.sdk.api.packets.publish.AckReasonCode;
import com.hivemq.extension.sdk.api.services.session.ClientService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Refuses a publish the access rules forbid, from an interceptor. HiveMQ runs the inbound
 * interceptors before the {@link TopicAuthorizer}, so the interceptors that store (device uplinks,
 * Observations) apply {@link TopicAccess} themselves: nothing is stored for a refused publish. The
 * client gets PUBACK {@code 0x87 not authorized} (MQTT 5; HiveMQ closes an MQTT 3.1.1 connection
 * instead); a revoked device is also disconnected.
 */
final class PublishRefusals {

  private static final Logger LOG = LoggerFactory.getLogger(PublishRefusals.class);

  private final MqttMetrics metrics;
  private final ClientService clients;

  PublishRefusals(MqttMetrics metrics, ClientService clients) {
    this.metrics = metrics;
    this.clients = clients;
  }

  void refuse(
      PublishInboundInput input, PublishInboundOutput output, TopicAccess.Decision refusal) {
    String client = input.getClientInformation().getClientId();
    metrics.refused("publish");
    LOG.debug(
        "Refused a publish to {} by {}: {}",
        input.getPublishPacket().getTopic(),
        client,
        refusal.reason());
    output.preventPublishDelivery(
        AckReasonCode.NOT_AUTHORIZED, ObservationPublishes.truncated(refusal.reason()));
    if (refusal.revoked()) {
      clients.disconnectClient(
          client, false, DisconnectReasonCode.NOT_AUTHORIZED, refusal.reason());
    }
  }
}
