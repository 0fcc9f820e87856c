package org.civitas.server.sensing;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.civitas.error.InvalidInputException;
import org.civitas.sensing.model.EntityType;
import org.civitas.sensing.model.Navigation;

/**
 * Parses the value of {@code $expand} (OGC 18-088 9.3.2.1): comma-separated navigation paths, each
 * segment optionally followed by its query options in parentheses, separated by {@code ;}, e.g.
 * {@code Datastreams($select=name;$expand=Observations($top=1)),Locations}. The options inside are
 * parsed by {@link QueryOptionsParser} for the entity type the navigation leads to, so every option
 * means the same inside an expansion as at the top. Every error is an {@link InvalidInputException}
 * for the field {@code $expand} that says at which character of the value it failed.
 */
final class ExpandParser {

  static final String OPTION = "$expand";

  private final String text;

  private ExpandParser(String text) {
    this.text = text;
  }

  /** Parses a whole {@code $expand} value for entities of {@code type}. */
  static List<ExpandOption> parse(EntityType type, String text) {
    return new ExpandParser(text).items(type, 0, text.length());
  }

  /** The parts of {@code text} between separators outside parentheses and quoted strings. */
  static List<String> topLevel(String text, char separator) {
    List<String> parts = new ArrayList<>();
    if (text.isEmpty()) {
      return parts;
    }
    for (int[] span : new ExpandParser(text).split(0, text.length(), separator)) {
      parts.add(text.substring(span[0], span[1]));
    }
    return parts;
  }

  /** The items between {@code from} and {@code to}, merged per navigation property. */
  private List<ExpandOption> items(EntityType type, int from, int to) {
    Map<Navigation, ExpandOption> merged = new LinkedHashMap<>();
    for (int[] span : split(from, to, ',')) {
      ExpandOption item = item(type, span[0], span[1]);
      merged.merge(item.navigation(), item, ExpandParser::merge);
    }
    return List.copyOf(merged.values());
  }

  /** One path with its options: {@code Datastreams/Observations($top=1)}. */
  private ExpandOption item(EntityType type, int from, int to) {
    int start = skipSpaces(from, to);
    int end = trimEnd(start, to);
    if (start >= end) {
      throw error(from, "expected a navigation property, found nothing");
    }
    int open = indexOf('(', start, end);
    int pathEnd = open < 0 ? end : open;
    if (open >= 0 && (text.charAt(end - 1) != ')' || closing(open, end) != end - 1)) {
      throw error(open, "the options opened by '(' must close with ')' at the end of the item");
    }
    List<Navigation> path = new ArrayList<>();
    List<Integer> starts = new ArrayList<>();
    EntityType current = type;
    int segmentStart = start;
    while (segmentStart <= pathEnd) {
      int slash = indexOf('/', segmentStart, pathEnd);
      int segmentEnd = slash < 0 ? pathEnd : slash;
      String name = text.substring(segmentStart, segmentEnd).trim();
      EntityType owner = current;
      int at = segmentStart;
      Navigation navigation =
          owner
              .navigation(name)
              .orElseThrow(
                  () ->
                      error(
                          at,
                          "a " + owner.singular() + " has no navigation property '" + name + "'"));
      path.add(navigation);
      starts.add(segmentStart);
      current = navigation.target();
      segmentStart = segmentEnd + 1;
    }
    QueryOptions options = QueryOptions.NONE;
    String optionsText = "";
    if (open >= 0) {
      optionsText = text.substring(open + 1, end - 1);
      options = options(current, open + 1, end - 1);
    }
    // Datastreams/Thing(...) is Datastreams expanded with Thing(...) inside it.
    ExpandOption result = new ExpandOption(path.getLast(), options, optionsText);
    for (int i = path.size() - 2; i >= 0; i--) {
      String nested = OPTION + "=" + text.substring(starts.get(i + 1), end);
      result = new ExpandOption(path.get(i), QueryOptions.NONE.withExpand(List.of(result)), nested);
    }
    return result;
  }

