package org.civitas.devices.ingest;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.civitas.devices.codec.Codecs;
import org.civitas.devices.codec.PayloadCodec;
import org.civitas.devices.codec.Reading;
import org.civitas.devices.registry.DeviceRegistry;
import org.civitas.devices.store.Device;
import org.civitas.devices.store.DeviceActivity;
import org.civitas.devices.store.DeviceProfile;
import org.civitas.devices.store.DeviceStore;
import org.civitas.error.ConflictException;
import org.civitas.error.InvalidInputException;
import org.civitas.error.NotFoundException;
import org.civitas.sensing.model.Entity;
import org.civitas.server.http.JsonCodec;
import org.civitas.server.sensing.SensingApi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one ingest pipeline for device uplinks, whatever connector received them (HTTP, MQTT, a
 * LoRaWAN network server). For each {@link Uplink} it finds the device and its profile, decodes the
 * payload with the profile's codec ({@link Codecs}), maps each reading to the Datastream the
 * device's {@code fields} name, and creates the Observations through {@link
 * SensingApi#createObservation}, so that validation, events and the group-committing ingest path
 * are the SensorThings API's own. An Observation's phenomenonTime is the time the payload gives,
 * else the uplink's {@code measuredAt}, else its {@code receivedAt}.
 *
 * <p>Device activity (last seen, uplink count, radio and battery) is gathered in memory and written
 * to the {@link DeviceStore} in one batch every {@code flushEvery} and on {@link #close()} — never
 * one database write per uplink. An uplink of an active device counts as activity even when its
 * payload is then refused: the device is alive, if misconfigured. Activity not yet flushed when the
 * process dies is lost: it is health data, not observations.
 *
 * <p>Thread-safe; {@link #accept} may be called from any number of connector threads.
 */
public final class DeviceIngest implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(DeviceIngest.class);

  /** How often gathered activity is written by default. */
  public static final Duration DEFAULT_FLUSH_EVERY = Duration.ofSeconds(5);

  private final DeviceRegistry registry;
  private final DeviceStore store;
  private final SensingApi sensing;
  private final Map<String, DeviceActivity> pending = new ConcurrentHashMap<>();
  private final ScheduledExecutorService flusher;
  private volatile boolean closed;

  private DeviceIngest(
      DeviceRegistry registry, DeviceStore store, SensingApi sensing, Duration flushEvery) {
    this.registry = registry;
    this.store = store;
    this.sensing = sensing;
    this.flusher =
        Executors.newSingleThreadScheduledExecutor(
            runnable -> Thread.ofPlatform().daemon().name("device-activity").unstarted(runnable));
    long millis = flushEvery.toMillis();
    flusher.scheduleWithFixedDelay(this::flushQuietly, millis, millis, TimeUnit.MILLISECONDS);
  }

  /** Starts the pipeline, flushing activity every {@link #DEFAULT_FLUSH_EVERY}. */
  public static DeviceIngest start(DeviceRegistry registry, DeviceStore store, SensingApi sensing) {
    return start(registry, store, sensing, DEFAULT_FLUSH_EVERY);
  }

  public static DeviceIngest start(
      DeviceRegistry registry, DeviceStore store, SensingApi sensing, Duration flushEvery) {
    if (flushEvery.isNegative() || flushEvery.isZero()) {
      throw new IllegalArgumentException("the activity flush interval must be positive");
    }
    return new DeviceIngest(registry, store, sensing, flushEvery);
  }

  /**
   * Takes one uplink of an authenticated device.
   *
   * @return a future completing once every Observation is committed, or failing with the reason (a
   *     {@link org.civitas.error.CivitasException})
   * @throws NotFoundException (field {@code deviceId}) for an unknown device
   * @throws ConflictException (field {@code deviceId}) for a revoked device
   * @throws InvalidInputException at once when the payload does not fit the device's codec, or none
   *     of its fields feeds a Datastream; nothing is written then
   */
  public CompletableFuture<Accepted> accept(Uplink uplink) {
    if (closed) {
      throw new IllegalStateException("the device ingest pipeline is closed");
    }
    Device device =
        registry
            .find(uplink.deviceId())
            .orElseThrow(
                () -> new NotFoundException("no device with id " + uplink.deviceId(), "deviceId"));
    if (!device.active()) {
      throw new ConflictException(
          "device " + device.id() + " is revoked; its uplinks are refused", "deviceId");
    }
    recordActivity(device.id(), uplink);
    List<Reading> readings = codecOf(device).decode(uplink.payload());
    Instant defaultTime = uplink.measuredAt().orElse(uplink.receivedAt());
    List<String> unmapped = new ArrayList<>();
    List<Long> datastreams = new ArrayList<>();
    List<byte[]> bodies = new ArrayList<>();
    List<String> keys = new ArrayList<>();
    for (Reading reading : readings) {
      Long datastream = device.fields().get(reading.field());
      if (datastream == null || !registry.mayWrite(device, datastream)) {
        unmapped.add(reading.field());
        continue;
      }
      datastreams.add(datastream);
      bodies.add(observation(reading, defaultTime));
      keys.add(idempotencyKey(device, uplink, reading));
    }
    if (bodies.isEmpty()) {
      throw new InvalidInputException(
          "none of the payload's fields "
              + unmapped
              + " feeds a Datastream of device "
              + device.id()
              + "; its fields are "
              + device.fields().keySet(),
          "payload");
    }
    if (!unmapped.isEmpty()) {
      log.debug("device {}: fields {} feed no Datastream, dropped", device.id(), unmapped);
    }
    List<CompletableFuture<Entity>> created = new ArrayList<>(bodies.size());
    for (int i = 0; i < bodies.size(); i++) {
      created.add(
          sensing.createObservation(
              "Datastreams(" + datastreams.get(i) + ")/Observations", bodies.get(i), keys.get(i)));
    }
    return CompletableFuture.allOf(created.toArray(CompletableFuture[]::new))
        .thenApply(
            done ->
                new Accepted(
                    device.id(),
                    created.stream().map(future -> future.join().id()).toList(),
                    unmapped));
  }

  /**
   * The key that makes a redelivered uplink store nothing new: the connector's message id (a
   * LoRaWAN frame's DevEUI, address and counter), or else the time the payload itself gives — a
   * device never reports two values of one field for the same instant. Without either (a payload
   * timed by its arrival), a repeat cannot be told from a new reading and gets no key.
   */
  static String idempotencyKey(Device device, Uplink uplink, Reading reading) {
    String message;
    if (uplink.messageId().isPresent()) {
      message = "m=" + uplink.messageId().get();
    } else if (reading.measuredAt() != null) {
      message = "t=" + reading.measuredAt();
    } else if (uplink.measuredAt().isPresent()) {
      message = "t=" + uplink.measuredAt().get();
    } else {
      return null;
    }
    String key = "dev:" + device.id() + "|" + message + "|" + reading.field();
    if (key.length() <= org.civitas.timeseries.NewObservation.MAX_IDEMPOTENCY_KEY_LENGTH
        && key.chars().allMatch(c -> c >= 0x20 && c <= 0x7e)) {
      return key;
    }
    // Long frame ids, or field names beyond printable ASCII: a digest keeps the key within what
    // keys may hold and still unique.
    try {
      byte[] digest =
          java.security.MessageDigest.getInstance("SHA-256")
              .digest(key.getBytes(java.nio.charset.StandardCharsets.UTF_8));
      return "dev-sha256:" + java.util.HexFormat.of().formatHex(digest);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  private PayloadCodec codecOf(Device device) {
    if (device.profile() == null) {
      return Codecs.forProfile(null);
    }
    DeviceProfile profile =
        registry
            .profile(device.profile())
            .orElseThrow(
                () ->
                    new InvalidInputException(
                        "device "
                            + device.id()
                            + " names profile "
                            + device.profile()
                            + ", which does not exist",
                        "profile"));
    return Codecs.forProfile(profile);
  }

  private static byte[] observation(Reading reading, Instant defaultTime) {
    Instant time = reading.measuredAt() != null ? reading.measuredAt() : defaultTime;
    ObjectNode body = JsonCodec.newObject();
    body.put("phenomenonTime", time.toString());
    body.set("result", result(reading.value()));
    return JsonCodec.write(body);
  }

  private static com.fasterxml.jackson.databind.JsonNode result(Object value) {
    JsonNodeFactory nodes = JsonNodeFactory.instance;
    return switch (value) {
      case BigDecimal decimal -> nodes.numberNode(decimal);
      case BigInteger integer -> nodes.numberNode(integer);
      case Long number -> nodes.numberNode(number);
      case Integer number -> nodes.numberNode(number);
      case Short number -> nodes.numberNode(number);
      case Byte number -> nodes.numberNode(number);
      case Double number -> nodes.numberNode(number);
      case Float number -> nodes.numberNode(number);
      case Number number -> nodes.numberNode(new BigDecimal(number.toString()));
      case Boolean flag -> nodes.booleanNode(flag);
      case String text -> nodes.textNode(text);
      case Map<?, ?> parts -> {
        ObjectNode object = nodes.objectNode();
        parts.forEach((key, part) -> object.set(String.valueOf(key), result(part)));
        yield object;
      }
      default ->
          throw new IllegalArgumentException(
              "a codec produced a value of type " + value.getClass().getName());
    };
  }

  // ------------------------------------------------------------------------------ activity

  /**
   * Records that a device was heard without sending readings — a LoRaWAN join, or its answer to a
   * status request with its battery — in the activity written at the next flush. Counts no uplink;
   * the radio values that are not null replace the known ones.
   *
   * @param at when the network server heard the device
   */
  public void recordStatus(String deviceId, Radio radio, Instant at) {
    if (closed) {
      throw new IllegalStateException("the device ingest pipeline is closed");
    }
    DeviceActivity seen =
        new DeviceActivity(deviceId, at, 0, radio.rssiDbm(), radio.snrDb(), radio.batteryPercent());
    pending.merge(deviceId, seen, DeviceIngest::merge);
  }

  private void recordActivity(String deviceId, Uplink uplink) {
    Radio radio = uplink.radio();
    DeviceActivity seen =
        new DeviceActivity(
            deviceId,
            uplink.receivedAt(),
            1,
            radio.rssiDbm(),
            radio.snrDb(),
            radio.batteryPercent());
    pending.merge(deviceId, seen, DeviceIngest::merge);
  }

  /** Two gatherings of one device: counts add up, the later uplink's radio values win. */
  private static DeviceActivity merge(DeviceActivity a, DeviceActivity b) {
    DeviceActivity earlier = a.lastSeen().isAfter(b.lastSeen()) ? b : a;
    DeviceActivity later = earlier == a ? b : a;
    return new DeviceActivity(
        a.deviceId(),
        later.lastSeen(),
        a.uplinks() + b.uplinks(),
        later.rssiDbm() != null ? later.rssiDbm() : earlier.rssiDbm(),
        later.snrDb() != null ? later.snrDb() : earlier.snrDb(),
        later.batteryPercent() != null ? later.batteryPercent() : earlier.batteryPercent());
  }

  /**
   * Writes the activity gathered so far in one batch. When the write fails, what it held is kept
   * for the next flush. Flushes run one at a time, so when this returns, every activity gathered
   * before the call is written (or kept after a failure), also when a periodic flush had taken it.
   */
  public synchronized void flush() {
    List<DeviceActivity> batch = new ArrayList<>();
    for (String deviceId : List.copyOf(pending.keySet())) {
      DeviceActivity taken = pending.remove(deviceId);
      if (taken != null) {
        batch.add(taken);
      }
    }
    if (batch.isEmpty()) {
      return;
    }
    try {
      store.recordActivity(batch);
    } catch (RuntimeException e) {
      batch.forEach(entry -> pending.merge(entry.deviceId(), entry, DeviceIngest::merge));
      throw e;
    }
  }

  private void flushQuietly() {
    try {
      flush();
    } catch (RuntimeException e) {
      log.warn("writing device activity failed; it is kept for the next attempt: {}", e.toString());
    }
  }

  /** Stops the periodic flush and writes what is gathered. Call before the storage closes. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    flusher.shutdown();
    try {
      if (!flusher.awaitTermination(10, TimeUnit.SECONDS)) {
        log.warn("the device activity flush did not stop within 10 s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    flushQuietly();
  }
}
