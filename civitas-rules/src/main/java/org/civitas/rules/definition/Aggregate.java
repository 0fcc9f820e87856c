package org.civitas.rules.definition;

import java.util.Locale;

/** What a windowed aggregate computes over the numbers of its window. */
public enum Aggregate {
  MEAN,
  MIN,
  MAX,
  SUM,
  COUNT;

  public String jsonName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
