package org.civitas.server.city;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.civitas.city.District;
import org.civitas.error.InvalidInputException;
import org.civitas.sensing.model.Json;
import org.civitas.server.http.JsonCodec;

/**
 * Districts as GeoJSON (RFC 7946): reads a FeatureCollection strictly enough that what is stored is
 * always a valid map, and writes a district back as a Feature. A problem is an {@link
 * InvalidInputException} whose field is the JSON path of the offending member ({@code
 * features[3].properties.name}, {@code features[0].geometry.coordinates[0][2]}).
 *
 * <p>Rules: every Feature has a Polygon or MultiPolygon geometry whose linear rings have at least
 * four positions and end where they start, each position two or three numbers with longitude in
 * [-180, 180] and latitude in [-90, 90]; and properties with a unique, non-blank {@code name} of at
 * most {@value District#MAX_NAME_LENGTH} characters. Other properties are kept as given; a
 * Feature's {@code id} and foreign members are not.
 */
final class DistrictGeoJson {
  private DistrictGeoJson() {}

  static List<District> read(ObjectNode collection) {
    expectType(collection, "FeatureCollection", "type");
    JsonNode features = collection.get("features");
    if (features == null || !features.isArray()) {
      throw new InvalidInputException(
          "a FeatureCollection has an array features, found " + describe(features), "features");
    }
    List<District> districts = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (int i = 0; i < features.size(); i++) {
      String path = "features[" + i + "]";
      District district = district(features.get(i), path);
      if (!names.add(district.name())) {
        throw new InvalidInputException(
            "district names are unique; " + district.name() + " comes twice",
            path + ".properties.name");
      }
      districts.add(district);
    }
    return districts;
  }

  static ObjectNode feature(District district) {
    ObjectNode feature = JsonCodec.newObject().put("type", "Feature");
    feature.set("geometry", JsonCodec.readTree(district.geometry().text()));
    ObjectNode properties = feature.putObject("properties").put("name", district.name());
    properties.setAll((ObjectNode) JsonCodec.readTree(district.properties().text()));
    return feature;
  }

  private static District district(JsonNode feature, String path) {
    if (feature == null || !feature.isObject()) {
      throw new InvalidInputException("a Feature is an object, found " + describe(feature), path);
    }
    expectType(feature, "Feature", path + ".type");
    JsonNode geometry = feature.get("geometry");
    geometry(geometry, path + ".geometry");
    JsonNode properties = feature.get("properties");
    if (properties == null || !properties.isObject()) {
      throw new InvalidInputException(
          "a district's properties are an object with its name, found " + describe(properties),
          path + ".properties");
    }
    JsonNode name = properties.get("name");
    if (name == null
        || !name.isTextual()
        || name.textValue().isBlank()
        || name.textValue().length() > District.MAX_NAME_LENGTH) {
      throw new InvalidInputException(
          "a district's name is a text of 1 to "
              + District.MAX_NAME_LENGTH
              + " characters, not blank, found "
              + describe(name),
          path + ".properties.name");
    }
    ObjectNode rest = ((ObjectNode) properties).deepCopy();
    rest.remove("name");
    return new District(
        name.textValue(),
        new Json(new String(JsonCodec.write(geometry), java.nio.charset.StandardCharsets.UTF_8)),
        new Json(new String(JsonCodec.write(rest), java.nio.charset.StandardCharsets.UTF_8)));
  }

  private static void geometry(JsonNode geometry, String path) {
    if (geometry == null || !geometry.isObject()) {
      throw new InvalidInputException(
          "a district's geometry is a Polygon or MultiPolygon object, found " + describe(geometry),
          path);
    }
    JsonNode type = geometry.get("type");
    String kind = type != null && type.isTextual() ? type.textValue() : "";
    JsonNode coordinates = geometry.get("coordinates");
    String at = path + ".coordinates";
    switch (kind) {
      case "Polygon" -> polygon(coordinates, at);
      case "MultiPolygon" -> {
        nonEmptyArray(coordinates, at, "a MultiPolygon's coordinates are an array of polygons");
        for (int i = 0; i < coordinates.size(); i++) {
          polygon(coordinates.get(i), at + "[" + i + "]");
        }
      }
      default ->
          throw new InvalidInputException(
              "a district's geometry is a Polygon or a MultiPolygon, found " + describe(type),
              path + ".type");
    }
  }

  private static void polygon(JsonNode rings, String path) {
    nonEmptyArray(rings, path, "a polygon is an array of linear rings");
    for (int r = 0; r < rings.size(); r++) {
      JsonNode ring = rings.get(r);
      String at = path + "[" + r + "]";
      if (ring == null || !ring.isArray() || ring.size() < 4) {
        throw new InvalidInputException(
            "a linear ring is an array of at least four positions, found " + describe(ring), at);
      }
      for (int p = 0; p < ring.size(); p++) {
        position(ring.get(p), at + "[" + p + "]");
      }
      if (!sameCoordinates(ring.get(0), ring.get(ring.size() - 1))) {
        throw new InvalidInputException(
            "a linear ring ends where it starts, found "
                + ring.get(0)
                + " first and "
                + ring.get(ring.size() - 1)
                + " last",
            at);
      }
    }
  }

  private static boolean sameCoordinates(JsonNode a, JsonNode b) {
    for (int i = 0; i < Math.max(a.size(), b.size()); i++) {
      if (a.get(i) == null
          || b.get(i) == null
          || a.get(i).doubleValue() != b.get(i).doubleValue()) {
        return false;
      }
    }
    return true;
  }

  private static void position(JsonNode position, String path) {
    if (position == null
        || !position.isArray()
        || position.size() < 2
        || position.size() > 3
        || !position.get(0).isNumber()
        || !position.get(1).isNumber()
        || (position.size() == 3 && !position.get(2).isNumber())) {
      throw new InvalidInputException(
          "a position is [longitude, latitude] or [longitude, latitude, altitude] in numbers,"
              + " found "
              + describe(position),
          path);
    }
    double lon = position.get(0).doubleValue();
    double lat = position.get(1).doubleValue();
    if (!(lon >= -180 && lon <= 180 && lat >= -90 && lat <= 90)) {
      throw new InvalidInputException(
          "a position has longitude in [-180, 180] and latitude in [-90, 90], found " + position,
          path);
    }
  }

  private static void nonEmptyArray(JsonNode node, String path, String expected) {
    if (node == null || !node.isArray() || node.isEmpty()) {
      throw new InvalidInputException(expected + ", found " + describe(node), path);
    }
  }

  private static void expectType(JsonNode node, String type, String path) {
    JsonNode found = node.get("type");
    if (found == null || !found.isTextual() || !found.textValue().equals(type)) {
      throw new InvalidInputException(
          "type must be \"" + type + "\", found " + describe(found), path);
    }
  }

  private static String describe(JsonNode node) {
    return node == null
        ? "nothing"
        : node.isContainerNode() ? JsonCodec.describe(node) : node.toString();
  }
}
