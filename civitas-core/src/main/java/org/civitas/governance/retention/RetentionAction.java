package org.civitas.governance.retention;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** What happens to Observations older than their retention. */
public enum RetentionAction {
  /** They are deleted, nothing of them is kept. */
  DELETE,
  /**
   * They are deleted after their numeric results were folded into anonymous hourly aggregates
   * (count, minimum, maximum, mean per Datastream and hour), which are kept.
   */
  AGGREGATE;

  /** Lower case: {@code delete}, {@code aggregate}. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<RetentionAction> fromWire(String name) {
    return Arrays.stream(values()).filter(a -> a.wireName().equals(name)).findFirst();
  }
}
