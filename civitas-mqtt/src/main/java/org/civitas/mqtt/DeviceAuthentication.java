package org.civitas.mqtt;

import com.hivemq.extension.sdk.api.async.Async;
import com.hivemq.extension.sdk.api.async.TimeoutFallback;
import com.hivemq.extension.sdk.api.auth.SimpleAuthenticator;
import com.hivemq.extension.sdk.api.auth.parameter.SimpleAuthInput;
import com.hivemq.extension.sdk.api.auth.parameter.SimpleAuthOutput;
import com.hivemq.extension.sdk.api.packets.connect.ConnackReasonCode;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks every CONNECT: a client with a username is a device (username = device id, password = its
 * secret) and is accepted only while registered and active; a client without one is anonymous and
 * accepted unless {@code mqtt.anonymous=none}. An accepted device's id is kept as the connection
 * attribute {@link TopicAccess#DEVICE}, which the authorizer and interceptors read.
 *
 * <p>The registry may have to read the database, so the check runs on the extension executor, never
 * on the broker's network threads.
 */
final class DeviceAuthentication implements SimpleAuthenticator {

  private static final Logger LOG = LoggerFactory.getLogger(DeviceAuthentication.class);
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  private final TopicAccess access;
  private final MqttMetrics metrics;
  private final Executor executor;

  DeviceAuthentication(TopicAccess access, MqttMetrics metrics, Executor executor) {
    this.access = access;
    this.metrics = metrics;
    this.executor = executor;
  }

  @Override
  public void onConnect(SimpleAuthInput input, SimpleAuthOutput output) {
    Optional<String> username = input.getConnectPacket().getUserName();
    String client = input.getClientInformation().getClientId();
    if (username.isEmpty()) {
      if (access.anonymous() == MqttSettings.Anonymous.NONE) {
        metrics.refused("connect");
        LOG.debug("Refused anonymous client {}: mqtt.anonymous=none", client);
        output.failAuthentication(
            ConnackReasonCode.NOT_AUTHORIZED, "connect with a device id and secret");
      } else {
        output.authenticateSuccessfully();
      }
      return;
    }
    String password = input.getConnectPacket().getPassword().map(this::text).orElse(null);
    Async<SimpleAuthOutput> async =
        output.async(
            TIMEOUT,
            TimeoutFallback.FAILURE,
            ConnackReasonCode.SERVER_UNAVAILABLE,
            "the device registry did not answer in time");
    executor.execute(
        () -> {
          try {
            Optional<String> device = access.devices().authenticate(username.get(), password);
            if (device.isPresent()) {
              input
                  .getConnectionInformation()
                  .getConnectionAttributeStore()
                  .putAsString(TopicAccess.DEVICE, device.get());
              output.authenticateSuccessfully();
            } else {
              metrics.refused("connect");
              LOG.debug("Refused client {}: bad credentials for device {}", client, username.get());
              output.failAuthentication(
                  ConnackReasonCode.BAD_USER_NAME_OR_PASSWORD, "bad device id or secret");
            }
          } catch (RuntimeException e) {
            LOG.warn("Could not authenticate device {}: {}", username.get(), e.toString());
            output.failAuthentication(
                ConnackReasonCode.SERVER_UNAVAILABLE, "the device registry is unavailable");
          } finally {
            async.resume();
          }
        });
  }

  private String text(ByteBuffer password) {
    ByteBuffer copy = password.asReadOnlyBuffer();
    byte[] bytes = new byte[copy.remaining()];
    copy.get(bytes);
    return new String(bytes, StandardCharsets.UTF_8);
  }
}
