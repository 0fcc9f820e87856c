package org.civitas.server.access;

import io.javalin.http.Context;
import java.util.Objects;
import org.civitas.governance.identity.Principal;

/**
 * The principal of an HTTP request, as the governance gate authenticated it before any route ran.
 * Routes that decide by who asks read it here; when no gate is installed (a server embedded in a
 * test of one module), every request is {@link Principal#ANONYMOUS}.
 */
public final class Callers {
  private static final String ATTRIBUTE = "civitas.principal";

  private Callers() {}

  /** Who sent {@code ctx}: the gate's principal, or anonymous. */
  public static Principal of(Context ctx) {
    Object principal = ctx.attribute(ATTRIBUTE);
    return principal instanceof Principal p ? p : Principal.ANONYMOUS;
  }

  /** Set by the gate once per request, before the routes run. */
  public static void set(Context ctx, Principal principal) {
    ctx.attribute(ATTRIBUTE, Objects.requireNonNull(principal, "principal"));
  }
}
