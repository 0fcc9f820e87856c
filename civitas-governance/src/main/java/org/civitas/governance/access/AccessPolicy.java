package org.civitas.governance.access;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * Which requests the {@link AccessGate} lets through without a signed-in principal, and which only
 * administrators may make. Everything not listed needs a principal with at least one role.
 *
 * <ul>
 *   <li>{@link #publicReads()}: paths anyone may read (GET, HEAD), like the public portal, open
 *       data and the technology register; the routes behind them decide by data class what an
 *       anonymous caller sees.
 *   <li>{@link #exemptWrites()}: writes that authenticate themselves (a device's secret, a LoRaWAN
 *       network server's webhook secret, the sign-in itself). The gate does not read their
 *       credentials at all, since a device's bearer secret is not a Civitas credential.
 *   <li>{@link #administratorOnly()}: paths only administrators may read or write.
 * </ul>
 *
 * <p>The app extends the defaults as modules arrive (the Open311 citizen report endpoint) with
 * {@link #withPublicRead} and {@link #withExemptWrite}. Immutable.
 */
public record AccessPolicy(
    List<PathPattern> publicReads,
    List<Exemption> exemptWrites,
    List<PathPattern> administratorOnly) {

  /** A write of one method on matching paths that authenticates itself. */
  public record Exemption(String method, PathPattern path) {
    public Exemption {
      Objects.requireNonNull(method, "method");
      Objects.requireNonNull(path, "path");
      if (!Set.of("POST", "PUT", "PATCH", "DELETE").contains(method)) {
        throw new IllegalArgumentException(
            "an exempt write is POST, PUT, PATCH or DELETE, was " + method);
      }
    }

    boolean matches(String requestMethod, String requestPath) {
      return method.equals(requestMethod) && path.matches(requestPath);
    }

    @Override
    public String toString() {
      return method + " " + path;
    }
  }

  public AccessPolicy {
    publicReads = List.copyOf(publicReads);
    exemptWrites = List.copyOf(exemptWrites);
    administratorOnly = List.copyOf(administratorOnly);
  }

  /**
   * The paths of Civitas today. {@code /metrics} is public for the Prometheus scraper (it holds
   * counts, never data); put it behind the proxy where that matters.
   */
  public static AccessPolicy defaults() {
    return new AccessPolicy(
        patterns(
            "/health",
            "/health/*",
            "/metrics",
            "/v1.0",
            "/v1.0/*",
            "/v1.1",
            "/v1.1/*",
            "/api/v1/alerts*",
            "/api/v1/districts*",
            "/api/v1/register*",
            "/api/v1/governance/purposes*",
            "/api/v1/datastreams/*",
            "/api/v1/latest",
            "/console*",
            "/portal*",
            "/api/v1/auth/*"),
        List.of(
            new Exemption("POST", PathPattern.of("/api/v1/devices/{id}/uplink")),
            new Exemption("POST", PathPattern.of("/api/v1/lorawan/*")),
            new Exemption("POST", PathPattern.of("/api/v1/auth/sign-in"))),
        patterns("/api/v1/governance/accounts*", "/api/v1/governance/api-keys*"));
  }

  /** With one more path anyone may read (a pattern as {@link PathPattern} describes). */
  public AccessPolicy withPublicRead(String pattern) {
    List<PathPattern> more = new ArrayList<>(publicReads);
    more.add(PathPattern.of(pattern));
    return new AccessPolicy(more, exemptWrites, administratorOnly);
  }

  /** With one more write that authenticates itself, e.g. {@code ("POST", "/api/v1/open311/*")}. */
  public AccessPolicy withExemptWrite(String method, String pattern) {
    List<Exemption> more = new ArrayList<>(exemptWrites);
    more.add(new Exemption(method.toUpperCase(Locale.ROOT), PathPattern.of(pattern)));
    return new AccessPolicy(publicReads, more, administratorOnly);
  }

  boolean isPublicRead(String path) {
    return publicReads.stream().anyMatch(p -> p.matches(path));
  }

  boolean isExemptWrite(String method, String path) {
    return exemptWrites.stream().anyMatch(e -> e.matches(method, path));
  }

  boolean isAdministratorOnly(String path) {
    return administratorOnly.stream().anyMatch(p -> p.matches(path));
  }

  private static List<PathPattern> patterns(String... texts) {
    return Arrays.stream(texts).map(PathPattern::of).toList();
  }
}
