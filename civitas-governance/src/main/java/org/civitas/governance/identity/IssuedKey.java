package org.civitas.governance.identity;

import java.time.Instant;
import java.util.Objects;
import java.util.Set;

/**
 * A newly issued API key: the only time its secret exists outside the client.
 *
 * @param id the key's public id (16 of {@code [a-z0-9]})
 * @param name what it is for
 * @param roles what a request with it may do
 * @param created when it was issued
 * @param token the bearer credential, {@code cvk_<id>_<secret>}; store it, it is not shown again
 */
public record IssuedKey(String id, String name, Set<Role> roles, Instant created, String token) {
  public IssuedKey {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(name, "name");
    roles = Set.copyOf(roles);
    Objects.requireNonNull(created, "created");
    Objects.requireNonNull(token, "token");
  }

  @Override
  public String toString() {
    return "IssuedKey[id=" + id + ", name=" + name + ", roles=" + roles + "]";
  }
}
