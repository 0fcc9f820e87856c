package org.civitas.governance.privacy;

import io.javalin.http.Context;
import org.civitas.error.ForbiddenException;
import org.civitas.error.UnauthorizedException;
import org.civitas.governance.identity.Principal;
import org.civitas.server.access.Callers;

/** The data protection officer's routes: 401 for nobody signed in, 403 for anyone but the DPO. */
public final class Oversight {
  private Oversight() {}

  /**
   * The request's principal, if it is signed in at all.
   *
   * @throws UnauthorizedException for an anonymous request
   */
  public static Principal signedIn(Context ctx) {
    Principal principal = Callers.of(ctx);
    if (principal.isAnonymous()) {
      throw new UnauthorizedException(
          "this needs a signed-in principal; none was given", "Authorization");
    }
    return principal;
  }

  /**
   * The request's principal if it is the data protection officer.
   *
   * @throws UnauthorizedException for an anonymous request
   * @throws ForbiddenException for anyone else
   */
  public static Principal dpo(Context ctx) {
    Principal principal = signedIn(ctx);
    if (!principal.isDataProtectionOfficer()) {
      throw new ForbiddenException(
          "dpo-only",
          "only the data protection officer (role dpo) may do this; "
              + principal.id()
              + " holds "
              + principal.roles().stream().map(r -> r.wireName()).sorted().toList(),
          "Authorization");
    }
    return principal;
  }
}
