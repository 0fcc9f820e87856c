package org.civitas.server.access;

import java.util.EnumSet;
import java.util.Set;
import org.civitas.error.ForbiddenException;
import org.civitas.governance.identity.Department;
import org.civitas.governance.identity.Principal;
import org.civitas.governance.identity.Role;

/**
 * A department sees and changes only what it runs: the rule for the devices, rules and Datastreams
 * that name an owning department. Administrators may do everything; the data protection officer may
 * read everything and change nothing here; an operator acts for the departments (and, when scoped,
 * the districts) of its roles; what belongs to no department is any operator's.
 *
 * <p>Anonymous callers pass: on a node the governance gate refuses them before any route that asks
 * this runs, and a server without the gate (the tests of one module) has no principals at all.
 */
public final class DepartmentScope {
  private DepartmentScope() {}

  /** Whether {@code principal} may see what {@code owner} runs in {@code district}. */
  public static boolean mayRead(Principal principal, Department owner, String district) {
    return principal.isAnonymous()
        || principal.isAdministrator()
        || principal.isDataProtectionOfficer()
        || owner == null
        || principal.actsFor(owner, district);
  }

  /** Whether {@code principal} may change what {@code owner} runs in {@code district}. */
  public static boolean mayChange(Principal principal, Department owner, String district) {
    return principal.isAnonymous()
        || principal.isAdministrator()
        || owner == null
        || principal.actsFor(owner, district);
  }

  /**
   * @throws ForbiddenException (field {@code department}) unless {@code principal} may change it
   */
  public static void requireChange(
      Principal principal, Department owner, String district, String what) {
    if (!mayChange(principal, owner, district)) {
      throw refusal(principal, owner, district, what);
    }
  }

  /**
   * @throws ForbiddenException (field {@code department}) unless {@code principal} may read it
   */
  public static void requireRead(
      Principal principal, Department owner, String district, String what) {
    if (!mayRead(principal, owner, district)) {
      throw refusal(principal, owner, district, what);
    }
  }

  /**
   * The departments whose things a listing shows {@code principal} (with those of no department),
   * or null for all of them.
   */
  public static Set<Department> visibleDepartments(Principal principal) {
    if (principal.isAnonymous()
        || principal.isAdministrator()
        || principal.isDataProtectionOfficer()) {
      return null;
    }
    Set<Department> departments = EnumSet.noneOf(Department.class);
    for (Role role : principal.roles()) {
      if (role instanceof Role.Operator operator) {
        departments.add(operator.department());
      }
    }
    return departments;
  }

  /**
   * The department a new thing is created for: the one asked for, which {@code principal} must act
   * for; when none is asked, the principal's only department (an operator of several must say
   * which), or none for administrators.
   *
   * @throws ForbiddenException (field {@code department}) for a department the principal does not
   *     act for, or when an operator of several departments names none
   */
  public static Department forNew(
      Principal principal, Department requested, String district, String what) {
    if (principal.isAnonymous() || principal.isAdministrator()) {
      return requested;
    }
    if (requested != null) {
      if (!principal.actsFor(requested, district)) {
        throw refusal(principal, requested, district, what);
      }
      return requested;
    }
    Set<Department> own = visibleDepartments(principal);
    if (own.size() == 1) {
      return own.iterator().next();
    }
    throw new ForbiddenException(
        "department-required",
        own.isEmpty()
            ? "only an operator of a department or an administrator may create " + what
            : "you act for several departments; name the one that runs " + what,
        "department");
  }

  private static ForbiddenException refusal(
      Principal principal, Department owner, String district, String what) {
    return new ForbiddenException(
        what
            + " belongs to the "
            + owner.wireName()
            + " department"
            + (district == null ? "" : " in " + district)
            + "; "
            + principal.id()
            + " does not act for it",
        "department");
  }
}
