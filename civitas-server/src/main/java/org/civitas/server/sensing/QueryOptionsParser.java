package org.civitas.server.sensing;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import org.civitas.error.InvalidInputException;
import org.civitas.sensing.model.EntityType;
import org.civitas.sensing.query.OrderBy;
import org.civitas.sensing.query.filter.Filter;

/**
 * Parses the SensorThings system query options ({@code $top}, {@code $skip}, {@code $count}, {@code
 * $orderby}, {@code $select}, {@code $filter}, {@code $expand}, {@code $resultFormat}) of a request
 * for one entity type. Every error is an {@link InvalidInputException} whose field names the
 * option. Parameters without a {@code $} are not ours and are ignored.
 */
final class QueryOptionsParser {

  /**
   * The name of the id in {@code $select} and {@code $orderby}; {@code @iot.id} is accepted too.
   */
  static final String ID = "id";

  private static final Set<String> KNOWN =
      Set.of(
          "$top", "$skip", "$count", "$orderby", "$select", "$expand", "$resultFormat", "$filter");

  private QueryOptionsParser() {}

  static QueryOptions parse(EntityType type, Map<String, List<String>> parameters) {
    for (var entry : parameters.entrySet()) {
      String name = entry.getKey();
      if (!name.startsWith("$")) {
        continue;
      }
      if (!KNOWN.contains(name)) {
        throw new InvalidInputException(
            "unknown query option "
                + name
                + "; expected one of "
                + String.join(", ", sorted(KNOWN)),
            name);
      }
      if (entry.getValue().size() > 1) {
        throw new InvalidInputException(name + " may be given only once", name);
      }
    }
    OptionalInt top = OptionalInt.empty();
    String topText = single(parameters, "$top");
    if (topText != null) {
      top = OptionalInt.of((int) nonNegative("$top", topText, Integer.MAX_VALUE));
    }
    String skipText = single(parameters, "$skip");
    long skip = skipText == null ? 0 : nonNegative("$skip", skipText, Long.MAX_VALUE);
    String countText = single(parameters, "$count");
    boolean count = countText != null && bool("$count", countText);
    String orderText = single(parameters, "$orderby");
    List<OrderBy> orderBy = orderText == null ? List.of() : orderBy(type, orderText);
    String selectText = single(parameters, "$select");
    Set<String> select = selectText == null ? Set.of() : select(type, selectText);
    String expandText = single(parameters, ExpandParser.OPTION);
    List<ExpandOption> expand =
        expandText == null ? List.of() : ExpandParser.parse(type, expandText);
    boolean dataArray = DataArrayFormat.requested(type, single(parameters, "$resultFormat"));
    String filterText = single(parameters, Filter.OPTION);
    Optional<Filter> filter =
        filterText == null ? Optional.empty() : Optional.of(Filter.parse(filterText, type));
    return new QueryOptions(top, skip, count, orderBy, select)
        .withExpand(expand)
        .withDataArray(dataArray)
        .withFilter(filter);
  }

  private static String single(Map<String, List<String>> parameters, String name) {
    List<String> values = parameters.get(name);
    return values == null || values.isEmpty() ? null : values.getFirst();
  }

  private static long nonNegative(String option, String text, long max) {
    try {
      long value = Long.parseLong(text.trim());
      if (value < 0 || value > max) {
        throw new NumberFormatException();
      }
      return value;
    } catch (NumberFormatException e) {
      throw new InvalidInputException(
          option + " must be a non-negative integer, found '" + text + "'", option);
    }
  }

  private static boolean bool(String option, String text) {
    return switch (text.trim()) {
      case "true" -> true;
      case "false" -> false;
      default ->
          throw new InvalidInputException(
              option + " must be true or false, found '" + text + "'", option);
    };
  }

  private static List<OrderBy> orderBy(EntityType type, String text) {
    List<OrderBy> terms = new ArrayList<>();
    for (String term : text.split(",", -1)) {
      String[] words = term.trim().split("\\s+");
      if (words.length == 0 || words[0].isEmpty() || words.length > 2) {
        throw new InvalidInputException(
            "$orderby terms are 'property' or 'property asc|desc', found '" + term.trim() + "'",
            "$orderby");
      }
      String property = propertyName(type, words[0], "$orderby");
      boolean descending = false;
      if (words.length == 2) {
        descending =
            switch (words[1].toLowerCase(java.util.Locale.ROOT)) {
              case "asc" -> false;
              case "desc" -> true;
              default ->
                  throw new InvalidInputException(
                      "$orderby direction must be asc or desc, found '" + words[1] + "'",
                      "$orderby");
            };
      }
      terms.add(new OrderBy(property, descending));
    }
    return terms;
  }

  private static Set<String> select(EntityType type, String text) {
    Set<String> names = new LinkedHashSet<>();
    for (String raw : text.split(",", -1)) {
      String name = raw.trim();
      if (type.navigation(name).isPresent()) {
        names.add(name);
      } else {
        names.add(propertyName(type, name, "$select"));
      }
    }
    return names;
  }

  private static String propertyName(EntityType type, String name, String option) {
    if (name.equals(ID) || name.equals("@iot.id")) {
      return ID;
    }
    if (type.property(name).isPresent()) {
      return name;
    }
    throw new InvalidInputException(
        "a " + type.singular() + " has no property '" + name + "' (in " + option + ")", option);
  }

  private static List<String> sorted(Set<String> names) {
    return names.stream().sorted().toList();
  }
}
