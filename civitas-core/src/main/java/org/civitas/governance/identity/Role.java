package org.civitas.governance.identity;

import java.util.Objects;
import java.util.Optional;

/**
 * What a principal may do. Operators act for one department, optionally in one district only; the
 * data protection officer oversees personal data and approves Triple Tests; administrators manage
 * accounts and keys. On the wire a role is text: {@code operator:transport}, {@code
 * operator:waste@Harbour} (district-scoped), {@code dpo}, {@code admin}.
 */
public sealed interface Role {

  /** The text form, parsed back by {@link #parse}. */
  String wireName();

  /** An operator of a department, in every district or in one. */
  record Operator(Department department, Optional<String> district) implements Role {
    public Operator {
      Objects.requireNonNull(department, "department");
      Objects.requireNonNull(district, "district");
    }

    public Operator(Department department) {
      this(department, Optional.empty());
    }

    @Override
    public String wireName() {
      return "operator:" + department.wireName() + district.map(d -> "@" + d).orElse("");
    }
  }

  /** The data protection officer: reads the audit log, approves register entries. */
  record DataProtectionOfficer() implements Role {
    @Override
    public String wireName() {
      return "dpo";
    }
  }

  /** Manages accounts, API keys and grants; not by that alone a reader of personal data. */
  record Administrator() implements Role {
    @Override
    public String wireName() {
      return "admin";
    }
  }

  /**
   * The role of a text form.
   *
   * @throws IllegalArgumentException naming what is wrong with {@code text}
   */
  static Role parse(String text) {
    Objects.requireNonNull(text, "text");
    if (text.equals("dpo")) {
      return new DataProtectionOfficer();
    }
    if (text.equals("admin")) {
      return new Administrator();
    }
    if (text.startsWith("operator:")) {
      String rest = text.substring("operator:".length());
      int at = rest.indexOf('@');
      String department = at < 0 ? rest : rest.substring(0, at);
      Optional<String> district = at < 0 ? Optional.empty() : Optional.of(rest.substring(at + 1));
      if (district.isPresent() && district.get().isBlank()) {
        throw new IllegalArgumentException("a district after '@' is not blank, was " + text);
      }
      return new Operator(
          Department.fromWire(department)
              .orElseThrow(
                  () ->
                      new IllegalArgumentException(
                          "no department '" + department + "'; one of " + departments())),
          district);
    }
    throw new IllegalArgumentException(
        "a role is operator:<department>[@<district>], dpo or admin, was '" + text + "'");
  }

  private static String departments() {
    StringBuilder names = new StringBuilder();
    for (Department d : Department.values()) {
      names.append(names.isEmpty() ? "" : ", ").append(d.wireName());
    }
    return names.toString();
  }
}
