package org.civitas.city;

import java.util.List;
import java.util.Optional;

/**
 * The storage of the city's districts. The city is replaced whole (a district map is published as
 * one file), so there is no per-district write. One JDBC implementation in {@code civitas-storage}
 * serves both engines, pinned by the district store contract tests.
 *
 * <p>Thread-safe; every call is its own transaction and sees committed data.
 */
public interface DistrictStore {

  /**
   * Replaces every district by {@code districts}, in one transaction, keeping their order.
   *
   * @throws org.civitas.error.InvalidInputException naming {@code features[i].properties.name} when
   *     two districts share a name; nothing is changed then
   */
  void replaceAll(List<District> districts);

  /** Every district, in the order they were given. */
  List<District> list();

  /** The district of this name (exact, case-sensitive). */
  Optional<District> find(String name);
}
