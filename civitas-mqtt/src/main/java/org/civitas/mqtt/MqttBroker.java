package org.civitas.mqtt;

import com.hivemq.embedded.EmbeddedExtension;
import com.hivemq.embedded.EmbeddedHiveMQ;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.civitas.error.UnavailableException;
import org.civitas.server.sensing.SensingApi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded MQTT broker (HiveMQ CE, MQTT 3.1.1 and 5) serving the SensorThings MQTT extension:
 * clients subscribe to {@code v1.1/...} topics for new and changed entities and publish
 * Observations to {@code v1.1/Observations} or {@code v1.1/Datastreams(<id>)/Observations}; devices
 * authenticate with their id and secret, publish uplinks on {@code civitas/devices/<id>/up} and
 * receive commands on {@code civitas/devices/<id>/down}.
 *
 * <p>Start with {@link #start}; {@link #close()} stops it. Not for concurrent start and close.
 */
public final class MqttBroker implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(MqttBroker.class);

  /** The conformance classes of OGC 18-088 this broker implements. */
  public static final List<String> CONFORMANCE =
      List.of(
          "http://www.opengis.net/spec/iot_sensing/1.1/req/create-observations-via-mqtt/observations-creation",
          "http://www.opengis.net/spec/iot_sensing/1.1/req/receive-updates-via-mqtt/receive-updates");

  private static final long START_SECONDS = 60;

  private final EmbeddedHiveMQ hivemq;
  private final SensingApi api;
  private final String host;
  private final int port;
  private boolean closed;

  private MqttBroker(EmbeddedHiveMQ hivemq, SensingApi api, String host, int port) {
    this.hivemq = hivemq;
    this.api = api;
    this.host = host;
    this.port = port;
  }

  /**
   * Starts the broker and announces it in the service root ({@code serverSettings.mqtt}).
   *
   * @throws UnavailableException when the port the operator chose is taken
   * @throws IllegalStateException when the broker fails to start
   */
  public static MqttBroker start(MqttSettings settings, SensingApi api, MeterRegistry registry) {
    return start(settings, api, registry, MqttDevices.NONE);
  }

  /**
   * Starts the broker for {@code devices}, which connect with their id and secret and publish on
   * {@code civitas/devices/<id>/up}; see {@link TopicAccess} for who may do what.
   *
   * @throws UnavailableException when the port the operator chose is taken
   * @throws IllegalStateException when the broker fails to start
   */
  public static MqttBroker start(
      MqttSettings settings, SensingApi api, MeterRegistry registry, MqttDevices devices) {
    int port = choosePort(settings);
    Path folder = settings.folder().toAbsolutePath();
    Path config = folder.resolve("conf");
    Path data = folder.resolve("data");
    Path extensions = folder.resolve("extensions");
    try {
      Files.createDirectories(config);
      Files.createDirectories(data);
      Files.createDirectories(extensions);
      Files.writeString(config.resolve("config.xml"), configXml(settings.host(), port));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot prepare the MQTT broker folder " + folder, e);
    }
    SensingExtension extension =
        new SensingExtension(
            api,
            new MqttMetrics(registry),
            new TopicAccess(settings.anonymous(), devices, () -> api.guard().anonymous()));
    EmbeddedHiveMQ hivemq =
        EmbeddedHiveMQ.builder()
            .withConfigurationFolder(config)
            .withDataFolder(data)
            .withExtensionsFolder(extensions)
            // Civitas's logging configuration stays in charge (HiveMQ at WARN).
            .withoutLoggingBootstrap()
            .withEmbeddedExtension(
                EmbeddedExtension.builder()
                    .withId("civitas-sensorthings")
                    .withName("Civitas SensorThings MQTT")
                    .withVersion("1")
                    .withPriority(1000)
                    .withStartPriority(1000)
                    .withExtensionMain(extension)
                    .build())
            .build();
    try {
      hivemq.start().get(START_SECONDS, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      closeQuietly(hivemq);
      throw new IllegalStateException("interrupted while starting the MQTT broker", e);
    } catch (ExecutionException | TimeoutException e) {
      closeQuietly(hivemq);
      throw new IllegalStateException(
          "the MQTT broker did not start on " + settings.host() + ":" + port + ": " + e, e);
    }
    String endpointHost = linkHost(settings.host());
    api.announceMqtt(CONFORMANCE, List.of("mqtt://" + endpointHost + ":" + port));
    LOG.info("Civitas MQTT broker listening on {}:{}", settings.host(), port);
    return new MqttBroker(hivemq, api, settings.host(), port);
  }

  /** The port the broker is bound to. */
  public int port() {
    return port;
  }

  /** The address the broker is bound to. */
  public String host() {
    return host;
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    api.announceMqtt(List.of(), List.of());
    try {
      hivemq.stop().get(START_SECONDS, TimeUnit.SECONDS);
      LOG.info("Civitas MQTT broker stopped");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      LOG.warn("The MQTT broker did not stop cleanly: {}", e.toString());
    } finally {
      closeQuietly(hivemq);
    }
  }

  /**
   * The configured port, or a free one for 0; when the default port is taken (a system Mosquitto
   * often holds 1883) a free one, announced loudly. A port the operator chose is never replaced.
   */
  static int choosePort(MqttSettings settings) {
    if (settings.port() == 0) {
      return freePort(settings.host());
    }
    if (available(settings.host(), settings.port())) {
      return settings.port();
    }
    if (settings.portChosen()) {
      // An UnavailableException is what `civitas serve` reports as one line the operator acts on.
      throw new UnavailableException(
          "MQTT port "
              + settings.port()
              + " on "
              + settings.host()
              + " is in use by another program; set CIVITAS_MQTT_PORT to a free port (0 picks"
              + " one) or stop the other broker",
          null);
    }
    int free = freePort(settings.host());
    LOG.warn(
        "MQTT port {} on {} is in use by another program (often a system Mosquitto): the Civitas"
            + " MQTT broker listens on port {} instead. Set CIVITAS_MQTT_PORT to choose one.",
        settings.port(),
        settings.host(),
        free);
    return free;
  }

  private static boolean available(String host, int port) {
    try (ServerSocket socket = new ServerSocket()) {
      socket.setReuseAddress(true);
      socket.bind(new InetSocketAddress(host, port));
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static int freePort(String host) {
    try (ServerSocket socket = new ServerSocket()) {
      socket.setReuseAddress(true);
      socket.bind(new InetSocketAddress(host, 0));
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free port for the MQTT broker on " + host, e);
    }
  }

  private static String linkHost(String host) {
    if (host.equals("0.0.0.0") || host.equals("::")) {
      return "localhost";
    }
    return host.contains(":") ? "[" + host + "]" : host;
  }

  /**
   * One TCP listener; no usage statistics (HiveMQ would otherwise report to its vendor over the
   * internet).
   */
  private static String configXml(String host, int port) {
    return """
        <?xml version="1.0"?>
        <hivemq>
          <listeners>
            <tcp-listener>
              <port>%d</port>
              <bind-address>%s</bind-address>
            </tcp-listener>
          </listeners>
          <anonymous-usage-statistics>
            <enabled>false</enabled>
          </anonymous-usage-statistics>
        </hivemq>
        """
        .formatted(port, host);
  }

  private static void closeQuietly(EmbeddedHiveMQ hivemq) {
    try {
      hivemq.close();
    } catch (ExecutionException e) {
      LOG.warn("The MQTT broker did not close cleanly: {}", e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
