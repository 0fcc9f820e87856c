package org.civitas.devices.codec;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.civitas.error.InvalidInputException;

/**
 * Decodes Cayenne Low Power Payload (LPP): a sequence of {@code channel, type, data} items, the
 * type being the IPSO Smart Object id minus 3200 and the data big-endian with a fixed size and
 * resolution per type.
 *
 * <p>Supports every type of Cayenne LPP v1 (digital and analog in/out, illuminance, presence,
 * temperature, humidity, accelerometer, barometer, gyrometer, GPS) and the extended types that the
 * common device libraries send (generic sensor, voltage, current, frequency, percentage, altitude,
 * concentration, power, distance, energy, direction, unix time, colour, switch). A reading is named
 * {@code <type>_<channel>}, e.g. {@code temperature_3}; see {@code docs/DEVICES.md} for the table
 * of names, units and value types.
 *
 * <p>Immutable and thread-safe.
 */
public final class CayenneLppCodec implements PayloadCodec {

  /** One Cayenne LPP data type: its id on the wire, the size of its data, and how to read it. */
  private enum Type {
    DIGITAL_INPUT(0, "digital_input", 1, null) {
      @Override
      Object read(byte[] b, int at) {
        return unsigned(b, at, 1);
      }
    },
    DIGITAL_OUTPUT(1, "digital_output", 1, null) {
      @Override
      Object read(byte[] b, int at) {
        return unsigned(b, at, 1);
      }
    },
    ANALOG_INPUT(2, "analog_input", 2, null) {
      @Override
      Object read(byte[] b, int at) {
        return signed(b, at, 2) / 100.0;
      }
    },
    ANALOG_OUTPUT(3, "analog_output", 2, null) {
      @Override
      Object read(byte[] b, int at) {
        return signed(b, at, 2) / 100.0;
      }
    },
    GENERIC_SENSOR(100, "generic_sensor", 4, null) {
      @Override
      Object read(byte[] b, int at) {
        return unsigned(b, at, 4);
      }
    },
    ILLUMINANCE(101, "illuminance", 2, "lx") {
      @Override
      Object read(byte[] b, int at) {
        return unsigned(b, at, 2);
      }
    },
    PRESENCE(102, "presence", 1, null) {
      @Override
      Object read(byte[] b, int at) {
        return unsigned(b, at, 1) != 0;
      }
    },
    TEMPERATURE(103, "temperature", 2, "Cel") {
      @Override
      Object read(byte[] b, int at) {
        return signed(b, at, 2) / 10.0;
      }
    },
    HUMIDITY(104, "humidity", 1, "%") {
      @Override
      Object read(byte[] b, int at) {
        return unsigned(b, at, 1) / 2.0;
      }
    },
    ACCELEROMETER(113, "accelerometer", 6, "[g]") {
      @Override
      Object read(byte[] b, int at) {
        return axes(
            signed(b, at, 2) / 1000.0,
            signed(b, at + 2, 2) / 1000.0,
            signed(b, at + 4, 2) / 1000.0);
      }
    },
    BAROMETER(115, "barometer", 2, "hPa") {
      @Override
      Object read(byte[] b, int at) {
        return unsigned(b, at, 2) / 10.0;
      }
    },
    VOLTAGE(116, "voltage", 2, "V") {
      @Override
      Object read(byte[] b, int at) {
        return unsigned(b, at, 2) / 100.0;
      }
    },
    CURRENT(117, "current", 2, "A") {
      @Override
      Object read(byte[] b, int at) {
        return unsigned(b, at, 2) / 1000.0;
      }
    },
    FREQUENCY(118, "frequency", 4, "Hz") {
      @Override
      Object read(byte[] b, int at) {
        return unsigned(b, at, 4);
      }
    },
    PERCENTAGE(120, "percentage", 1, "%") {
      @Override
      Object read(byte[] b, int at) {
        return unsigned(b, at, 1);
      }
    },
    ALTITUDE(121, "altitude", 2, "m") {
      @Override
      Object read(byte[] b, int at) {
        return signed(b, at, 2);
      }
    },
    CONCENTRATION(125, "concentration", 2, "[ppm]") {
      @Override
      Object read(byte[] b, int at) {
        return unsigned(b, at, 2);
      }
    },
    POWER(128, "power", 2, "W") {
      @Override
      Object read(byte[] b, int at) {
        return unsigned(b, at, 2);
      }
    },
    DISTANCE(130, "distance", 4, "m") {
      @Override
      Object read(byte[] b, int at) {
        return unsigned(b, at, 4) / 1000.0;
      }
    },
    ENERGY(131, "energy", 4, "W.h") {
      // The wire resolution is 0.001 kWh, which is exactly one watt-hour.
      @Override
      Object read(byte[] b, int at) {
        return unsigned(b, at, 4);
      }
    },
    DIRECTION(132, "direction", 2, "deg") {
      @Override
      Object read(byte[] b, int at) {
        return unsigned(b, at, 2);
      }
    },
    UNIX_TIME(133, "unix_time", 4, null) {
      @Override
      Object read(byte[] b, int at) {
        return Instant.ofEpochSecond(unsigned(b, at, 4)).toString();
      }
    },
    GYROMETER(134, "gyrometer", 6, "deg/s") {
      @Override
      Object read(byte[] b, int at) {
        return axes(
            signed(b, at, 2) / 100.0, signed(b, at + 2, 2) / 100.0, signed(b, at + 4, 2) / 100.0);
      }
    },
    COLOUR(135, "colour", 3, null) {
      @Override
      Object read(byte[] b, int at) {
        return "#" + HexFormat.of().formatHex(b, at, at + 3);
      }
    },
    GPS(136, "gps", 9, null) {
      @Override
      Object read(byte[] b, int at) {
        Map<String, Object> fix = new LinkedHashMap<>();
        fix.put("latitude", signed(b, at, 3) / 10_000.0);
        fix.put("longitude", signed(b, at + 3, 3) / 10_000.0);
        fix.put("altitude", signed(b, at + 6, 3) / 100.0);
        return Collections.unmodifiableMap(fix);
      }
    },
    SWITCH(142, "switch", 1, null) {
      @Override
      Object read(byte[] b, int at) {
        return unsigned(b, at, 1) != 0;
      }
    };

