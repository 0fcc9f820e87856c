package org.civitas.devices.store;

import java.util.Set;
import org.civitas.governance.identity.Department;

/**
 * Which devices {@link DeviceStore#list} returns: those matching every filter given, ordered by id,
 * one page of them.
 *
 * @param state only devices in this state, or null for all
 * @param district only devices of this district, or null for all
 * @param departments only devices of these departments or of none, or null for all
 * @param skip how many matching devices to pass over, not negative
 * @param top the most devices to return, 1 or more
 */
public record DeviceQuery(
    DeviceState state, String district, Set<Department> departments, int skip, int top) {
  public DeviceQuery {
    departments = departments == null ? null : Set.copyOf(departments);
    if (skip < 0) {
      throw new IllegalArgumentException("skip must not be negative, was " + skip);
    }
    if (top < 1) {
      throw new IllegalArgumentException("top must be at least 1, was " + top);
    }
  }

  /** Devices of every department. */
  public DeviceQuery(DeviceState state, String district, int skip, int top) {
    this(state, district, null, skip, top);
  }
}
