package org.civitas.mqtt;

import com.hivemq.extension.sdk.api.client.parameter.ConnectionInformation;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.civitas.error.CivitasException;
import org.civitas.server.access.ReadAccess;
import org.civitas.timeseries.ObservationStream;

/**
 * Who may publish and subscribe to what on the embedded broker:
 *
 * <ul>
 *   <li>a device publishes to its compact topic {@code civitas/devices/<its id>/up}, to {@code
 *       v1.1/Datastreams(<id>)/Observations} (or {@code v1.0}) of Datastreams it may write, and to
 *       {@code v1.1/Observations} (whose body {@link ObservationPublishes} checks names its own
 *       Datastream); it subscribes to {@code civitas/devices/<its id>/down} and to the public
 *       SensorThings topics. A device revoked while connected is refused at its next publish or
 *       subscribe and disconnected then.
 *   <li>an anonymous client, by {@link MqttSettings.Anonymous}: subscribes to SensorThings topics,
 *       and publishes only under {@code publish}, never into the device space {@code
 *       civitas/devices/...}.
 * </ul>
 *
 * <p>Thread-safe; decisions come from memory except when the registry's short cache has expired.
 */
final class TopicAccess {

  /** The connection attribute that holds the id of the device a connection authenticated as. */
  static final String DEVICE = "civitas.device";

  static final String DEVICE_SPACE = "civitas/devices/";
  private static final Pattern UPLINK = Pattern.compile("civitas/devices/([^/+#]+)/up");
  private static final Pattern DATASTREAM_OBSERVATIONS =
      Pattern.compile("Datastreams\\((\\d{1,18})\\)/Observations");

  /** An answer: allowed, or refused with a reason; {@code revoked} also ends the connection. */
  record Decision(boolean allowed, String reason, boolean revoked) {
    static final Decision ALLOWED = new Decision(true, null, false);

    static Decision refused(String reason) {
      return new Decision(false, reason, false);
    }
  }

  private static final Pattern STREAM =
      Pattern.compile("(?<![A-Za-z])(Datastreams|MultiDatastreams)\\((\\d{1,18})\\)");

  private final MqttSettings.Anonymous anonymous;
  private final MqttDevices devices;
  private final Supplier<ReadAccess> openReads;

  TopicAccess(MqttSettings.Anonymous anonymous, MqttDevices devices) {
    this(anonymous, devices, () -> ReadAccess.ALL);
  }

  /**
   * @param openReads what anybody may read under the server's guard, asked per subscription (see
   *     {@code SensingGuard.anonymous})
   */
  TopicAccess(
      MqttSettings.Anonymous anonymous, MqttDevices devices, Supplier<ReadAccess> openReads) {
    this.anonymous = anonymous;
    this.devices = devices;
    this.openReads = openReads;
  }

  MqttSettings.Anonymous anonymous() {
    return anonymous;
  }

  MqttDevices devices() {
    return devices;
  }

  /** The device a connection authenticated as; empty for an anonymous client. */
  static Optional<String> deviceOf(ConnectionInformation connection) {
    return connection.getConnectionAttributeStore().getAsString(DEVICE);
  }

  /** The device id of a compact uplink topic; empty for other topics. */
  static Optional<String> uplinkDevice(String topic) {
    Matcher matcher = UPLINK.matcher(topic);
    return matcher.matches() ? Optional.of(matcher.group(1)) : Optional.empty();
  }

  /** The topic on which a device receives its commands. */
  static String downlinkTopic(String deviceId) {
    return DEVICE_SPACE + deviceId + "/down";
  }

