package org.civitas.governance.classes;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.LongPredicate;
import org.civitas.error.ForbiddenException;
import org.civitas.error.InvalidInputException;
import org.civitas.error.NotFoundException;
import org.civitas.error.UnauthorizedException;
import org.civitas.governance.audit.Audit;
import org.civitas.governance.classes.store.DatastreamPolicyStore;
import org.civitas.governance.identity.Department;
import org.civitas.governance.identity.Principal;
import org.civitas.governance.register.TechnologyApprovals;

/**
 * The data classes of Datastreams and their activation (issue 7, parts 2 and 3): reading a
 * Datastream's policy, classifying it, and switching collection on and off, with the rules that
 * make the wrong thing impossible.
 *
 * <ul>
 *   <li>A personal class needs at least one purpose from the {@link PurposeRegister}, a retention
 *       period and a responsible department; consent needs a subject to ask.
 *   <li>A Datastream that becomes personal stops collecting until it is activated, and activation
 *       needs the approved Triple Test of its technology's register entry ({@link
 *       TechnologyApprovals}): otherwise {@code 403 not-approved} naming {@code technology}. A 403
 *       rather than a 409: nothing about the Datastream's state conflicts, the DPO has not allowed
 *       it.
 *   <li>Who may: an operator of the policy's department (and, for a classification, of the
 *       department it names), the data protection officer, or an administrator.
 *   <li>Every change is recorded in the {@link Audit} ({@code datastream.classified}, {@code
 *       datastream.activated}, {@code datastream.deactivated}) before it is stored.
 * </ul>
 *
 * <p>Policies are held in memory ({@link PolicyCache}) for the guard that reads and ingest ask.
 * Thread-safe.
 */
public final class DatastreamPolicies implements AutoCloseable {

  private final DatastreamPolicyStore store;
  private final PolicyCache cache;
  private final PurposeRegister purposes;
  private final TechnologyApprovals approvals;
  private final Audit audit;
  private final LongPredicate datastreamExists;

  /**
   * Loads every policy and starts refreshing them from the store (changes of other nodes).
   *
   * @param datastreamExists whether a Datastream of that id exists, for 404s on unknown ids
   */
  public DatastreamPolicies(
      DatastreamPolicyStore store,
      PurposeRegister purposes,
      TechnologyApprovals approvals,
      Audit audit,
      LongPredicate datastreamExists) {
    this.store = store;
    this.cache = new PolicyCache(store);
    this.purposes = purposes;
    this.approvals = approvals;
    this.audit = audit;
    this.datastreamExists = datastreamExists;
    cache.startRefreshing();
  }

  /**
   * The policy in force, from memory: {@link DatastreamPolicy#unclassified} when none is stored.
   */
  public DatastreamPolicy policy(long datastreamId) {
    return cache.find(datastreamId).orElseGet(() -> DatastreamPolicy.unclassified(datastreamId));
  }

  /** Every stored policy (classified Datastreams only), from memory. */
  public Map<Long, DatastreamPolicy> classified() {
    return cache.all();
  }

  /** The register of purposes the policies name. */
  PurposeRegister purposes() {
    return purposes;
  }

  /**
   * The policy of an existing Datastream.
   *
   * @throws NotFoundException naming {@code id} when the Datastream does not exist
   */
  public DatastreamPolicy get(long datastreamId) {
    requireDatastream(datastreamId);
    return policy(datastreamId);
  }

  /**
   * Classifies a Datastream. Becoming (or staying) personal with a new technology stops collection
   * until it is activated again; otherwise whether it collects is unchanged.
   *
   * @throws InvalidInputException naming the field that breaks a rule
   * @throws UnauthorizedException for an anonymous caller
   * @throws ForbiddenException when {@code who} may not change it
   */
  public DatastreamPolicy classify(Principal who, long datastreamId, Classification wanted) {
    requireSignedIn(who);
    requireDatastream(datastreamId);
    DatastreamPolicy current = policy(datastreamId);
    requireMayChange(who, current, wanted.department());
    validate(wanted);
    boolean keepsCollecting =
        !wanted.dataClass().isPersonal()
            ? current.active()
            : current.active()
                && current.dataClass().isPersonal()
                && current.technology().equals(wanted.technology());
    DatastreamPolicy next =
        new DatastreamPolicy(
            datastreamId,
            wanted.dataClass(),
            wanted.department(),
            wanted.purposes(),
            wanted.retention(),
            wanted.technology(),
            wanted.subject(),
            wanted.consentRequired(),
            keepsCollecting);
    Map<String, String> details = new LinkedHashMap<>();
    details.put("class", next.dataClass().wireName());
    details.put("department", next.department().map(Department::wireName).orElse(""));
    details.put("purposes", String.join(",", new TreeSet<>(next.purposes())));
    details.put("retention", next.retention().map(PolicyJson::duration).orElse(""));
    details.put("technology", next.technology().orElse(""));
    // An identifier of a person has no place in the log; that one is set is enough.
    details.put("subject", next.subject().isPresent() ? "set" : "none");
    details.put("consentRequired", Boolean.toString(next.consentRequired()));
    details.put("active", Boolean.toString(next.active()));
    return store(who, "datastream.classified", next, details);
  }

