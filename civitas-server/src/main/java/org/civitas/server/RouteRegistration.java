package org.civitas.server;

import io.javalin.config.RoutesConfig;

/**
 * Adds the routes of another module (the device registry's {@code /api/v1/devices}) to the one HTTP
 * server, so they share its port, its limits and its problem+json error handling. See {@link
 * CivitasServer#withRoutes}.
 */
@FunctionalInterface
public interface RouteRegistration {

  /** Registers handlers on {@code routes}; called once per {@link CivitasServer#start()}. */
  void register(RoutesConfig routes);
}
