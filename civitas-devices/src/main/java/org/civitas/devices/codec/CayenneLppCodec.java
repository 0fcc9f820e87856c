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

  /**
   * Encodes commands to actuators as Cayenne LPP, for downlinks: {@code digital_output_N} (a whole
   * number 0 to 255, or a boolean as 1 or 0) and {@code analog_output_N} (a number from −327.68 to
   * 327.67 in steps of 0.01), {@code N} being the channel 0 to 255, in the order given. Cayenne LPP
   * has no other actuator types.
   *
   * @throws InvalidInputException whose field is the name of the value that is not an output or
   *     does not fit; nothing is encoded then
   */
  public byte[] encode(Map<String, Object> values) {
    if (values.isEmpty()) {
      throw new InvalidInputException(
          "a Cayenne LPP downlink needs at least one digital_output_N or analog_output_N value",
          "parameters");
    }
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    values.forEach(
        (name, value) -> {
          Type type;
          String channelText;
          if (name.startsWith("digital_output_")) {
            type = Type.DIGITAL_OUTPUT;
            channelText = name.substring("digital_output_".length());
          } else if (name.startsWith("analog_output_")) {
            type = Type.ANALOG_OUTPUT;
            channelText = name.substring("analog_output_".length());
          } else {
            throw new InvalidInputException(
                "Cayenne LPP encodes only digital_output_N and analog_output_N (N the channel 0 to"
                    + " 255), found \""
                    + name
                    + "\"",
                name);
          }
          int channel = channel(name, channelText);
          out.write(channel);
          out.write(type.id);
          if (type == Type.DIGITAL_OUTPUT) {
            long level = value instanceof Boolean flag ? (flag ? 1 : 0) : whole(name, value);
            if (level < 0 || level > 255) {
              throw new InvalidInputException(
                  name + " is a whole number from 0 to 255 or a boolean, found " + value, name);
            }
            out.write((int) level);
          } else {
            long hundredths;
            try {
              hundredths =
                  number(name, value)
                      .movePointRight(2)
                      .setScale(0, java.math.RoundingMode.UNNECESSARY)
                      .longValueExact();
            } catch (ArithmeticException e) {
              hundredths = Long.MAX_VALUE;
            }
            if (hundredths < Short.MIN_VALUE || hundredths > Short.MAX_VALUE) {
              throw new InvalidInputException(
                  name + " is a number from -327.68 to 327.67 in steps of 0.01, found " + value,
                  name);
            }
            out.write((int) (hundredths >> 8) & 0xff);
            out.write((int) hundredths & 0xff);
          }
        });
    return out.toByteArray();
  }

  private static int channel(String name, String text) {
    if (text.matches("\\d{1,3}") && Integer.parseInt(text) <= 255) {
      return Integer.parseInt(text);
    }
    throw new InvalidInputException(
        "the channel of " + name + " is a number from 0 to 255, found \"" + text + "\"", name);
  }

  private static long whole(String name, Object value) {
    try {
      return number(name, value).setScale(0, java.math.RoundingMode.UNNECESSARY).longValueExact();
    } catch (ArithmeticException e) {
      throw new InvalidInputException(name + " is a whole number, found " + value, name);
    }
  }

  private static java.math.BigDecimal number(String name, Object value) {
    if (value instanceof Number number) {
      try {
        return new java.math.BigDecimal(number.toString());
      } catch (NumberFormatException e) {
        // answered below
      }
    }
    throw new InvalidInputException(name + " is a number, found " + value, name);
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
