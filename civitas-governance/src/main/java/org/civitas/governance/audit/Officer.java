package org.civitas.governance.audit;

import org.civitas.error.ForbiddenException;
import org.civitas.error.UnauthorizedException;
import org.civitas.governance.identity.Principal;

/**
 * The checks of changes and reads only the data protection officer may make (the audit log, the
 * register of purposes, Triple Test decisions): anonymous callers are told to sign in (401), others
 * that they lack the role (403).
 */
public final class Officer {
  private Officer() {}

  /**
   * @param what what was asked, for the message: "read the audit log"
   * @throws UnauthorizedException naming {@code Authorization} for an anonymous caller
   * @throws ForbiddenException for a caller without the {@code dpo} role
   */
  public static void requireDataProtectionOfficer(Principal caller, String what) {
    requireSignedIn(caller, what);
    if (!caller.isDataProtectionOfficer()) {
      throw new ForbiddenException(
          "only the data protection officer may " + what + "; " + caller.id() + " is not", null);
    }
  }

  /**
   * @throws UnauthorizedException naming {@code Authorization} for an anonymous caller
   */
  public static void requireSignedIn(Principal caller, String what) {
    if (caller.isAnonymous()) {
      throw new UnauthorizedException("sign in to " + what, "Authorization");
    }
  }
}
