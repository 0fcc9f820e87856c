package org.civitas.rules.evaluation;

/** Whether a rule's condition began to hold for a source, or stopped holding. */
public enum Transition {
  RAISE,
  CLEAR
}
