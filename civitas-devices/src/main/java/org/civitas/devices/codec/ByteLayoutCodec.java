package org.civitas.devices.codec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.civitas.error.InvalidInputException;
import org.civitas.sensing.model.Json;

/**
 * Decodes a fixed binary payload described declaratively, with no script engine: a layout lists the
 * fields, each at a byte offset with a type, and optionally a linear conversion ({@code value = raw
 * × scale + add}), a UCUM unit, or a table of texts for coded values.
 *
 * <pre>{@code
 * {"fields": [
 *   {"name": "fill", "offset": 0, "type": "uint16be", "scale": 0.1, "unit": "%"},
 *   {"name": "lid_open", "offset": 2, "type": "bits", "bit": 0, "length": 1, "bool": true},
 *   {"name": "state", "offset": 3, "type": "uint8", "enum": {"0": "ok", "1": "jammed"}}
 * ]}
 * }</pre>
 *
 * <p>Types: {@code int8 uint8 int16be int16le uint16be uint16le int24 uint24 int24le uint24le
 * int32be int32le uint32be uint32le float32be float32le bits bool} ({@code int24}/{@code uint24}
 * are big-endian). {@code bits} reads {@code length} (1 to 8, default 1) bits of the byte at {@code
 * offset} starting at bit {@code bit} (0 is the least significant); with {@code "bool": true} a
 * single bit becomes a boolean. {@code bool} is a whole byte, true unless 0. Values are a {@link
 * Long} for an integer with no conversion, a {@link Double} when scaled or a float, a {@link
 * Boolean}, or the {@link String} of an {@code enum}. Properties beside {@code fields} are ignored
 * (a profile may keep its codec's kind there); unknown properties of a field are errors.
 *
 * <p>Immutable and thread-safe.
 */
public final class ByteLayoutCodec implements PayloadCodec {

  private static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
          .build();

  private static final Set<String> FIELD_PROPERTIES =
      Set.of("name", "offset", "type", "scale", "add", "unit", "enum", "bit", "length", "bool");

  /** How the bytes of one field are read. */
  enum FieldType {
    INT8(1, true, false),
    UINT8(1, false, false),
    INT16BE(2, true, false),
    INT16LE(2, true, true),
    UINT16BE(2, false, false),
    UINT16LE(2, false, true),
    INT24(3, true, false),
    UINT24(3, false, false),
    INT24LE(3, true, true),
    UINT24LE(3, false, true),
    INT32BE(4, true, false),
    INT32LE(4, true, true),
    UINT32BE(4, false, false),
    UINT32LE(4, false, true),
    FLOAT32BE(4, true, false),
    FLOAT32LE(4, true, true),
    BITS(1, false, false),
    BOOL(1, false, false);

    final int size;
    final boolean signed;
    final boolean littleEndian;

    FieldType(int size, boolean signed, boolean littleEndian) {
      this.size = size;
      this.signed = signed;
      this.littleEndian = littleEndian;
    }

    String wireName() {
      return name().toLowerCase(Locale.ROOT);
    }

    boolean isFloat() {
      return this == FLOAT32BE || this == FLOAT32LE;
    }

    boolean isInteger() {
      return !isFloat() && this != BITS && this != BOOL;
    }

    static FieldType parse(String name) {
      for (FieldType type : values()) {
        if (type.wireName().equals(name)) {
          return type;
        }
      }
      return null;
    }

    static String names() {
      return Arrays.stream(values()).map(FieldType::wireName).collect(Collectors.joining(", "));
    }
  }

  /**
   * One validated field of a layout.
   *
   * @param scale null when the raw value is kept
   * @param add null when nothing is added
   * @param texts empty unless the field is an {@code enum}
   */
  record Field(
      String name,
      int offset,
      FieldType type,
      int bit,
      int length,
      boolean asBoolean,
      BigDecimal scale,
      BigDecimal add,
      String unit,
      Map<Long, String> texts) {

    Field {
      texts = Map.copyOf(texts);
    }

    int end() {
      return offset + type.size;
    }
  }

  private final List<Field> fields;
  private final int minimumLength;

  private ByteLayoutCodec(List<Field> fields) {
    this.fields = List.copyOf(fields);
    this.minimumLength = this.fields.stream().mapToInt(Field::end).max().orElse(0);
  }

