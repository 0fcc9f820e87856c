package org.civitas.rules.evaluation;

/** How urgent an outcome is, from least to most. */
public enum Severity {
  INFO,
  MINOR,
  MAJOR,
  CRITICAL
}
