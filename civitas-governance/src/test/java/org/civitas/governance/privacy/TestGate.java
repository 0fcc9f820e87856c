package org.civitas.governance.privacy;

import io.javalin.config.RoutesConfig;
import java.util.Arrays;
import java.util.stream.Collectors;
import org.civitas.governance.identity.Principal;
import org.civitas.governance.identity.Role;
import org.civitas.server.access.Callers;

/**
 * Stands in for the identity gate (another part of governance) in route tests: a request's
 * principal comes from its {@code Test-Principal} header, {@code <id> <KIND> <role> <role>...}
 * (e.g. {@code anna ACCOUNT operator:health}); without it, the request is anonymous.
 */
public final class TestGate {
  public static final String HEADER = "Test-Principal";

  private TestGate() {}

  public static void install(RoutesConfig routes) {
    routes.before(
        ctx -> {
          String header = ctx.header(HEADER);
          if (header != null) {
            Callers.set(ctx, parse(header));
          }
        });
  }

  public static Principal parse(String text) {
    String[] parts = text.trim().split(" +");
    return new Principal(
        parts[0],
        Principal.Kind.valueOf(parts[1]),
        Arrays.stream(parts, 2, parts.length).map(Role::parse).collect(Collectors.toSet()));
  }
}