  /**
   * Reads and validates a layout, reporting every problem at once.
   *
   * @throws InvalidInputException listing each problem with its JSON path ({@code fields[2].type});
   *     its field is {@code codec.} followed by the path of the first problem
   */
  public static ByteLayoutCodec fromSpec(Json spec) {
    JsonNode root;
    try {
      root = MAPPER.readTree(spec.text());
    } catch (JsonProcessingException e) {
      throw new InvalidInputException(
          "the byte layout is not valid JSON: " + e.getOriginalMessage(), "codec", e);
    }
    Problems problems = new Problems();
    List<Field> fields = new ArrayList<>();
    if (root == null || !root.isObject()) {
      problems.add("", "the byte layout must be a JSON object with \"fields\"");
    } else if (!root.path("fields").isArray()) {
      problems.add(
          "fields",
          "expected an array of field definitions, found " + describe(root.get("fields")));
    } else if (root.get("fields").isEmpty()) {
      problems.add("fields", "a byte layout needs at least one field");
    } else {
      Set<String> names = new HashSet<>();
      JsonNode array = root.get("fields");
      for (int i = 0; i < array.size(); i++) {
        Field field = readField(array.get(i), "fields[" + i + "]", problems);
        if (field != null && !names.add(field.name())) {
          problems.add("fields[" + i + "].name", "the name \"" + field.name() + "\" is used twice");
        }
        if (field != null) {
          fields.add(field);
        }
      }
    }
    problems.throwIfAny();
    return new ByteLayoutCodec(fields);
  }

  /** The fewest payload bytes this layout reads: the end of its furthest field. */
  public int minimumLength() {
    return minimumLength;
  }

  @Override
  public List<Reading> decode(byte[] payload) {
    List<Reading> readings = new ArrayList<>(fields.size());
    for (Field field : fields) {
      if (payload.length < field.end()) {
        throw new InvalidInputException(
            "the payload is too short for field \"%s\": it needs %d byte%s at byte offset %d, the payload has %d bytes"
                .formatted(
                    field.name(),
                    field.type().size,
                    field.type().size == 1 ? "" : "s",
                    field.offset(),
                    payload.length),
            "payload");
      }
      readings.add(new Reading(field.name(), value(field, payload), field.unit()));
    }
    return List.copyOf(readings);
  }

  /**
   * The inverse of {@link #decode}: the payload of {@link #minimumLength()} bytes that decodes to
   * {@code values}, for downlinks. Every field of the layout needs a value — a number (unscaled by
   * {@code value = raw × scale + add}, which must give a whole raw value that fits the type), a
   * boolean for a boolean field, the text (or raw value) of an {@code enum}; bytes no field covers
   * are 0.
   *
   * @param values from field name to value, e.g. a Task's taskingParameters
   * @throws InvalidInputException whose field is the name of the value that is missing, unknown to
   *     the layout, of the wrong kind or out of range; nothing is encoded then
   */
  public byte[] encode(Map<String, Object> values) {
    for (String name : values.keySet()) {
      if (fields.stream().noneMatch(field -> field.name().equals(name))) {
        throw new InvalidInputException(
            "the byte layout has no field \"%s\"; its fields are %s"
                .formatted(name, fields.stream().map(Field::name).toList()),
            name);
      }
    }
    byte[] payload = new byte[minimumLength];
    for (Field field : fields) {
      Object value = values.get(field.name());
      if (value == null) {
        throw new InvalidInputException(
            "a value for field \"%s\" is needed to encode the payload".formatted(field.name()),
            field.name());
      }
      write(field, value, payload);
    }
    return payload;
  }

