package org.civitas.simulator.city;

import java.util.List;

/**
 * One of the city's districts, with the figures the equity analytics read.
 *
 * @param id 1-based, stable
 * @param name the district's name
 * @param character what kind of place it is
 * @param shape its boundary on the city's plane
 * @param boundary the same boundary in degrees, counter-clockwise, not closed
 * @param population residents
 * @param medianIncome median net household income, euros per year
 * @param deprivationIndex 0 (least deprived) to 1 (most)
 * @param shareOver65 share of residents aged over 65 (0-1)
 */
public record District(
    int id,
    String name,
    DistrictCharacter character,
    ConvexPolygon shape,
    List<GeoPoint> boundary,
    int population,
    int medianIncome,
    double deprivationIndex,
    double shareOver65) {
  public District {
    boundary = List.copyOf(boundary);
    if (deprivationIndex < 0 || deprivationIndex > 1) {
      throw new IllegalArgumentException(
          "deprivation index must be in [0, 1], was " + deprivationIndex);
    }
    if (shareOver65 < 0 || shareOver65 > 1) {
      throw new IllegalArgumentException("share over 65 must be in [0, 1], was " + shareOver65);
    }
  }

  /** Area in square kilometres. */
  public double areaKm2() {
    return shape.area();
  }

  /** Residents per square kilometre. */
  public double density() {
    return population / areaKm2();
  }
}
