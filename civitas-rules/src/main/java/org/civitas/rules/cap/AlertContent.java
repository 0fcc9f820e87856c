package org.civitas.rules.cap;

import java.net.URI;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What a public alert says, as its issuer (a rule or an operator) gives it: the CAP {@code
 * <status>} and the one {@code <info>} block Civitas issues, with the districts its area covers.
 * The same content may be issued again as an Update. Times are whole seconds (CAP has no
 * fractions); optional parts are null.
 *
 * @param language RFC 3066 language of the texts, e.g. {@code en-GB}
 * @param categories at least one
 * @param districts the names of the city's districts the alert is for, at least one
 * @param parameters system-specific values, in order (CAP {@code <parameter>})
 */
public record AlertContent(
    Cap.Status status,
    String language,
    List<Cap.Category> categories,
    String event,
    List<Cap.ResponseType> responseTypes,
    Cap.Urgency urgency,
    Cap.Severity severity,
    Cap.Certainty certainty,
    Instant effective,
    Instant onset,
    Instant expires,
    String senderName,
    String headline,
    String description,
    String instruction,
    URI web,
    Map<String, String> parameters,
    List<String> districts) {

  public AlertContent {
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(language, "language");
    categories = List.copyOf(categories);
    Objects.requireNonNull(event, "event");
    responseTypes = List.copyOf(responseTypes);
    Objects.requireNonNull(urgency, "urgency");
    Objects.requireNonNull(severity, "severity");
    Objects.requireNonNull(certainty, "certainty");
    effective = seconds(effective);
    onset = seconds(onset);
    expires = seconds(expires);
    // Kept in the order given: CAP consumers show parameters as listed.
    parameters = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
    districts = List.copyOf(districts);
    if (categories.isEmpty()) {
      throw new IllegalArgumentException("an alert has at least one category");
    }
    if (districts.isEmpty()) {
      throw new IllegalArgumentException("an alert covers at least one district");
    }
  }

  private static Instant seconds(Instant at) {
    return at == null ? null : at.truncatedTo(ChronoUnit.SECONDS);
  }

  public Optional<Instant> expiry() {
    return Optional.ofNullable(expires);
  }
}
