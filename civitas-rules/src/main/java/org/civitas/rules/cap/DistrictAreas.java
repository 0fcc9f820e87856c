package org.civitas.rules.cap;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.civitas.city.District;
import org.civitas.city.DistrictStore;
import org.civitas.error.InvalidInputException;
import org.civitas.server.http.JsonCodec;

/**
 * Turns the city's districts into a CAP {@code <area>}. GeoJSON (RFC 7946) positions are
 * [longitude, latitude]; a CAP 1.2 polygon is "latitude,longitude" pairs separated by spaces, at
 * least four, the first and last the same. A Polygon gives its exterior ring (CAP polygons have no
 * holes, so the area covers a hole too: a warning then reaches slightly more people, never fewer);
 * a MultiPolygon one polygon per part.
 */
final class DistrictAreas {
  private final DistrictStore districts;

  DistrictAreas(DistrictStore districts) {
    this.districts = districts;
  }

  /**
   * The area of these districts, in the order named.
   *
   * @param field the JSON path of the names in the request, for errors ({@code districts})
   * @throws InvalidInputException naming {@code field[i]} for a district the city does not have
   */
  PublicAlert.Area area(List<String> names, String field) {
    List<String> polygons = new ArrayList<>();
    for (int i = 0; i < names.size(); i++) {
      String name = names.get(i);
      int index = i;
      District district =
          districts
              .find(name)
              .orElseThrow(
                  () ->
                      new InvalidInputException(
                          "the city has no district named '"
                              + name
                              + "' (PUT /api/v1/districts publishes them)",
                          field + "[" + index + "]"));
      polygons.addAll(polygons(district));
    }
    return new PublicAlert.Area(String.join(", ", names), polygons);
  }

  /** The CAP polygons of one district's GeoJSON geometry. */
  static List<String> polygons(District district) {
    JsonNode geometry = JsonCodec.readTree(district.geometry().text());
    JsonNode coordinates = geometry.path("coordinates");
    return switch (geometry.path("type").asText()) {
      case "Polygon" -> List.of(ring(coordinates.get(0)));
      case "MultiPolygon" -> {
        List<String> parts = new ArrayList<>();
        coordinates.forEach(polygon -> parts.add(ring(polygon.get(0))));
        yield parts;
      }
      default ->
          throw new IllegalStateException(
              "district " + district.name() + " has neither a Polygon nor a MultiPolygon");
    };
  }

  private static String ring(JsonNode ring) {
    List<String> pairs = new ArrayList<>();
    ring.forEach(position -> pairs.add(number(position.get(1)) + "," + number(position.get(0))));
    if (!pairs.getFirst().equals(pairs.getLast())) {
      pairs.add(pairs.getFirst());
    }
    if (pairs.size() < 4) {
      throw new IllegalStateException("a CAP polygon has at least four pairs, found " + pairs);
    }
    return String.join(" ", pairs);
  }

  /** The number as given, in plain decimal notation (never 1.0E-4). */
  private static String number(JsonNode number) {
    return number.decimalValue().stripTrailingZeros().toPlainString();
  }
}
