package org.civitas.server.access;

import java.util.Set;

/**
 * Which places a reader may see: the Locations and HistoricalLocations of Things, and
 * FeaturesOfInterest, stated by Datastreams because data classes are (a household's meter is a
 * Thing whose Location is its home; a FeatureOfInterest derived from that Location is the home
 * again). Collections are restricted by it in the query itself, as by {@link Visibility}.
 *
 * @param withheldBy Datastreams that keep their Thing's places from this reader: its Locations
 *     (also past ones, through HistoricalLocations) and HistoricalLocations, and the
 *     FeaturesOfInterest their Observations point to; empty when every place is shown
 * @param shownBy Datastreams whose Observations show their FeatureOfInterest even when an
 *     Observation of one of {@code withheldBy} points to it too: streams the reader may read, so it
 *     sees those Observations with their feature anyway
 */
public record Places(Set<Long> withheldBy, Set<Long> shownBy) {

  public Places {
    withheldBy = Set.copyOf(withheldBy);
    shownBy = Set.copyOf(shownBy);
  }

  /** Whether every place is shown. */
  public boolean all() {
    return withheldBy.isEmpty();
  }

  /** Every place. */
  public static final Places ALL = new Places(Set.of(), Set.of());
}
