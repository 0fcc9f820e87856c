package org.civitas.mqtt;

import com.hivemq.extension.sdk.api.ExtensionMain;
import com.hivemq.extension.sdk.api.auth.SimpleAuthenticator;
import com.hivemq.extension.sdk.api.parameter.ExtensionStartInput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStartOutput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStopInput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStopOutput;
import com.hivemq.extension.sdk.api.services.Services;
import org.civitas.server.sensing.SensingApi;

/**
 * The SensorThings MQTT extension inside the embedded broker: every client gets the interceptors
 * that create Observations from publishes and track subscriptions, and committed changes are
 * published to subscribed topics.
 */
final class SensingExtension implements ExtensionMain {

  private final SensingApi api;
  private final MqttMetrics metrics;
  private final SubscriptionIndex index = new SubscriptionIndex();
  private SensingPublisher publisher;

  SensingExtension(SensingApi api, MqttMetrics metrics) {
    this.api = api;
    this.metrics = metrics;
  }

  @Override
  public void extensionStart(ExtensionStartInput input, ExtensionStartOutput output) {
    // HiveMQ refuses every client unless an extension authenticates it. Civitas's MQTT is open
    // like its HTTP API (OGC 18-088 defines no MQTT authentication); access control comes later.
    SimpleAuthenticator anyone = (auth, result) -> result.authenticateSuccessfully();
    Services.securityRegistry().setAuthenticatorProvider(provider -> anyone);
    SubscriptionTracking tracking =
        new SubscriptionTracking(api, index, Services.subscriptionStore());
    ObservationPublishes creating = new ObservationPublishes(api, metrics);
    Services.initializerRegistry()
        .setClientInitializer(
            (client, context) -> {
              context.addPublishInboundInterceptor(creating);
              context.addSubscribeInboundInterceptor(tracking);
              context.addUnsubscribeInboundInterceptor(tracking);
            });
    Services.eventRegistry().setClientLifecycleEventListener(provider -> tracking);
    publisher = new SensingPublisher(api, index, Services.publishService(), metrics);
    api.listen(publisher);
    // Tasks whose TaskingCapability names an MQTT topic go out through this broker.
    api.publishTasksWith(new TaskPublishing(Services.publishService()));
  }

  @Override
  public void extensionStop(ExtensionStopInput input, ExtensionStopOutput output) {
    api.publishTasksWith(null);
    if (publisher != null) {
      api.stopListening(publisher);
      publisher = null;
    }
  }
}
