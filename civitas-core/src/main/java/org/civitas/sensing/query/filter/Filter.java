package org.civitas.sensing.query.filter;

import java.util.Objects;
import org.civitas.sensing.model.EntityType;

/**
 * A parsed and checked {@code $filter} (OGC 18-088 section 9.3.3.5).
 *
 * @param text the filter as the client wrote it, for messages and logs
 * @param expression the checked expression tree; always boolean or a JSON value
 */
public record Filter(String text, FilterExpression expression) {

  /** The query option's name, which every error about a filter names as its field. */
  public static final String OPTION = "$filter";

  public Filter {
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(expression, "expression");
  }

  /**
   * Parses a filter for entities of {@code type}.
   *
   * @throws org.civitas.error.InvalidInputException with field {@code $filter} and a message
   *     starting "at column N:" when the text is not a valid filter for this entity type
   */
  public static Filter parse(String text, EntityType type) {
    return new Filter(text, new FilterParser(text, type).parse());
  }
}