  private static void write(Field field, Object value, byte[] payload) {
    FieldType type = field.type();
    int at = field.offset();
    if (type == FieldType.BOOL || field.asBoolean()) {
      if (!(value instanceof Boolean flag)) {
        throw unencodable(field, value, "true or false");
      }
      if (type == FieldType.BOOL) {
        payload[at] = (byte) (flag ? 1 : 0);
      } else {
        payload[at] = (byte) ((payload[at] & ~(1 << field.bit())) | (flag ? 1 << field.bit() : 0));
      }
      return;
    }
    long raw;
    if (!field.texts().isEmpty()) {
      raw = enumRaw(field, value);
    } else if (!(value instanceof Number number)) {
      throw unencodable(field, value, "a number");
    } else if (type.isFloat()) {
      BigDecimal unscaled = unlinear(field, decimal(field, number), false);
      float f = unscaled.floatValue();
      if (!Float.isFinite(f)) {
        throw unencodable(field, value, "a number a 32-bit float holds");
      }
      putInteger(payload, at, type, Float.floatToIntBits(f) & 0xFFFF_FFFFL);
      return;
    } else {
      BigDecimal whole = unlinear(field, decimal(field, number), true);
      if (whole.abs().compareTo(BigDecimal.valueOf(1L << 40)) > 0) {
        throw unencodable(field, value, "a number that fits " + type.size + " bytes");
      }
      raw = whole.longValue();
    }
    if (type == FieldType.BITS) {
      long max = (1L << field.length()) - 1;
      if (raw < 0 || raw > max) {
        throw outOfRange(field, value, 0, max);
      }
      int mask = (int) (max << field.bit());
      payload[at] = (byte) ((payload[at] & ~mask) | ((int) raw << field.bit()));
      return;
    }
    int bits = 8 * type.size;
    long min = type.signed ? -(1L << (bits - 1)) : 0;
    long max = type.signed ? (1L << (bits - 1)) - 1 : (1L << bits) - 1;
    if (raw < min || raw > max) {
      throw outOfRange(field, value, min, max);
    }
    putInteger(payload, at, type, raw);
  }

  private static long enumRaw(Field field, Object value) {
    if (value instanceof String text) {
      for (Map.Entry<Long, String> entry : field.texts().entrySet()) {
        if (entry.getValue().equals(text)) {
          return entry.getKey();
        }
      }
    } else if (value instanceof Number number) {
      BigDecimal raw = decimal(field, number);
      if (raw.stripTrailingZeros().scale() <= 0 && field.texts().containsKey(raw.longValue())) {
        return raw.longValue();
      }
    }
    throw unencodable(
        field,
        value,
        "one of " + field.texts().values().stream().sorted().collect(Collectors.joining(", ")));
  }

  private static BigDecimal decimal(Field field, Number number) {
    try {
      return number instanceof BigDecimal d ? d : new BigDecimal(number.toString());
    } catch (NumberFormatException e) {
      throw unencodable(field, number, "a finite number");
    }
  }

  /** The raw value of {@code value}: {@code (value − add) ÷ scale}, whole when {@code whole}. */
  private static BigDecimal unlinear(Field field, BigDecimal value, boolean whole) {
    BigDecimal shifted = field.add() == null ? value : value.subtract(field.add());
    if (field.scale() == null) {
      if (whole && shifted.stripTrailingZeros().scale() > 0) {
        throw unencodable(field, value, "a whole number");
      }
      return shifted;
    }
    try {
      return whole
          ? shifted.divide(field.scale(), 0, java.math.RoundingMode.UNNECESSARY)
          : shifted.divide(field.scale(), java.math.MathContext.DECIMAL64);
    } catch (ArithmeticException e) {
      throw unencodable(
          field,
          value,
          "a number that is a whole multiple of the field's scale "
              + field.scale().toPlainString()
              + (field.add() == null ? "" : " from " + field.add().toPlainString()));
    }
  }

  private static void putInteger(byte[] payload, int at, FieldType type, long raw) {
    for (int i = 0; i < type.size; i++) {
      int index = type.littleEndian ? at + i : at + type.size - 1 - i;
      payload[index] = (byte) (raw >>> (8 * i));
    }
  }

  private static InvalidInputException unencodable(Field field, Object value, String expected) {
    return new InvalidInputException(
        "field \"%s\" (%s) takes %s, found %s"
            .formatted(field.name(), field.type().wireName(), expected, describeValue(value)),
        field.name());
  }

  private static InvalidInputException outOfRange(Field field, Object value, long min, long max) {
    return new InvalidInputException(
        "field \"%s\" (%s) holds raw values from %d to %d; %s does not fit"
            .formatted(field.name(), field.type().wireName(), min, max, describeValue(value)),
        field.name());
  }

  private static String describeValue(Object value) {
    return value instanceof String text ? "\"" + text + "\"" : String.valueOf(value);
  }

  @Override
  public String toString() {
    return "ByteLayoutCodec" + fields.stream().map(Field::name).toList();
  }

