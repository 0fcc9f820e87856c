package org.civitas.governance.classes;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.civitas.error.ForbiddenException;
import org.civitas.error.UnauthorizedException;
import org.civitas.governance.audit.Audit;
import org.civitas.governance.identity.Principal;
import org.civitas.sensing.model.Entity;
import org.civitas.sensing.model.EntityType;
import org.civitas.sensing.model.Json;
import org.civitas.server.access.Places;
import org.civitas.server.access.ReadAccess;
import org.civitas.server.access.Visibility;
import org.civitas.timeseries.ObservationStream;

/**
 * What one request may read, by the data classes of the Datastreams:
 *
 * <ul>
 *   <li>{@code public}: anyone.
 *   <li>{@code internal} (also unclassified Datastreams, and every MultiDatastream): signed-in
 *       principals; when the policy names a department, only its operators (in any district), the
 *       DPO or an administrator.
 *   <li>{@code personal}, {@code sensitive-personal}: only under a purpose (the {@code
 *       Civitas-Purpose} header) that the Datastream declares and that a department the reader
 *       operates for holds. Each such read is audited ({@code personal-data.read}) before the
 *       answer.
 *   <li>Anonymous on anything not public: 401. Without a purpose: 403 {@code purpose-required};
 *       with one not allowed: 403 {@code purpose-not-allowed}; another department's: 403.
 * </ul>
 *
 * The places of a Thing with a personal Datastream the reader may not read (its Locations,
 * HistoricalLocations, and FeaturesOfInterest only such Observations point to) are withheld
 * likewise ({@link #places}).
 *
 * <p>Subjects' identifiers ({@code subject} in a Thing's or Datastream's properties) are real only
 * under an identifying purpose the reader holds; otherwise they are keyed pseudonyms.
 *
 * <p>One per request; not thread-safe (a request's reads run one after another).
 */
final class PolicyReadAccess implements ReadAccess {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Principal principal;
  private final Optional<String> purposeHeader;
  private final String path;
  private final DatastreamPolicies policies;
  private final Audit audit;
  private final Pseudonyms pseudonyms;

  /** The registered purpose the header names, if it does and it exists. */
  private final Optional<Purpose> purpose;

  private final Set<Long> audited = new HashSet<>();
  private Visibility datastreams;
  private Places places;

  PolicyReadAccess(
      Principal principal,
      String purposeHeader,
      String path,
      DatastreamPolicies policies,
      PurposeRegister register,
      Audit audit,
      Pseudonyms pseudonyms) {
    this.principal = principal;
    this.purposeHeader =
        Optional.ofNullable(purposeHeader).map(String::trim).filter(h -> !h.isEmpty());
    this.path = path;
    this.policies = policies;
    this.audit = audit;
    this.pseudonyms = pseudonyms;
    this.purpose = this.purposeHeader.flatMap(register::find);
  }

  @Override
  public void requireReadable(ObservationStream stream) {
    Optional<Supplier<RuntimeException>> refusal = refusal(stream);
    if (refusal.isPresent()) {
      throw refusal.get().get();
    }
  }

  /**
   * Why the stream may not be read, or empty when it may; the exception is made only when thrown,
   * since collections ask this for every classified Datastream.
   */
  private Optional<Supplier<RuntimeException>> refusal(ObservationStream stream) {
    DatastreamPolicy policy =
        switch (stream) {
          case ObservationStream.Datastream d -> policies.policy(d.id());
          // Not classifiable: internal and owned by no department.
          case ObservationStream.MultiDatastream m -> DatastreamPolicy.unclassified(m.id());
        };
    String name =
        (stream instanceof ObservationStream.Datastream ? "Datastream " : "MultiDatastream ")
            + stream.id();
    if (policy.dataClass() == DataClass.PUBLIC) {
      return Optional.empty();
    }
    if (principal.isAnonymous()) {
      return Optional.of(
          () ->
              new UnauthorizedException(
                  name + " is " + policy.dataClass().wireName() + " data: sign in to read it",
                  "Authorization"));
    }
    if (policy.dataClass() == DataClass.INTERNAL) {
      if (policy.department().isEmpty()
          || principal.actsFor(policy.department().get())
          || principal.isDataProtectionOfficer()
          || principal.isAdministrator()) {
        return Optional.empty();
      }
      return Optional.of(
          () ->
              new ForbiddenException(
                  name
                      + " belongs to the "
                      + policy.department().get().wireName()
                      + " department; "
                      + principal.id()
                      + " does not operate for it",
                  "path"));
    }
    return purposeRefusal(name, policy);
  }

  private Optional<Supplier<RuntimeException>> purposeRefusal(
      String name, DatastreamPolicy policy) {
    if (purposeHeader.isEmpty()) {
      return Optional.of(
          () ->
              new ForbiddenException(
                  "purpose-required",
                  name
                      + " holds personal data: name the purpose of reading in the "
                      + DataClassGuard.PURPOSE_HEADER
                      + " header (it declares: "
                      + declared(policy)
                      + ")",
                  DataClassGuard.PURPOSE_HEADER));
    }
    String asked = purposeHeader.get();
    if (purpose.isEmpty()) {
      return Optional.of(() -> notAllowed("there is no purpose '" + asked + "' in the register"));
    }
    if (!policy.purposes().contains(asked)) {
      return Optional.of(
          () ->
              notAllowed(
                  name + " may not be used for '" + asked + "'; it declares: " + declared(policy)));
    }
    if (!holdsPurpose()) {
      return Optional.of(
          () ->
              notAllowed(
                  principal.id()
                      + " operates for no department that holds the purpose '"
                      + asked
                      + "'"));
    }
    return Optional.empty();
  }

