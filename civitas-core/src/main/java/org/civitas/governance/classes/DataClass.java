package org.civitas.governance.classes;

import java.util.Arrays;
import java.util.Optional;

/**
 * How sensitive the data of a Datastream is. Every Datastream has one; one that was never
 * classified counts as {@link #INTERNAL}, so nothing is published by accident.
 */
public enum DataClass {
  /** Open data: anyone may read it without signing in. */
  PUBLIC("public"),
  /** The city's own operational data: signed-in operators of the owning department. */
  INTERNAL("internal"),
  /** About identifiable people: needs a declared purpose, a retention period and an owner. */
  PERSONAL("personal"),
  /** Special categories (health, ...): as personal, and only ever read under a purpose. */
  SENSITIVE_PERSONAL("sensitive-personal");

  private final String wireName;

  DataClass(String wireName) {
    this.wireName = wireName;
  }

  public String wireName() {
    return wireName;
  }

  /** Whether the data is about people, so purpose, retention and owner must be declared. */
  public boolean isPersonal() {
    return this == PERSONAL || this == SENSITIVE_PERSONAL;
  }

  public static Optional<DataClass> fromWire(String name) {
    return Arrays.stream(values()).filter(c -> c.wireName.equals(name)).findFirst();
  }
}
