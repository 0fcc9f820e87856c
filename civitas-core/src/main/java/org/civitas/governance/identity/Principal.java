package org.civitas.governance.identity;

import java.util.Objects;
import java.util.Set;

/**
 * Who is asking, once authenticated: an operator's account, a system's API key, a token from the
 * city's identity provider, or nobody ({@link #ANONYMOUS}).
 *
 * @param id stable and unique within its kind (the account name, the key's id, the token's {@code
 *     sub}); what the audit log records as the actor
 * @param kind how the principal proved who it is
 * @param roles what it may do; empty for anonymous
 */
public record Principal(String id, Kind kind, Set<Role> roles) {

  /** How a principal authenticated. */
  public enum Kind {
    ANONYMOUS,
    ACCOUNT,
    API_KEY,
    TOKEN
  }

  /** Nobody signed in: the public portal and open data only. */
  public static final Principal ANONYMOUS = new Principal("anonymous", Kind.ANONYMOUS, Set.of());

  public Principal {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(kind, "kind");
    roles = Set.copyOf(roles);
  }

  public boolean isAnonymous() {
    return kind == Kind.ANONYMOUS;
  }

  public boolean isAdministrator() {
    return roles.stream().anyMatch(r -> r instanceof Role.Administrator);
  }

  public boolean isDataProtectionOfficer() {
    return roles.stream().anyMatch(r -> r instanceof Role.DataProtectionOfficer);
  }

  /** Whether it operates for {@code department} (in any district or in some). */
  public boolean actsFor(Department department) {
    return roles.stream()
        .anyMatch(r -> r instanceof Role.Operator op && op.department() == department);
  }

  /**
   * Whether it operates for {@code department} in {@code district}: a department-wide operator
   * does, a district-scoped one only for its own district.
   *
   * @param district null when the thing asked about belongs to no district
   */
  public boolean actsFor(Department department, String district) {
    return roles.stream()
        .anyMatch(
            r ->
                r instanceof Role.Operator op
                    && op.department() == department
                    && (op.district().isEmpty() || op.district().get().equals(district)));
  }
}