  Decision publish(Optional<String> device, String topic) {
    if (device.isEmpty()) {
      if (anonymous != MqttSettings.Anonymous.PUBLISH) {
        return Decision.refused("anonymous clients may only subscribe");
      }
      return topic.startsWith(DEVICE_SPACE)
          ? Decision.refused("the device topics are for authenticated devices")
          : Decision.ALLOWED;
    }
    String id = device.get();
    if (!devices.active(id)) {
      return new Decision(false, "device " + id + " is revoked", true);
    }
    if (uplinkDevice(topic).filter(id::equals).isPresent()) {
      return Decision.ALLOWED;
    }
    Optional<MqttTopics.Versioned> sensorThings = MqttTopics.parse(topic);
    if (sensorThings.isPresent()) {
      String path = sensorThings.get().belowRoot();
      if (path.equals("Observations")) {
        return Decision.ALLOWED;
      }
      Matcher matcher = DATASTREAM_OBSERVATIONS.matcher(path);
      if (matcher.matches()) {
        long datastream = Long.parseLong(matcher.group(1));
        return devices.mayWrite(id, datastream)
            ? Decision.ALLOWED
            : Decision.refused(
                "device " + id + " may not write Datastream " + datastream + " of another Thing");
      }
    }
    return Decision.refused(
        "device " + id + " publishes only to civitas/devices/" + id + "/up and its Datastreams");
  }

  Decision subscribe(Optional<String> device, String filter) {
    Optional<String> hidden = hiddenStream(filter);
    if (hidden.isPresent()) {
      return Decision.refused(hidden.get());
    }
    if (device.isEmpty()) {
      if (anonymous == MqttSettings.Anonymous.PUBLISH) {
        return mayReachDeviceSpace(filter)
            ? Decision.refused("the device topics are for authenticated devices")
            : Decision.ALLOWED;
      }
      return MqttTopics.parse(filter).isPresent()
          ? Decision.ALLOWED
          : Decision.refused("anonymous clients subscribe only to v1.1/ and v1.0/ topics");
    }
    String id = device.get();
    if (!devices.active(id)) {
      return new Decision(false, "device " + id + " is revoked", true);
    }
    if (filter.equals(downlinkTopic(id)) || MqttTopics.parse(filter).isPresent()) {
      return Decision.ALLOWED;
    }
    return Decision.refused(
        "device " + id + " subscribes only to " + downlinkTopic(id) + " and SensorThings topics");
  }

  /**
   * Why a filter may not be subscribed because it names a Datastream or MultiDatastream that is not
   * public: no MQTT client is signed in as a person (devices are not readers either), so the
   * SensorThings topics carry open data only. Collection topics ({@code v1.1/Observations}) stay
   * open; their messages leave out what is not public ({@code SensingApi.openly}).
   */
  private Optional<String> hiddenStream(String filter) {
    ReadAccess open = openReads.get();
    if (open == ReadAccess.ALL) {
      return Optional.empty();
    }
    Matcher matcher = STREAM.matcher(filter);
    while (matcher.find()) {
      long id = Long.parseLong(matcher.group(2));
      ObservationStream stream =
          matcher.group(1).equals("Datastreams")
              ? new ObservationStream.Datastream(id)
              : new ObservationStream.MultiDatastream(id);
      try {
        open.requireReadable(stream);
      } catch (CivitasException notPublic) {
        return Optional.of(
            matcher.group(1).substring(0, matcher.group(1).length() - 1)
                + " "
                + id
                + " is not open data: "
                + notPublic.getMessage());
      }
    }
    return Optional.empty();
  }

  /**
   * Whether a filter could match a topic below {@code civitas/devices/}: {@code #}, {@code
   * +/devices/#}, {@code civitas/+/x/down}... A shared subscription is judged by its filter.
   */
  static boolean mayReachDeviceSpace(String filter) {
    String plain = filter;
    if (plain.startsWith("$share/")) {
      int slash = plain.indexOf('/', "$share/".length());
      plain = slash < 0 ? "" : plain.substring(slash + 1);
    }
    String[] levels = plain.split("/", -1);
    String[] space = {"civitas", "devices"};
    for (int i = 0; i < space.length; i++) {
      if (i >= levels.length) {
        return false;
      }
      if (levels[i].equals("#")) {
        return true;
      }
      if (!levels[i].equals("+") && !levels[i].equals(space[i])) {
        return false;
      }
    }
    return levels.length > space.length;
  }
}
