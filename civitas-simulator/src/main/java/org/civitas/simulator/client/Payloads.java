package org.civitas.simulator.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.ByteBuffer;
import java.util.Map;
import org.civitas.simulator.device.DatastreamSpec;
import org.civitas.simulator.device.Device;
import org.civitas.simulator.device.ObservationType;
import org.civitas.simulator.device.Reading;

/**
 * How each device encodes its readings, as the real hardware would: compact JSON with the
 * measurement time for MQTT and HTTP devices ({@code {"t": "...", "v": {...}}}), and a fixed binary
 * frame described by a byte layout profile for LoRaWAN devices, whose airtime is precious.
 *
 * <p>The LoRaWAN frame puts the device's fields one after another in datastream order: a switch
 * state as one byte (0 or 1), a count as an unsigned 16-bit integer, a measurement as a signed
 * 32-bit integer of thousandths (big-endian), so that negative temperatures and household volumes
 * both fit. Stateless.
 */
final class Payloads {
  private static final BigDecimal THOUSAND = BigDecimal.valueOf(1000);

  private Payloads() {}

  /** The profile name of a LoRaWAN device's byte layout, one per device kind. */
  static String profileName(Device device) {
    return "brennhaven-" + device.kind().idPrefix();
  }

  /** The byte layout (codec {@code byte-layout}) that reads {@link #frame} of this device. */
  static ObjectNode layout(Device device) {
    ObjectNode spec = PlatformHttp.JSON.createObjectNode();
    ArrayNode fields = spec.putArray("fields");
    int offset = 0;
    for (DatastreamSpec stream : device.datastreams()) {
      ObjectNode field = fields.addObject().put("name", stream.field()).put("offset", offset);
      switch (stream.observationType()) {
        case TRUTH -> {
          field.put("type", "bool");
          offset += 1;
        }
        case COUNT -> {
          field.put("type", "uint16be");
          offset += 2;
        }
        case MEASUREMENT -> {
          field.put("type", "int32be").put("scale", 0.001);
          if (stream.unitSymbol() != null) {
            field.put("unit", stream.unitSymbol());
          }
          offset += 4;
        }
        case OBSERVATION ->
            throw new IllegalArgumentException(
                device.id() + " reports " + stream.field() + ", which has no binary encoding");
      }
    }
    return spec;
  }

  /** The binary frame of a LoRaWAN device's reading, per {@link #layout}. */
  static byte[] frame(Device device, Reading reading) {
    ByteBuffer frame = ByteBuffer.allocate(4 * device.datastreams().size());
    for (DatastreamSpec stream : device.datastreams()) {
      Object value = reading.fields().get(stream.field());
      switch (stream.observationType()) {
        case TRUTH -> frame.put((byte) (Boolean.TRUE.equals(value) ? 1 : 0));
        case COUNT -> frame.putShort((short) Math.clamp(number(value, stream), 0, 65_535));
        case MEASUREMENT ->
            frame.putInt(
                BigDecimal.valueOf(number(value, stream))
                    .multiply(THOUSAND)
                    .setScale(0, RoundingMode.HALF_UP)
                    .intValueExact());
        case OBSERVATION ->
            throw new IllegalArgumentException(stream.field() + " has no binary encoding");
      }
    }
    byte[] bytes = new byte[frame.position()];
    frame.flip().get(bytes);
    return bytes;
  }

  /**
   * The compact JSON envelope of an MQTT or HTTP device's reading; counts are written as integers,
   * as their Datastreams' observation type requires.
   */
  static byte[] json(Device device, Reading reading) {
    ObjectNode envelope = PlatformHttp.JSON.createObjectNode().put("t", reading.time().toString());
    ObjectNode values = envelope.putObject("v");
    for (Map.Entry<String, Object> field : reading.fields().entrySet()) {
      if (isCount(device, field.getKey()) && field.getValue() instanceof Number n) {
        values.put(field.getKey(), Math.round(n.doubleValue()));
        continue;
      }
      switch (field.getValue()) {
        case Boolean b -> values.put(field.getKey(), b);
        case Integer i -> values.put(field.getKey(), i);
        case Long l -> values.put(field.getKey(), l);
        case Number n -> values.put(field.getKey(), n.doubleValue());
        case Map<?, ?> parts -> {
          ObjectNode part = values.putObject(field.getKey());
          parts.forEach((k, v) -> part.put(String.valueOf(k), ((Number) v).doubleValue()));
        }
        default -> values.put(field.getKey(), String.valueOf(field.getValue()));
      }
    }
    try {
      return PlatformHttp.JSON.writeValueAsBytes(envelope);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static boolean isCount(Device device, String field) {
    return device.datastreams().stream()
        .anyMatch(s -> s.field().equals(field) && s.observationType() == ObservationType.COUNT);
  }

  private static double number(Object value, DatastreamSpec stream) {
    if (value instanceof Number n) {
      return n.doubleValue();
    }
    throw new IllegalArgumentException(stream.field() + " should be a number, was " + value);
  }
}