  private static Object value(Field field, byte[] payload) {
    FieldType type = field.type();
    int at = field.offset();
    if (type == FieldType.BOOL) {
      return payload[at] != 0;
    }
    if (type == FieldType.BITS) {
      long bits = ((payload[at] & 0xff) >> field.bit()) & ((1 << field.length()) - 1);
      if (field.asBoolean()) {
        return bits != 0;
      }
      return convert(field, bits, at);
    }
    long raw = integer(payload, at, type);
    if (type.isFloat()) {
      float f = Float.intBitsToFloat((int) raw);
      if (!Float.isFinite(f)) {
        throw new InvalidInputException(
            "field \"%s\" at byte offset %d is %s, not a number".formatted(field.name(), at, f),
            "payload");
      }
      // The float's shortest decimal form, so that 21.3f reads as 21.3 and not 21.299999237060547.
      BigDecimal value = new BigDecimal(Float.toString(f));
      return linear(field, value).doubleValue();
    }
    return convert(field, raw, at);
  }

  private static Object convert(Field field, long raw, int at) {
    if (!field.texts().isEmpty()) {
      String text = field.texts().get(raw);
      if (text == null) {
        throw new InvalidInputException(
            "field \"%s\" at byte offset %d has the value %d, which its enum does not list (%s)"
                .formatted(
                    field.name(),
                    at,
                    raw,
                    field.texts().keySet().stream()
                        .sorted()
                        .map(String::valueOf)
                        .collect(Collectors.joining(", "))),
            "payload");
      }
      return text;
    }
    if (field.scale() == null && field.add() == null) {
      return raw;
    }
    return linear(field, BigDecimal.valueOf(raw)).doubleValue();
  }

  private static BigDecimal linear(Field field, BigDecimal value) {
    BigDecimal scaled = field.scale() == null ? value : value.multiply(field.scale());
    return field.add() == null ? scaled : scaled.add(field.add());
  }

  private static long integer(byte[] payload, int at, FieldType type) {
    long value = 0;
    for (int i = 0; i < type.size; i++) {
      int index = type.littleEndian ? at + type.size - 1 - i : at + i;
      value = (value << 8) | (payload[index] & 0xff);
    }
    if (type.signed && !type.isFloat()) {
      int shift = 64 - 8 * type.size;
      value = (value << shift) >> shift;
    }
    return value;
  }

  private static Field readField(JsonNode node, String path, Problems problems) {
    if (node == null || !node.isObject()) {
      problems.add(path, "expected a field definition object, found " + describe(node));
      return null;
    }
    int before = problems.count();
    for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
      String property = names.next();
      if (!FIELD_PROPERTIES.contains(property)) {
        problems.add(
            path + "." + property,
            "unknown property; a field has "
                + FIELD_PROPERTIES.stream().sorted().collect(Collectors.joining(", ")));
      }
    }
    String name = null;
    JsonNode nameNode = node.get("name");
    if (nameNode == null || !nameNode.isTextual() || nameNode.asText().isBlank()) {
      problems.add(path + ".name", "expected a non-blank string, found " + describe(nameNode));
    } else {
      name = nameNode.asText();
    }
    int offset = nonNegativeInt(node, "offset", path, problems, -1);
    FieldType type = null;
    JsonNode typeNode = node.get("type");
    if (typeNode == null || !typeNode.isTextual()) {
      problems.add(
          path + ".type", "expected one of " + FieldType.names() + ", found " + describe(typeNode));
    } else {
      type = FieldType.parse(typeNode.asText());
      if (type == null) {
        problems.add(
            path + ".type",
            "expected one of " + FieldType.names() + ", found \"" + typeNode.asText() + "\"");
      }
    }
    BigDecimal scale = decimal(node, "scale", path, problems);
    if (scale != null && scale.signum() == 0) {
      problems.add(path + ".scale", "must not be 0");
    }
    BigDecimal add = decimal(node, "add", path, problems);
    String unit = null;
    JsonNode unitNode = node.get("unit");
    if (unitNode != null) {
      if (!unitNode.isTextual() || unitNode.asText().isBlank()) {
        problems.add(
            path + ".unit", "expected a UCUM unit such as \"Cel\", found " + describe(unitNode));
      } else {
        unit = unitNode.asText();
      }
    }
    Map<Long, String> texts = texts(node, path, problems);