    private static final Type[] BY_ID = new Type[256];

    static {
      for (Type type : values()) {
        BY_ID[type.id] = type;
      }
    }

    final int id;
    final String label;
    final int size;
    final String unit;

    Type(int id, String label, int size, String unit) {
      this.id = id;
      this.label = label;
      this.size = size;
      this.unit = unit;
    }

    /**
     * Reads this type's {@link #size} bytes starting at {@code at}; the caller checked the bounds.
     */
    abstract Object read(byte[] b, int at);
  }

  @Override
  public List<Reading> decode(byte[] payload) {
    List<Reading> readings = new ArrayList<>();
    int at = 0;
    while (at < payload.length) {
      if (at + 2 > payload.length) {
        throw invalid(
            "Cayenne LPP is truncated at byte offset %d: an item needs a channel and a type byte, only 1 byte is left"
                .formatted(at));
      }
      int channel = payload[at] & 0xff;
      int id = payload[at + 1] & 0xff;
      Type type = Type.BY_ID[id];
      if (type == null) {
        throw invalid(
            "Cayenne LPP has an unknown data type %d (0x%02x) at byte offset %d (channel %d)"
                .formatted(id, id, at + 1, channel));
      }
      int data = at + 2;
      int left = payload.length - data;
      if (left < type.size) {
        throw invalid(
            "Cayenne LPP is truncated at byte offset %d: %s on channel %d needs %d bytes, %d left"
                .formatted(data, type.label, channel, type.size, left));
      }
      readings.add(new Reading(type.label + "_" + channel, type.read(payload, data), type.unit));
      at = data + type.size;
    }
    return List.copyOf(readings);
  }

  @Override
  public String toString() {
    return "CayenneLppCodec";
  }

  private static InvalidInputException invalid(String message) {
    return new InvalidInputException(message, "payload");
  }

  /** A big-endian unsigned integer of {@code n} (1 to 4) bytes. */
  private static long unsigned(byte[] b, int at, int n) {
    long value = 0;
    for (int i = 0; i < n; i++) {
      value = (value << 8) | (b[at + i] & 0xff);
    }
    return value;
  }

  /** A big-endian two's-complement integer of {@code n} (1 to 4) bytes. */
  private static long signed(byte[] b, int at, int n) {
    long value = unsigned(b, at, n);
    int shift = 64 - 8 * n;
    return (value << shift) >> shift;
  }

  private static Map<String, Object> axes(double x, double y, double z) {
    Map<String, Object> axes = new LinkedHashMap<>();
    axes.put("x", x);
    axes.put("y", y);
    axes.put("z", z);
    return Collections.unmodifiableMap(axes);
  }
}
