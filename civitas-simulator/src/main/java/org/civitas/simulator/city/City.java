package org.civitas.simulator.city;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import org.civitas.simulator.random.Sequence;

/**
 * The simulated city: its boundary, its districts (which tile the boundary exactly: every point of
 * the city lies in one district) and its river. Immutable.
 */
public final class City {
  private final String name;
  private final ZoneId zone;
  private final LocalProjection projection;
  private final ConvexPolygon boundary;
  private final List<District> districts;
  private final List<PlanarPoint> river;

  City(
      String name,
      ZoneId zone,
      LocalProjection projection,
      ConvexPolygon boundary,
      List<District> districts,
      List<PlanarPoint> river) {
    this.name = name;
    this.zone = zone;
    this.projection = projection;
    this.boundary = boundary;
    this.districts = List.copyOf(districts);
    this.river = List.copyOf(river);
  }

  public String name() {
    return name;
  }

  /** The city's time zone, which its rush hours, collection days and opening hours follow. */
  public ZoneId zone() {
    return zone;
  }

  public GeoPoint centre() {
    return projection.origin();
  }

  public LocalProjection projection() {
    return projection;
  }

  public ConvexPolygon boundary() {
    return boundary;
  }

  public List<District> districts() {
    return districts;
  }

  /** The river's course from west to east, on the plane. */
  public List<PlanarPoint> river() {
    return river;
  }

  /** The districts the river runs through, from west to east, each once. */
  public List<District> riverDistricts() {
    return river.stream().map(this::districtOf).flatMap(Optional::stream).distinct().toList();
  }

  public int population() {
    return districts.stream().mapToInt(District::population).sum();
  }

  public double areaKm2() {
    return boundary.area();
  }

  public District district(int id) {
    return districts.get(id - 1);
  }

  public District district(String districtName) {
    return districts.stream()
        .filter(d -> d.name().equals(districtName))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no district named " + districtName));
  }

  /** The district a position lies in; empty outside the city. */
  public Optional<District> districtOf(double lon, double lat) {
    return districtOf(projection.toPlane(new GeoPoint(lon, lat)));
  }

  public Optional<District> districtOf(PlanarPoint point) {
    return districts.stream().filter(d -> d.shape().contains(point)).findFirst();
  }

  /** A uniformly random position inside the district, drawn from the sequence. */
  public PlanarPoint pointIn(District district, Sequence sequence) {
    var box = bounds(district.shape());
    // Rejection sampling: a convex cell fills a good part of its box, so this ends quickly.
    while (true) {
      var p = new PlanarPoint(sequence.between(box[0], box[2]), sequence.between(box[1], box[3]));
      if (district.shape().contains(p)) {
        return p;
      }
    }
  }

  /**
   * The districts as a GeoJSON FeatureCollection (RFC 7946): one Polygon Feature per district with
   * {@code id}, {@code name}, {@code character}, {@code population}, {@code areaKm2}, {@code
   * populationDensity} (residents/km²), {@code medianIncome} (EUR/year), {@code deprivationIndex}
   * and {@code shareOver65}.
   */
  public ObjectNode districtsGeoJson() {
    var json = JsonNodeFactory.instance;
    ObjectNode collection = json.objectNode().put("type", "FeatureCollection");
    ArrayNode features = collection.putArray("features");
    for (District d : districts) {
      ObjectNode feature = features.addObject().put("type", "Feature").put("id", d.id());
      ObjectNode geometry = feature.putObject("geometry").put("type", "Polygon");
      ArrayNode ring = geometry.putArray("coordinates").addArray();
      for (GeoPoint p : d.boundary()) {
        ring.addArray().add(round(p.lon(), 6)).add(round(p.lat(), 6));
      }
      GeoPoint first = d.boundary().getFirst();
      ring.addArray().add(round(first.lon(), 6)).add(round(first.lat(), 6));
      feature
          .putObject("properties")
          .put("name", d.name())
          .put("character", d.character().name().toLowerCase(java.util.Locale.ROOT))
          .put("population", d.population())
          .put("areaKm2", round(d.areaKm2(), 3))
          .put("populationDensity", Math.round(d.density()))
          .put("medianIncome", d.medianIncome())
          .put("deprivationIndex", d.deprivationIndex())
          .put("shareOver65", d.shareOver65());
    }
    return collection;
  }

  private static double[] bounds(ConvexPolygon polygon) {
    double[] box = {Double.MAX_VALUE, Double.MAX_VALUE, -Double.MAX_VALUE, -Double.MAX_VALUE};
    for (PlanarPoint p : polygon.vertices()) {
      box[0] = Math.min(box[0], p.x());
      box[1] = Math.min(box[1], p.y());
      box[2] = Math.max(box[2], p.x());
      box[3] = Math.max(box[3], p.y());
    }
    return box;
  }

  private static double round(double value, int decimals) {
    double scale = Math.pow(10, decimals);
    return Math.round(value * scale) / scale;
  }
}
