package org.civitas.governance.classes;

import io.javalin.http.Context;
import java.util.TreeSet;
import org.civitas.error.ForbiddenException;
import org.civitas.governance.audit.Audit;
import org.civitas.governance.consent.ConsentCheck;
import org.civitas.governance.identity.Principal;
import org.civitas.server.access.Callers;
import org.civitas.server.access.ReadAccess;
import org.civitas.server.access.SensingGuard;
import org.civitas.timeseries.ObservationStream;

/**
 * The data classes enforced on the sensing API: installed with {@code CivitasServer.withGuard}, it
 * decides what each request may read ({@link PolicyReadAccess}: the request's principal from {@link
 * Callers}, its purpose from the {@value #PURPOSE_HEADER} header) and whether each Observation may
 * be collected.
 *
 * <p>Collection is refused, at once and in memory, for a Datastream that is not active ({@code 403
 * not-collecting}) and for one that needs consent while its subject does not consent to each of its
 * purposes ({@code 403 consent-withdrawn}); both name the Datastream. MultiDatastreams cannot be
 * classified: they are internal and always collect.
 *
 * <p>Thread-safe.
 */
public final class DataClassGuard implements SensingGuard {

  /** The request header naming the purpose personal data is read for. */
  public static final String PURPOSE_HEADER = "Civitas-Purpose";

  private final DatastreamPolicies policies;
  private final ConsentCheck consent;
  private final Audit audit;
  private final Pseudonyms pseudonyms;

  public DataClassGuard(
      DatastreamPolicies policies, ConsentCheck consent, Audit audit, Pseudonyms pseudonyms) {
    this.policies = policies;
    this.consent = consent;
    this.audit = audit;
    this.pseudonyms = pseudonyms;
  }

  @Override
  public ReadAccess reads(Context ctx) {
    return access(ctx);
  }

  /** As {@link #reads}, typed for the policy routes. */
  PolicyReadAccess access(Context ctx) {
    return new PolicyReadAccess(
        Callers.of(ctx),
        ctx.header(PURPOSE_HEADER),
        ctx.path(),
        policies,
        policies.purposes(),
        audit,
        pseudonyms);
  }

  @Override
  public void admit(ObservationStream stream) {
    if (!(stream instanceof ObservationStream.Datastream datastream)) {
      return;
    }
    // The ingest path asks this per Observation: an unclassified Datastream (no stored policy)
    // collects, and costs one map look-up.
    DatastreamPolicy policy = policies.classified().get(datastream.id());
    if (policy == null) {
      return;
    }
    if (!policy.active()) {
      throw new ForbiddenException(
          "not-collecting",
          "Datastream "
              + datastream.id()
              + " is not collecting: "
              + (policy.dataClass().isPersonal()
                  ? "it holds personal data and is not activated"
                  : "it was deactivated"),
          "Datastream");
    }
    if (policy.consentRequired()) {
      String subject = policy.subject().orElse("");
      for (String purpose : new TreeSet<>(policy.purposes())) {
        if (subject.isEmpty() || !consent.consents(subject, purpose)) {
          throw new ForbiddenException(
              "consent-withdrawn",
              "Datastream "
                  + datastream.id()
                  + " is not collecting: its data subject does not consent to the purpose '"
                  + purpose
                  + "'",
              "Datastream");
        }
      }
    }
  }

  @Override
  public ReadAccess anonymous() {
    return new PolicyReadAccess(
        Principal.ANONYMOUS, null, "mqtt", policies, policies.purposes(), audit, pseudonyms);
  }
}
