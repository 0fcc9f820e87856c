package org.civitas.governance.classes;

import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import org.civitas.governance.identity.Department;

/**
 * One entry of the register of purposes: what personal data may be used for, on which legal basis,
 * and by which departments.
 *
 * @param id a short slug, e.g. {@code leak-detection}: what a reader names in the {@code
 *     Civitas-Purpose} header
 * @param name a title for people
 * @param description what the data is used for, in plain words
 * @param legalBasis why processing is lawful
 * @param departments the departments whose operators may read personal data under this purpose
 * @param identifying whether the purpose needs the real identifiers of data subjects; when false,
 *     readers get pseudonyms
 */
public record Purpose(
    String id,
    String name,
    String description,
    LegalBasis legalBasis,
    Set<Department> departments,
    boolean identifying) {

  private static final Pattern SLUG = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");

  public Purpose {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(description, "description");
    Objects.requireNonNull(legalBasis, "legalBasis");
    departments = Set.copyOf(departments);
    if (!SLUG.matcher(id).matches()) {
      throw new IllegalArgumentException(
          "a purpose id is 1 to 64 lower-case letters, digits and hyphens, was '" + id + "'");
    }
  }
}
