package org.civitas.mqtt;

import com.hivemq.extension.sdk.api.ExtensionMain;
import com.hivemq.extension.sdk.api.parameter.ExtensionStartInput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStartOutput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStopInput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStopOutput;
import com.hivemq.extension.sdk.api.services.Services;
import org.civitas.server.sensing.SensingApi;

/**
 * The SensorThings MQTT extension inside the embedded broker: devices are authenticated and every
 * publish and subscription authorised ({@link TopicAccess}); every client gets the interceptors
 * that take device uplinks, create Observations from publishes and track subscriptions; and
 * committed changes are published to subscribed topics.
 */
final class SensingExtension implements ExtensionMain {

  private final SensingApi api;
  private final MqttMetrics metrics;
  private final TopicAccess access;
  private final SubscriptionIndex index = new SubscriptionIndex();
  private SensingPublisher publisher;

  SensingExtension(SensingApi api, MqttMetrics metrics, TopicAccess access) {
    this.api = api;
    this.metrics = metrics;
    this.access = access;
  }

  @Override
  public void extensionStart(ExtensionStartInput input, ExtensionStartOutput output) {
    // Devices connect with their id and secret; clients without credentials are anonymous and
    // may do what mqtt.anonymous allows (OGC 18-088 defines no MQTT authentication).
    DeviceAuthentication authentication =
        new DeviceAuthentication(access, metrics, Services.extensionExecutorService());
    Services.securityRegistry().setAuthenticatorProvider(provider -> authentication);
    TopicAuthorizer authorizer = new TopicAuthorizer(access, metrics);
    Services.securityRegistry().setAuthorizerProvider(provider -> authorizer);
    PublishRefusals refusals = new PublishRefusals(metrics, Services.clientService());
    DeviceUplinks uplinks = new DeviceUplinks(access, metrics, refusals);
    SubscriptionTracking tracking =
        new SubscriptionTracking(api, index, Services.subscriptionStore());
    ObservationPublishes creating = new ObservationPublishes(api, metrics, access, refusals);
    Services.initializerRegistry()
        .setClientInitializer(
            (client, context) -> {
              context.addPublishInboundInterceptor(uplinks);
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
