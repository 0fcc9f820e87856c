package org.civitas.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Every text of the console is in every bundle, so no language shows a bare key. */
class MessageBundlesTest {

  private static final Path CONSOLE = Path.of("src/main/resources/org/civitas/web/console");
  private static final Pattern HTML_KEY = Pattern.compile("data-i18n(?:-aria-label)?=\"([^\"]+)\"");
  private static final Pattern SCRIPT_KEY = Pattern.compile("\\bt\\('([^']+)'");

  @Test
  void the_english_and_german_bundles_have_the_same_keys() throws IOException {
    assertThat(keys("de")).isEqualTo(keys("en"));
  }

  @Test
  void every_key_the_page_and_its_scripts_name_is_in_the_bundles() throws IOException {
    List<String> used =
        new ArrayList<>(matches(HTML_KEY, Files.readString(CONSOLE.resolve("index.html"))));
    try (Stream<Path> scripts = Files.list(CONSOLE)) {
      for (Path script : scripts.filter(p -> p.toString().endsWith(".js")).toList()) {
        used.addAll(matches(SCRIPT_KEY, Files.readString(script)));
      }
    }
    assertThat(used).hasSizeGreaterThan(30);
    assertThat(keys("en")).containsAll(used);
  }

  private static Set<String> keys(String language) throws IOException {
    Set<String> keys = new TreeSet<>();
    new ObjectMapper()
        .readTree(CONSOLE.resolve("messages." + language + ".json").toFile())
        .fieldNames()
        .forEachRemaining(keys::add);
    return keys;
  }

  private static List<String> matches(Pattern pattern, String text) {
    List<String> found = new ArrayList<>();
    Matcher matcher = pattern.matcher(text);
    while (matcher.find()) {
      found.add(matcher.group(1));
    }
    return found;
  }
}
