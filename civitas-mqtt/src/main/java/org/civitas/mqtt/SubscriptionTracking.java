package org.civitas.mqtt;

import com.hivemq.extension.sdk.api.events.client.ClientLifecycleEventListener;
import com.hivemq.extension.sdk.api.events.client.parameters.AuthenticationSuccessfulInput;
import com.hivemq.extension.sdk.api.events.client.parameters.ConnectionStartInput;
import com.hivemq.extension.sdk.api.events.client.parameters.DisconnectEventInput;
import com.hivemq.extension.sdk.api.interceptor.subscribe.SubscribeInboundInterceptor;
import com.hivemq.extension.sdk.api.interceptor.subscribe.parameter.SubscribeInboundInput;
import com.hivemq.extension.sdk.api.interceptor.subscribe.parameter.SubscribeInboundOutput;
import com.hivemq.extension.sdk.api.interceptor.unsubscribe.UnsubscribeInboundInterceptor;
import com.hivemq.extension.sdk.api.interceptor.unsubscribe.parameter.UnsubscribeInboundInput;
import com.hivemq.extension.sdk.api.interceptor.unsubscribe.parameter.UnsubscribeInboundOutput;
import com.hivemq.extension.sdk.api.packets.subscribe.Subscription;
import com.hivemq.extension.sdk.api.services.subscription.SubscriptionStore;
import com.hivemq.extension.sdk.api.services.subscription.TopicSubscription;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.civitas.error.CivitasException;
import org.civitas.server.sensing.SensingApi;
import org.civitas.server.sensing.SensingTopic;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the {@link SubscriptionIndex} in step with the broker: adds SensorThings topics when
 * clients subscribe, removes them when they unsubscribe or their session ends. A client that comes
 * back to a kept session gets its subscriptions indexed again from the broker's store. Wildcard
 * filters ({@code v1.1/#}) are carried by the broker but not indexed: OGC 18-088 defines topics for
 * single resource paths, and a publish per possible topic is what the index avoids.
 */
final class SubscriptionTracking
    implements SubscribeInboundInterceptor,
        UnsubscribeInboundInterceptor,
        ClientLifecycleEventListener {

  private static final Logger LOG = LoggerFactory.getLogger(SubscriptionTracking.class);

  private final SensingApi api;
  private final SubscriptionIndex index;
  private final SubscriptionStore store;
  // Clients whose session ends with the connection (clean start, no expiry).
  private final Set<String> cleanClients = ConcurrentHashMap.newKeySet();

  SubscriptionTracking(SensingApi api, SubscriptionIndex index, SubscriptionStore store) {
    this.api = api;
    this.index = index;
    this.store = store;
  }

  @Override
  public void onInboundSubscribe(SubscribeInboundInput input, SubscribeInboundOutput output) {
    String client = input.getClientInformation().getClientId();
    for (Subscription subscription : input.getSubscribePacket().getSubscriptions()) {
      add(client, subscription.getTopicFilter());
    }
  }

  @Override
  public void onInboundUnsubscribe(UnsubscribeInboundInput input, UnsubscribeInboundOutput output) {
    String client = input.getClientInformation().getClientId();
    for (String filter : input.getUnsubscribePacket().getTopicFilters()) {
      index.unsubscribe(client, filter);
    }
  }

  @Override
  public void onMqttConnectionStart(ConnectionStartInput input) {
    String client = input.getClientInformation().getClientId();
    if (input.getConnectPacket().getSessionExpiryInterval() == 0) {
      cleanClients.add(client);
    } else {
      cleanClients.remove(client);
      if (!input.getConnectPacket().getCleanStart()) {
        store
            .getSubscriptions(client)
            .thenAccept(
                subscriptions -> {
                  for (TopicSubscription subscription : subscriptions) {
                    add(client, subscription.getTopicFilter());
                  }
                });
      }
    }
  }

  @Override
  public void onAuthenticationSuccessful(AuthenticationSuccessfulInput input) {
    // Nothing to do: subscriptions arrive after the connection is accepted.
  }

  @Override
  public void onDisconnect(DisconnectEventInput input) {
    String client = input.getClientInformation().getClientId();
    if (cleanClients.remove(client)) {
      index.forget(client);
    }
  }

  private void add(String client, String filter) {
    Optional<MqttTopics.Versioned> sensorThings = MqttTopics.parse(filter);
    if (sensorThings.isEmpty()) {
      return;
    }
    if (filter.contains("#") || filter.contains("+")) {
      LOG.debug(
          "Client {} subscribed to wildcard {}, which gets no SensorThings events", client, filter);
      return;
    }
    try {
      SensingTopic topic = api.topic(sensorThings.get().belowRoot());
      index.subscribe(client, filter, topic);
    } catch (CivitasException e) {
      LOG.debug(
          "Client {} subscribed to {}, which is no SensorThings topic: {}",
          client,
          filter,
          e.getMessage());
    }
  }
}