  /** The options between parentheses: {@code $select=name;$top=2}. */
  private QueryOptions options(EntityType type, int from, int to) {
    Map<String, List<String>> parameters = new LinkedHashMap<>();
    List<ExpandOption> nested = List.of();
    boolean expanded = false;
    for (int[] span : split(from, to, ';')) {
      int start = skipSpaces(span[0], span[1]);
      int end = trimEnd(start, span[1]);
      int equals = indexOf('=', start, end);
      if (start >= end || equals < 0 || text.charAt(start) != '$') {
        throw error(start, "expected an option such as $select=name inside the parentheses");
      }
      String name = text.substring(start, equals).trim();
      if (name.equals("$resultFormat")) {
        throw error(start, "$resultFormat applies to the whole response, not to an expansion");
      }
      if (parameters.containsKey(name) || (expanded && name.equals(OPTION))) {
        throw error(start, name + " is given twice in one expansion");
      }
      if (name.equals(OPTION)) {
        // Parsed here rather than by QueryOptionsParser so that errors point into this value.
        nested = items(type, equals + 1, end);
        expanded = true;
      } else {
        parameters.put(name, List.of(text.substring(equals + 1, end)));
      }
    }
    return parse(type, parameters, from).withExpand(nested);
  }

  private QueryOptions parse(EntityType type, Map<String, List<String>> parameters, int from) {
    try {
      return QueryOptionsParser.parse(type, parameters);
    } catch (InvalidInputException e) {
      throw error(from, e.getMessage());
    }
  }

  /** The spans between top-level separators (outside parentheses and quoted strings). */
  private List<int[]> split(int from, int to, char separator) {
    List<int[]> spans = new ArrayList<>();
    int depth = 0;
    int start = from;
    for (int i = from; i < to; i++) {
      char c = text.charAt(i);
      if (c == '\'') {
        i = endOfString(i, to);
      } else if (c == '(') {
        depth++;
      } else if (c == ')') {
        if (--depth < 0) {
          throw error(i, "')' without a matching '('");
        }
      } else if (c == separator && depth == 0) {
        spans.add(new int[] {start, i});
        start = i + 1;
      }
    }
    if (depth > 0) {
      throw error(to, "'(' is not closed");
    }
    spans.add(new int[] {start, to});
    return spans;
  }

  /** The index of the ')' that closes the '(' at {@code open}. */
  private int closing(int open, int to) {
    int depth = 0;
    for (int i = open; i < to; i++) {
      char c = text.charAt(i);
      if (c == '\'') {
        i = endOfString(i, to);
      } else if (c == '(') {
        depth++;
      } else if (c == ')' && --depth == 0) {
        return i;
      }
    }
    throw error(open, "'(' is not closed");
  }

  /** The index of the quote that ends the string literal opened at {@code quote} ('' escapes). */
  private int endOfString(int quote, int to) {
    for (int i = quote + 1; i < to; i++) {
      if (text.charAt(i) == '\'') {
        if (i + 1 < to && text.charAt(i + 1) == '\'') {
          i++;
        } else {
          return i;
        }
      }
    }
    throw error(quote, "the string starting here is not closed");
  }

  private int indexOf(char c, int from, int to) {
    for (int i = from; i < to; i++) {
      if (text.charAt(i) == '\'') {
        i = endOfString(i, to);
      } else if (text.charAt(i) == c) {
        return i;
      }
    }
    return -1;
  }

  private int skipSpaces(int from, int to) {
    int i = from;
    while (i < to && Character.isWhitespace(text.charAt(i))) {
      i++;
    }
    return i;
  }

  private int trimEnd(int from, int to) {
    int i = to;
    while (i > from && Character.isWhitespace(text.charAt(i - 1))) {
      i--;
    }
    return i;
  }

  private static ExpandOption merge(ExpandOption first, ExpandOption second) {
    // Datastreams($top=2),Datastreams/Thing: the options of the one that has them, both expansions.
    boolean firstHasOptions = !first.options().withExpand(List.of()).equals(QueryOptions.NONE);
    ExpandOption withOptions = firstHasOptions ? first : second;
    List<ExpandOption> nested = new ArrayList<>(first.options().expand());
    for (ExpandOption more : second.options().expand()) {
      if (!nested.contains(more)) {
        nested.add(more);
      }
    }
    List<String> parts = new ArrayList<>();
    List<String> expansions = new ArrayList<>();
    for (ExpandOption item : List.of(first, second)) {
      for (String part : topLevel(item.optionsText(), ';')) {
        String trimmed = part.trim();
        if (trimmed.startsWith(OPTION + "=")) {
          expansions.add(trimmed.substring(OPTION.length() + 1));
        } else if (item == withOptions) {
          parts.add(trimmed);
        }
      }
    }
    if (!expansions.isEmpty()) {
      parts.add(OPTION + "=" + String.join(",", expansions));
    }
    return new ExpandOption(
        first.navigation(), withOptions.options().withExpand(nested), String.join(";", parts));
  }

  private InvalidInputException error(int position, String message) {
    return new InvalidInputException(
        OPTION + " at character " + (position + 1) + ": " + message, OPTION);
  }
}