  private static String declared(DatastreamPolicy policy) {
    return String.join(", ", new java.util.TreeSet<>(policy.purposes()));
  }

  private static ForbiddenException notAllowed(String message) {
    return new ForbiddenException("purpose-not-allowed", message, DataClassGuard.PURPOSE_HEADER);
  }

  /** Whether the reader operates for a department the (registered) purpose names. */
  private boolean holdsPurpose() {
    return purpose.isPresent() && purpose.get().departments().stream().anyMatch(principal::actsFor);
  }

  @Override
  public Visibility datastreams() {
    if (datastreams == null) {
      datastreams = computeDatastreams();
    }
    return datastreams;
  }

  private Visibility computeDatastreams() {
    Map<Long, DatastreamPolicy> classified = policies.classified();
    if (principal.isAnonymous()) {
      Set<Long> open = new HashSet<>();
      classified.forEach(
          (id, policy) -> {
            if (policy.dataClass() == DataClass.PUBLIC) {
              open.add(id);
            }
          });
      return new Visibility.Only(open);
    }
    // Unclassified Datastreams are internal without a department: visible to the signed-in.
    Set<Long> hidden = new HashSet<>();
    classified.forEach(
        (id, policy) -> {
          if (refusal(new ObservationStream.Datastream(id)).isPresent()) {
            hidden.add(id);
          }
        });
    return new Visibility.AllExcept(hidden);
  }

  /**
   * A Thing with a personal Datastream this reader may not read is a household's or a person's: its
   * Locations and HistoricalLocations (where they live) are withheld, and so are the
   * FeaturesOfInterest only such Datastreams' Observations point to (one derived from the Location
   * is the home again). A feature that an Observation of a classified Datastream the reader may
   * read points to as well is shown: the reader sees it with that Observation anyway (unclassified
   * Datastreams are not in memory, so a feature shared only with one of those stays withheld). From
   * the in-memory policies and {@link #refusal}, once per request; which Thing and which places a
   * Datastream has, storage joins in the query (see {@code GuardedReader}).
   */
  @Override
  public Places places() {
    if (places == null) {
      Set<Long> withheld = new HashSet<>();
      Set<Long> shown = new HashSet<>();
      policies
          .classified()
          .forEach(
              (id, policy) -> {
                if (refusal(new ObservationStream.Datastream(id)).isEmpty()) {
                  shown.add(id);
                } else if (policy.dataClass().isPersonal()) {
                  withheld.add(id);
                }
              });
      places = new Places(withheld, shown);
    }
    return places;
  }

  @Override
  public Visibility multiDatastreams() {
    return principal.isAnonymous() ? new Visibility.Only(Set.of()) : Visibility.ALL;
  }

  @Override
  public void reading(ObservationStream stream) {
    if (!(stream instanceof ObservationStream.Datastream datastream)
        || audited.contains(datastream.id())) {
      return;
    }
    DatastreamPolicy policy = policies.policy(datastream.id());
    if (!policy.dataClass().isPersonal()) {
      return;
    }
    // Only reached for streams this access allowed; the purpose is therefore present.
    Map<String, String> details = new LinkedHashMap<>();
    details.put("purpose", purposeHeader.orElse(""));
    details.put("path", path);
    audit.record(
        principal.id(), "personal-data.read", "Datastreams(" + datastream.id() + ")", details);
    audited.add(datastream.id());
  }

  @Override
  public void readingAnyVisible() {
    Visibility visible = datastreams();
    for (DatastreamPolicy policy : policies.classified().values()) {
      if (policy.dataClass().isPersonal() && visible.includes(policy.datastreamId())) {
        reading(new ObservationStream.Datastream(policy.datastreamId()));
      }
    }
  }

  @Override
  public boolean revealsSubjects() {
    return purpose.isPresent() && purpose.get().identifying() && holdsPurpose();
  }

  /** Whether the policy's own {@code subject} may be shown for {@code policy} (routes). */
  boolean revealsSubjectOf(DatastreamPolicy policy) {
    return principal.isDataProtectionOfficer()
        || (revealsSubjects() && policy.purposes().contains(purpose.get().id()));
  }

  @Override
  public Entity present(Entity entity) {
    if ((entity.type() != EntityType.THING && entity.type() != EntityType.DATASTREAM)
        || revealsSubjects()
        || !(entity.value("properties") instanceof Json properties)
        || !properties.text().contains("\"subject\"")) {
      return entity;
    }
    try {
      JsonNode tree = JSON.readTree(properties.text());
      if (!(tree instanceof ObjectNode object) || !object.has("subject")) {
        return entity;
      }
      JsonNode subject = object.get("subject");
      if (!subject.isNull()) {
        object.put(
            "subject", pseudonyms.of(subject.isTextual() ? subject.asText() : subject.toString()));
      }
      Map<String, Object> values = new LinkedHashMap<>(entity.values());
      values.put("properties", new Json(JSON.writeValueAsString(object)));
      return new Entity(entity.type(), entity.id(), values);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("stored properties are JSON", e);
    }
  }

  /** The policy's subject as this reader may see it. */
  Optional<String> subjectOf(DatastreamPolicy policy) {
    return revealsSubjectOf(policy) ? policy.subject() : policy.subject().map(pseudonyms::of);
  }
}
