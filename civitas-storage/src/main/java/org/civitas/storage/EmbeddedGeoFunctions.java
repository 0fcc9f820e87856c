package org.civitas.storage;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.function.BiPredicate;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.geom.LinearRing;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.io.ParseException;
import org.locationtech.jts.io.WKTReader;

/**
 * The geospatial functions of {@code $filter} for H2, with JTS; registered by the migration {@code
 * V3__geo_functions} with {@code CREATE ALIAS}. PostgreSQL has SQL functions of the same names over
 * PostGIS. A geometry argument is text: GeoJSON (a geometry or a Feature, as stored) or WKT (as
 * filter literals are written). Distances and lengths are planar, in the units of the coordinates,
 * as PostGIS computes them for {@code geometry}. Public only because H2 calls them by reflection.
 */
public final class EmbeddedGeoFunctions {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final GeometryFactory FACTORY = new GeometryFactory();

  private EmbeddedGeoFunctions() {}

  public static Boolean stEquals(String a, String b) {
    return relation(a, b, Geometry::equalsTopo);
  }

  public static Boolean stDisjoint(String a, String b) {
    return relation(a, b, Geometry::disjoint);
  }

  public static Boolean stTouches(String a, String b) {
    return relation(a, b, Geometry::touches);
  }

  public static Boolean stWithin(String a, String b) {
    return relation(a, b, Geometry::within);
  }

  public static Boolean stOverlaps(String a, String b) {
    return relation(a, b, Geometry::overlaps);
  }

  public static Boolean stCrosses(String a, String b) {
    return relation(a, b, Geometry::crosses);
  }

  public static Boolean stIntersects(String a, String b) {
    return relation(a, b, Geometry::intersects);
  }

  public static Boolean stContains(String a, String b) {
    return relation(a, b, Geometry::contains);
  }

  /** Whether the DE-9IM matrix of a and b matches {@code pattern} (e.g. {@code T*F**F***}). */
  public static Boolean stRelate(String a, String b, String pattern) {
    if (pattern == null) {
      return null;
    }
    return relation(a, b, (x, y) -> x.relate(y, pattern));
  }

  public static Double distance(String a, String b) {
    Geometry x = geometry(a);
    Geometry y = geometry(b);
    return x == null || y == null ? null : x.distance(y);
  }

  /** The length of the linear parts: 0 for points and areas, as PostGIS's ST_Length has it. */
  public static Double length(String a) {
    Geometry x = geometry(a);
    return x == null ? null : linearLength(x);
  }

  private static double linearLength(Geometry geometry) {
    if (geometry instanceof org.locationtech.jts.geom.GeometryCollection collection) {
      double sum = 0;
      for (int i = 0; i < collection.getNumGeometries(); i++) {
        sum += linearLength(collection.getGeometryN(i));
      }
      return sum;
    }
    return geometry instanceof org.locationtech.jts.geom.Lineal ? geometry.getLength() : 0;
  }

  private static Boolean relation(String a, String b, BiPredicate<Geometry, Geometry> test) {
    Geometry x = geometry(a);
    Geometry y = geometry(b);
    if (x == null || y == null) {
      return null;
    }
    try {
      return test.test(x, y);
    } catch (RuntimeException e) {
      // JTS refuses some invalid geometries (a self-intersecting polygon): unknown, as PostGIS.
      return null;
    }
  }

  /** Parses GeoJSON or WKT; null when the text is neither (a stored value is never an error). */
  static Geometry geometry(String text) {
    if (text == null) {
      return null;
    }
    String trimmed = text.strip();
    try {
      if (trimmed.startsWith("{")) {
        return geoJson(JSON.readTree(trimmed));
      }
      return wkt(trimmed);
    } catch (JsonProcessingException | ParseException | RuntimeException e) {
      return null;
    }
  }

  /** Parses WKT, with or without an {@code SRID=n;} prefix. */
  static Geometry wkt(String text) throws ParseException {
    String wkt = text.replaceFirst("^\\s*SRID=\\d+;", "");
    return new WKTReader(FACTORY).read(wkt);
  }

  private static Geometry geoJson(JsonNode node) {
    String type = node.path("type").asText();
    JsonNode c = node.path("coordinates");
    return switch (type) {
      case "Feature" -> geoJson(node.path("geometry"));
      case "Point" -> point(c);
      case "LineString" -> line(c);
      case "Polygon" -> polygon(c);
      case "MultiPoint" -> {
        Point[] points = new Point[c.size()];
        for (int i = 0; i < points.length; i++) {
          points[i] = point(c.get(i));
        }
        yield FACTORY.createMultiPoint(points);
      }
      case "MultiLineString" -> {
        LineString[] lines = new LineString[c.size()];
        for (int i = 0; i < lines.length; i++) {
          lines[i] = line(c.get(i));
        }
        yield FACTORY.createMultiLineString(lines);
      }
      case "MultiPolygon" -> {
        Polygon[] polygons = new Polygon[c.size()];
        for (int i = 0; i < polygons.length; i++) {
          polygons[i] = polygon(c.get(i));
        }
        yield FACTORY.createMultiPolygon(polygons);
      }
      case "GeometryCollection" -> {
        JsonNode members = node.path("geometries");
        Geometry[] geometries = new Geometry[members.size()];
        for (int i = 0; i < geometries.length; i++) {
          geometries[i] = geoJson(members.get(i));
        }
        yield FACTORY.createGeometryCollection(geometries);
      }
      default -> throw new IllegalArgumentException("not a GeoJSON geometry: " + type);
    };
  }

  private static Point point(JsonNode position) {
    return FACTORY.createPoint(coordinate(position));
  }

  private static LineString line(JsonNode positions) {
    return FACTORY.createLineString(coordinates(positions));
  }

  private static Polygon polygon(JsonNode rings) {
    LinearRing shell = FACTORY.createLinearRing(coordinates(rings.get(0)));
    LinearRing[] holes = new LinearRing[rings.size() - 1];
    for (int i = 1; i < rings.size(); i++) {
      holes[i - 1] = FACTORY.createLinearRing(coordinates(rings.get(i)));
    }
    return FACTORY.createPolygon(shell, holes);
  }

  private static Coordinate[] coordinates(JsonNode positions) {
    Coordinate[] coordinates = new Coordinate[positions.size()];
    for (int i = 0; i < coordinates.length; i++) {
      coordinates[i] = coordinate(positions.get(i));
    }
    return coordinates;
  }

  private static Coordinate coordinate(JsonNode position) {
    if (position == null || !position.isArray() || position.size() < 2) {
      throw new IllegalArgumentException("a GeoJSON position has at least two numbers");
    }
    return new Coordinate(position.get(0).asDouble(), position.get(1).asDouble());
  }
}
