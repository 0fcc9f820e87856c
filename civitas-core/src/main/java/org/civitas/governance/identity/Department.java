package org.civitas.governance.identity;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * The city departments that run devices, rules and services. A department's operators see and
 * change only what the department owns, unless granted more.
 */
public enum Department {
  TRANSPORT,
  ENVIRONMENT,
  WASTE,
  HEALTH,
  UTILITIES,
  EMERGENCY;

  /** The name on the wire and in the database: lower case, e.g. {@code transport}. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Every wire name, comma-separated, for messages that say what is accepted. */
  public static String wireNames() {
    return String.join(", ", Arrays.stream(values()).map(Department::wireName).toList());
  }

  /** The department of that wire name, if there is one. */
  public static Optional<Department> fromWire(String name) {
    return Arrays.stream(values()).filter(d -> d.wireName().equals(name)).findFirst();
  }
}