    boolean isBits = type == FieldType.BITS;
    int bit = 0;
    int length = 1;
    boolean asBoolean = false;
    if (isBits) {
      bit = nonNegativeInt(node, "bit", path, problems, -1);
      length = node.has("length") ? nonNegativeInt(node, "length", path, problems, 1) : 1;
      if (bit > 7) {
        problems.add(
            path + ".bit",
            "expected 0 to 7 (bits are counted within the byte at offset), found " + bit);
      }
      if (length < 1 || length > 8) {
        problems.add(path + ".length", "expected 1 to 8 bits, found " + length);
      } else if (bit >= 0 && bit <= 7 && bit + length > 8) {
        problems.add(
            path + ".length",
            "bits %d to %d do not fit in one byte".formatted(bit, bit + length - 1));
      }
      JsonNode boolNode = node.get("bool");
      if (boolNode != null && !boolNode.isBoolean()) {
        problems.add(path + ".bool", "expected true or false, found " + describe(boolNode));
      }
      asBoolean = boolNode != null && boolNode.asBoolean();
      if (asBoolean && length != 1) {
        problems.add(path + ".bool", "only a single bit (length 1) can be read as a boolean");
      }
    } else if (type != null) {
      for (String property : List.of("bit", "length", "bool")) {
        if (node.has(property)) {
          problems.add(path + "." + property, "only a field of type bits has " + property);
        }
      }
    }
    if (type != null) {
      boolean logical = type == FieldType.BOOL || asBoolean;
      if (logical || !texts.isEmpty()) {
        String kind = logical ? "a boolean field" : "an enum field";
        if (scale != null) {
          problems.add(path + ".scale", kind + " cannot be scaled");
        }
        if (add != null) {
          problems.add(path + ".add", kind + " cannot have add");
        }
        if (unit != null) {
          problems.add(path + ".unit", kind + " has no unit");
        }
      }
      if (!texts.isEmpty() && (logical || type.isFloat())) {
        problems.add(path + ".enum", "only an integer or bits field can have an enum");
      }
    }
    if (problems.count() > before) {
      return null;
    }
    return new Field(name, offset, type, bit, length, asBoolean, scale, add, unit, texts);
  }

  private static int nonNegativeInt(
      JsonNode node, String property, String path, Problems problems, int fallback) {
    JsonNode value = node.get(property);
    if (value == null
        || !value.isIntegralNumber()
        || !value.canConvertToInt()
        || value.asInt() < 0) {
      problems.add(
          path + "." + property, "expected a non-negative integer, found " + describe(value));
      return fallback;
    }
    return value.asInt();
  }

  private static BigDecimal decimal(
      JsonNode node, String property, String path, Problems problems) {
    JsonNode value = node.get(property);
    if (value == null) {
      return null;
    }
    if (!value.isNumber()) {
      problems.add(path + "." + property, "expected a number, found " + describe(value));
      return null;
    }
    return value.decimalValue();
  }

  private static Map<Long, String> texts(JsonNode node, String path, Problems problems) {
    JsonNode value = node.get("enum");
    if (value == null) {
      return Map.of();
    }
    if (!value.isObject() || value.isEmpty()) {
      problems.add(
          path + ".enum",
          "expected an object from raw values to texts, such as {\"0\": \"ok\"}, found "
              + describe(value));
      return Map.of();
    }
    Map<Long, String> texts = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> entry : value.properties()) {
      String at = path + ".enum." + entry.getKey();
      Long raw;
      try {
        raw = Long.valueOf(entry.getKey().trim());
      } catch (NumberFormatException e) {
        problems.add(at, "a key must be an integer raw value, found \"" + entry.getKey() + "\"");
        continue;
      }
      if (!entry.getValue().isTextual()) {
        problems.add(at, "expected a text, found " + describe(entry.getValue()));
        continue;
      }
      texts.put(raw, entry.getValue().asText());
    }
    return texts;
  }

  private static String describe(JsonNode node) {
    if (node == null || node.isMissingNode()) {
      return "nothing";
    }
    String text = node.toString();
    return node.getNodeType().name().toLowerCase(Locale.ROOT)
        + " "
        + (text.length() > 40 ? text.substring(0, 40) + "…" : text);
  }

  /** Every problem of a layout, so that an operator fixes them in one go. */
  private static final class Problems {
    private final List<String> paths = new ArrayList<>();
    private final List<String> messages = new ArrayList<>();

    void add(String path, String message) {
      paths.add(path);
      messages.add(path.isEmpty() ? message : path + ": " + message);
    }

    int count() {
      return messages.size();
    }

    void throwIfAny() {
      if (messages.isEmpty()) {
        return;
      }
      String summary =
          messages.size() == 1
              ? "the byte layout is invalid: " + messages.get(0)
              : "the byte layout has "
                  + messages.size()
                  + " problems: "
                  + String.join("; ", messages);
      String first = paths.get(0);
      throw new InvalidInputException(summary, first.isEmpty() ? "codec" : "codec." + first);
    }
  }
}
