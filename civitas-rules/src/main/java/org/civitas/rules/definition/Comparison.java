package org.civitas.rules.definition;

import java.util.Arrays;
import java.util.Optional;

/** How a value is compared with a limit: {@code >}, {@code >=}, {@code <}, {@code <=}. */
public enum Comparison {
  GT(">"),
  GE(">="),
  LT("<"),
  LE("<=");

  private final String symbol;

  Comparison(String symbol) {
    this.symbol = symbol;
  }

  public String symbol() {
    return symbol;
  }

  /** Whether {@code value} stands in this relation to {@code limit}. */
  public boolean holds(double value, double limit) {
    return switch (this) {
      case GT -> value > limit;
      case GE -> value >= limit;
      case LT -> value < limit;
      case LE -> value <= limit;
    };
  }

  /** Whether the condition fires above the limit ({@code >}, {@code >=}) rather than below. */
  public boolean upward() {
    return this == GT || this == GE;
  }

  static Optional<Comparison> of(String symbol) {
    return Arrays.stream(values()).filter(c -> c.symbol.equals(symbol)).findFirst();
  }
}
