package org.civitas.rules.definition;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/** When a rule fires for a source: the kinds of rule, each with its own state and semantics. */
public sealed interface Condition {

  /**
   * Raises when a value crosses {@code value} in the direction of {@code op}; clears only once a
   * value is back beyond it by {@code hysteresis} (for {@code > 3.2} with hysteresis 0.1: raise
   * above 3.2, clear below 3.1), so a value dithering around the limit does not flap.
   */
  record Threshold(Comparison op, double value, double hysteresis) implements Condition {
    public Threshold {
      Objects.requireNonNull(op, "op");
    }
  }

  /**
   * Raises when the value changes faster than {@code max} per {@code per} (either direction)
   * between two consecutive observations; clears at the first change that is not.
   */
  record RateOfChange(double max, Duration per) implements Condition {
    public RateOfChange {
      Objects.requireNonNull(per, "per");
    }
  }

  /**
   * Raises once when a source sends nothing for {@code duration}; clears at its next observation.
   */
  record Absence(Duration duration) implements Condition {
    public Absence {
      Objects.requireNonNull(duration, "duration");
    }
  }

  /**
   * Raises when {@code function} over the numbers of the last {@code window} (by phenomenonTime, up
   * to the newest observation) stands in relation {@code op} to {@code value}; clears when it no
   * longer does.
   */
  record WindowedAggregate(Aggregate function, Duration window, Comparison op, double value)
      implements Condition {
    public WindowedAggregate {
      Objects.requireNonNull(function, "function");
      Objects.requireNonNull(window, "window");
      Objects.requireNonNull(op, "op");
    }
  }

  /**
   * Over Point results (a bus's position): raises when a position is on the {@code alertWhen} side
   * of an area, clears when it is back. The area is a polygon (outer ring then holes), or the
   * corridor of {@code distanceMetres} around a route.
   *
   * @param polygon the rings of a GeoJSON Polygon, or empty for a route
   * @param route the positions of a GeoJSON LineString, or empty for a polygon
   */
  record Geofence(
      List<List<Position>> polygon, List<Position> route, double distanceMetres, Side alertWhen)
      implements Condition {
    public Geofence {
      polygon = polygon.stream().map(List::copyOf).toList();
      route = List.copyOf(route);
      Objects.requireNonNull(alertWhen, "alertWhen");
    }

    /** Which side of the area raises. */
    public enum Side {
      INSIDE,
      OUTSIDE
    }
  }

  /**
   * Named conditions on different Datastreams joined by AND or OR: raises when the join holds,
   * counting only parts whose latest evaluation is within {@code tolerance} of the newest part's,
   * and clears when it no longer holds.
   */
  record Combination(Logic logic, Duration tolerance, List<Part> parts) implements Condition {
    public Combination {
      Objects.requireNonNull(logic, "logic");
      Objects.requireNonNull(tolerance, "tolerance");
      parts = List.copyOf(parts);
    }

    public enum Logic {
      AND,
      OR
    }

    /**
     * One named part: a threshold, rate of change or windowed aggregate on one Datastream.
     * Hysteresis of a threshold part applies as for a threshold rule.
     */
    public record Part(String name, long datastreamId, Condition condition) {
      public Part {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(condition, "condition");
      }
    }
  }
}
