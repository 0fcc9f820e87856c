package org.civitas.governance.identity.store;

import java.time.Instant;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import org.civitas.governance.identity.Role;

/**
 * An API key of a system (the simulator, a city data hub), as stored: the secret only as its
 * SHA-256.
 *
 * @param id public, random, {@code [a-z0-9]{16}}; the principal's id and the key's handle
 * @param name what the key is for, as the administrator called it (1–100 characters)
 * @param secretHash lower-case hex SHA-256 of the secret
 * @param roles what a request with the key may do
 * @param created when it was issued
 * @param revoked a revoked key no longer authenticates; it is kept for the record
 */
public record ApiKey(
    String id, String name, String secretHash, Set<Role> roles, Instant created, boolean revoked) {

  /** What a key id is: 16 lower-case letters or digits. */
  public static final Pattern ID = Pattern.compile("[a-z0-9]{16}");

  public ApiKey {
    Objects.requireNonNull(id, "id");
    if (!ID.matcher(id).matches()) {
      throw new IllegalArgumentException("a key id is 16 of a-z and 0-9, was '" + id + "'");
    }
    Objects.requireNonNull(name, "name");
    if (name.isBlank() || name.length() > 100) {
      throw new IllegalArgumentException(
          "a key name is 1 to 100 characters and not blank, was '" + name + "'");
    }
    Objects.requireNonNull(secretHash, "secretHash");
    roles = Set.copyOf(roles);
    Objects.requireNonNull(created, "created");
  }
}