  /**
   * Lets a Datastream collect. A personal one needs its technology's approved register entry.
   *
   * @throws ForbiddenException {@code not-approved} naming {@code technology} when the entry is
   *     missing or not approved, or when {@code who} may not change it
   */
  public DatastreamPolicy activate(Principal who, long datastreamId) {
    requireSignedIn(who);
    requireDatastream(datastreamId);
    DatastreamPolicy current = policy(datastreamId);
    requireMayChange(who, current, current.department());
    if (current.dataClass().isPersonal()) {
      String technology =
          current
              .technology()
              .orElseThrow(
                  () ->
                      new ForbiddenException(
                          "not-approved",
                          refusal(datastreamId, "it names no technology register entry"),
                          "technology"));
      Optional<String> why = approvals.whyNotApproved(technology);
      if (why.isPresent()) {
        throw new ForbiddenException(
            "not-approved", refusal(datastreamId, why.get()), "technology");
      }
      for (String purpose : new TreeSet<>(current.purposes())) {
        if (purposes.find(purpose).isEmpty()) {
          throw new ForbiddenException(
              "not-approved",
              refusal(datastreamId, "its purpose '" + purpose + "' is no longer in the register"),
              "purposes");
        }
      }
    }
    return store(
        who,
        "datastream.activated",
        withActive(current, true),
        Map.of("technology", tech(current)));
  }

  /** Stops a Datastream collecting; Observations already stored stay. */
  public DatastreamPolicy deactivate(Principal who, long datastreamId) {
    requireSignedIn(who);
    requireDatastream(datastreamId);
    DatastreamPolicy current = policy(datastreamId);
    requireMayChange(who, current, current.department());
    return store(
        who,
        "datastream.deactivated",
        withActive(current, false),
        Map.of("technology", tech(current)));
  }

  /** Reads every policy from the store now instead of at the next refresh. */
  void refresh() {
    cache.refresh();
  }

  @Override
  public void close() {
    cache.close();
  }

  private DatastreamPolicy store(
      Principal who, String action, DatastreamPolicy next, Map<String, String> details) {
    // Recorded before it is stored: a change that cannot be audited must not happen.
    audit.record(who.id(), action, "Datastreams(" + next.datastreamId() + ")", details);
    store.put(next);
    cache.applied(next);
    return next;
  }

  private static String refusal(long datastreamId, String reason) {
    return "Datastream " + datastreamId + " holds personal data and cannot be activated: " + reason;
  }

  private static String tech(DatastreamPolicy policy) {
    return policy.technology().orElse("");
  }

  private static DatastreamPolicy withActive(DatastreamPolicy p, boolean active) {
    return new DatastreamPolicy(
        p.datastreamId(),
        p.dataClass(),
        p.department(),
        p.purposes(),
        p.retention(),
        p.technology(),
        p.subject(),
        p.consentRequired(),
        active);
  }

  private void validate(Classification wanted) {
    if (wanted.dataClass().isPersonal()) {
      String what = "a " + wanted.dataClass().wireName() + " Datastream";
      if (wanted.purposes().isEmpty()) {
        throw new InvalidInputException(
            what + " declares at least one purpose from the register", "purposes");
      }
      if (wanted.retention().isEmpty()) {
        throw new InvalidInputException(
            what + " declares how long its Observations are kept (retention, e.g. P30D)",
            "retention");
      }
      if (wanted.department().isEmpty()) {
        throw new InvalidInputException(what + " names its responsible department", "department");
      }
    }
    for (String purpose : new TreeSet<>(wanted.purposes())) {
      if (purposes.find(purpose).isEmpty()) {
        throw new InvalidInputException(
            "no purpose '" + purpose + "' in the register of purposes", "purposes");
      }
    }
    wanted
        .retention()
        .ifPresent(
            retention -> {
              if (retention.isNegative() || retention.isZero() || retention.toSeconds() < 1) {
                throw new InvalidInputException(
                    "retention is a positive duration of at least one second, was " + retention,
                    "retention");
              }
            });
    if (wanted.consentRequired() && wanted.subject().isEmpty()) {
      throw new InvalidInputException(
          "a Datastream that needs consent names its data subject, whose consent is asked",
          "subject");
    }
  }

  private void requireDatastream(long datastreamId) {
    if (!datastreamExists.test(datastreamId)) {
      throw new NotFoundException("no Datastream with id " + datastreamId, "id");
    }
  }

  private static void requireSignedIn(Principal who) {
    if (who.isAnonymous()) {
      throw new UnauthorizedException(
          "changing a Datastream's data class needs a signed-in principal", "Authorization");
    }
  }

  /**
   * The DPO and administrators may change any policy; an operator only one of its department, and
   * only into its department: nobody hands a Datastream to, or takes one from, another department.
   */
  private static void requireMayChange(
      Principal who, DatastreamPolicy current, Optional<Department> named) {
    if (who.isDataProtectionOfficer() || who.isAdministrator()) {
      return;
    }
    for (Optional<Department> department : List.of(current.department(), named)) {
      if (department.isPresent() && !who.actsFor(department.get())) {
        throw new ForbiddenException(
            "Datastream "
                + current.datastreamId()
                + " is governed by the "
                + department.get().wireName()
                + " department; "
                + who.id()
                + " is not one of its operators",
            "department");
      }
    }
    if (current.department().isEmpty() && named.isEmpty()) {
      throw new ForbiddenException(
          "a Datastream owned by no department is classified by the data protection officer or an"
              + " administrator, or by an operator naming their own department",
          "department");
    }
  }
}
