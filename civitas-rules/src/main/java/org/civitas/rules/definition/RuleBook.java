package org.civitas.rules.definition;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import org.civitas.error.NotFoundException;
import org.civitas.governance.identity.Department;
import org.civitas.rules.store.RuleStore;
import org.civitas.rules.store.RuleVersion;
import org.civitas.sensing.model.Json;
import org.civitas.server.http.JsonCodec;

/**
 * The rules of the city: reads and validates definitions, stores every change as a new version with
 * its author, and tells listeners (the engine) that the rules changed.
 *
 * <p>Thread-safe.
 */
public final class RuleBook {
  private final RuleStore store;
  private final Clock clock;
  private final List<Runnable> changeListeners = new CopyOnWriteArrayList<>();

  public RuleBook(RuleStore store, Clock clock) {
    this.store = Objects.requireNonNull(store, "store");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** Calls {@code listener} after each committed change of a rule. */
  public void onChange(Runnable listener) {
    changeListeners.add(listener);
  }

  /**
   * Creates a rule from its JSON (with an {@code author}).
   *
   * @throws org.civitas.error.InvalidInputException naming the JSON path; nothing is stored
   */
  public Rule create(JsonNode body) {
    String author = RuleJson.author(body);
    RuleDefinition definition = RuleJson.read(body);
    Rule rule =
        rule(
            store.create(author, new Json(RuleJson.write(definition).toString()), clock.instant()));
    changed();
    return rule;
  }

  /** Stores a new version of rule {@code id}; as {@link #create}, or not found. */
  public Rule update(String id, JsonNode body) {
    long key = key(id);
    String author = RuleJson.author(body);
    RuleDefinition definition = RuleJson.read(body);
    Rule rule =
        rule(
            store.update(
                key, author, new Json(RuleJson.write(definition).toString()), clock.instant()));
    changed();
    return rule;
  }

  /** Deletes rule {@code id} by {@code author}, keeping its history. */
  public Rule delete(String id, String author) {
    Rule rule = rule(store.delete(key(id), author, clock.instant()));
    changed();
    return rule;
  }

  /** The current version of rule {@code id}. */
  public Rule find(String id) {
    return store
        .find(key(id))
        .map(RuleBook::rule)
        .orElseThrow(() -> new NotFoundException("there is no rule with id " + id));
  }

  /** Every rule not deleted, by id. */
  public List<Rule> list() {
    return store.list().stream().map(RuleBook::rule).toList();
  }

  /** The department of each rule that names one, by rule id (the alarms of a rule are its). */
  public Map<String, Department> departments() {
    Map<String, Department> departments = new HashMap<>();
    for (Rule rule : list()) {
      rule.definition().department().ifPresent(d -> departments.put(rule.id(), d));
    }
    return departments;
  }

  /** Every version of rule {@code id}, oldest first. */
  public List<Rule> history(String id) {
    List<Rule> versions = store.history(key(id)).stream().map(RuleBook::rule).toList();
    if (versions.isEmpty()) {
      throw new NotFoundException("there is no rule with id " + id);
    }
    return versions;
  }

  /** A stored version as a rule; its definition was validated when it was stored. */
  public static Rule rule(RuleVersion version) {
    return new Rule(
        Long.toString(version.id()),
        version.version(),
        version.author(),
        version.changedAt(),
        version.deleted(),
        RuleJson.read(JsonCodec.readTree(version.definition().text())));
  }

  private static long key(String id) {
    try {
      return Long.parseLong(id);
    } catch (NumberFormatException e) {
      throw new NotFoundException("there is no rule with id " + id);
    }
  }

  private void changed() {
    changeListeners.forEach(Runnable::run);
  }

  /** The rules as a snapshot for evaluation: the enabled ones. */
  public List<Rule> enabled() {
    return list().stream().filter(rule -> rule.definition().enabled()).toList();
  }
}
