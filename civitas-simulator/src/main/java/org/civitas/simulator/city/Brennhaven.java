package org.civitas.simulator.city;

import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

/**
 * The demo city: Brennhaven, a fictional river port of about 250,000 residents on the North German
 * plain. The same every run: its districts are the Voronoi cells of fixed centres clipped to the
 * city boundary, so they are convex and tile the city without gaps or overlaps.
 *
 * <p>The figures follow the pattern of a real mid-size city: a small, dense old centre; an inner
 * ring of flats; affluent, older suburbs to the west; poorer post-war estates to the east and
 * south; and an industrial harbour with few residents.
 */
public final class Brennhaven {
  public static final String NAME = "Brennhaven";
  public static final int POPULATION = 250_000;

  private static final GeoPoint CENTRE = new GeoPoint(9.412, 52.958);

  /** A district's seed centre (km from the city centre) and its figures. */
  private record Seed(
      String name,
      double x,
      double y,
      DistrictCharacter character,
      double relativeDensity,
      int medianIncome,
      double deprivationIndex,
      double shareOver65) {}

  private static final List<Seed> SEEDS =
      List.of(
          new Seed("Old Town", 0.0, 0.2, DistrictCharacter.CENTRE, 5.0, 31_800, 0.38, 0.16),
          new Seed("Harbour", 4.9, -1.7, DistrictCharacter.INDUSTRIAL, 0.25, 23_900, 0.71, 0.10),
          new Seed("Riverside", -2.6, -1.1, DistrictCharacter.RESIDENTIAL, 2.4, 35_600, 0.27, 0.19),
          new Seed("North End", -0.4, 2.7, DistrictCharacter.RESIDENTIAL, 2.6, 29_400, 0.44, 0.21),
          new Seed("Hillcrest", -5.0, 3.2, DistrictCharacter.SUBURBAN, 0.8, 54_200, 0.11, 0.31),
          new Seed("Westpark", -5.6, -3.4, DistrictCharacter.SUBURBAN, 0.7, 47_300, 0.15, 0.27),
          new Seed("Southgate", -0.2, -3.3, DistrictCharacter.RESIDENTIAL, 1.9, 27_100, 0.52, 0.18),
          new Seed("Eastfield", 4.8, 2.9, DistrictCharacter.RESIDENTIAL, 1.6, 21_400, 0.79, 0.13),
          new Seed("Newtown", 4.2, -4.4, DistrictCharacter.RESIDENTIAL, 1.3, 22_700, 0.74, 0.11),
          new Seed("Millbrook", 2.5, 0.9, DistrictCharacter.RESIDENTIAL, 3.0, 26_300, 0.58, 0.15));

  private Brennhaven() {}

  public static City build() {
    var projection = new LocalProjection(CENTRE);
    var boundary =
        new ConvexPolygon(
            List.of(
                new PlanarPoint(-7.5, -3.0),
                new PlanarPoint(-5.0, -5.5),
                new PlanarPoint(4.0, -5.5),
                new PlanarPoint(7.5, -2.5),
                new PlanarPoint(7.5, 3.0),
                new PlanarPoint(4.5, 5.5),
                new PlanarPoint(-4.5, 5.5),
                new PlanarPoint(-7.5, 2.5)));
    List<ConvexPolygon> cells = new ArrayList<>();
    double weightedArea = 0;
    for (Seed seed : SEEDS) {
      var own = new PlanarPoint(seed.x(), seed.y());
      ConvexPolygon cell = boundary;
      for (Seed other : SEEDS) {
        if (other != seed) {
          cell = cell.nearerTo(own, new PlanarPoint(other.x(), other.y()));
        }
      }
      cells.add(cell);
      weightedArea += seed.relativeDensity() * cell.area();
    }
    List<District> districts = new ArrayList<>();
    int assigned = 0;
    for (int i = 0; i < SEEDS.size(); i++) {
      Seed seed = SEEDS.get(i);
      ConvexPolygon cell = cells.get(i);
      // Residents in proportion to density times area; the last district takes the rounding.
      int population =
          i == SEEDS.size() - 1
              ? POPULATION - assigned
              : (int) Math.round(POPULATION * seed.relativeDensity() * cell.area() / weightedArea);
      assigned += population;
      districts.add(
          new District(
              i + 1,
              seed.name(),
              seed.character(),
              cell,
              cell.vertices().stream().map(projection::toGeo).toList(),
              population,
              seed.medianIncome(),
              seed.deprivationIndex(),
              seed.shareOver65()));
    }
    List<PlanarPoint> river = new ArrayList<>();
    for (double x = -7.5; x <= 7.5 + 1e-9; x += 0.5) {
      river.add(new PlanarPoint(x, -0.9 + 0.7 * Math.sin(x / 2.6)));
    }
    return new City(NAME, ZoneId.of("Europe/Berlin"), projection, boundary, districts, river);
  }
}
