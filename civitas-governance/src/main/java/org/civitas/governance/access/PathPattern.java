package org.civitas.governance.access;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A request path pattern of the access policy: literal text, {@code {name}} for one path segment,
 * and an optional {@code *} at the very end for anything that follows (nothing included). So {@code
 * /api/v1/devices/{id}/uplink} matches one device's uplink, {@code /api/v1/alerts*} the alerts and
 * everything below them, {@code /health} exactly that path.
 */
public final class PathPattern {
  private final String text;
  private final Pattern regex;

  private PathPattern(String text, Pattern regex) {
    this.text = text;
    this.regex = regex;
  }

  public static PathPattern of(String text) {
    Objects.requireNonNull(text, "pattern");
    if (!text.startsWith("/")) {
      throw new IllegalArgumentException("a path pattern starts with '/', was '" + text + "'");
    }
    int star = text.indexOf('*');
    if (star >= 0 && star != text.length() - 1) {
      throw new IllegalArgumentException(
          "a path pattern has '*' only at its end, was '" + text + "'");
    }
    StringBuilder regex = new StringBuilder();
    int i = 0;
    while (i < text.length()) {
      char c = text.charAt(i);
      if (c == '*') {
        regex.append(".*");
        i++;
      } else if (c == '{') {
        int close = text.indexOf('}', i);
        if (close < 0) {
          throw new IllegalArgumentException(
              "a '{' without '}' in the path pattern '" + text + "'");
        }
        regex.append("[^/]+");
        i = close + 1;
      } else {
        int next = i;
        while (next < text.length() && text.charAt(next) != '*' && text.charAt(next) != '{') {
          next++;
        }
        regex.append(Pattern.quote(text.substring(i, next)));
        i = next;
      }
    }
    return new PathPattern(text, Pattern.compile(regex.toString()));
  }

  public boolean matches(String path) {
    return regex.matcher(path).matches();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof PathPattern pattern && pattern.text.equals(text);
  }

  @Override
  public int hashCode() {
    return text.hashCode();
  }

  /** The pattern as written. */
  @Override
  public String toString() {
    return text;
  }
}
