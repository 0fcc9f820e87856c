package org.civitas.governance.classes;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** The lawful bases for processing personal data (GDPR Article 6(1) (a) to (f)). */
public enum LegalBasis {
  CONSENT,
  CONTRACT,
  LEGAL_OBLIGATION,
  VITAL_INTERESTS,
  PUBLIC_TASK,
  LEGITIMATE_INTERESTS;

  /** Lower case with hyphens: {@code public-task}. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  public static Optional<LegalBasis> fromWire(String name) {
    return Arrays.stream(values()).filter(b -> b.wireName().equals(name)).findFirst();
  }
}
