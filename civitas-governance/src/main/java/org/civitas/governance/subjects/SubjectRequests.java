package org.civitas.governance.subjects;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Instant;
import java.time.Period;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import org.civitas.error.ConflictException;
import org.civitas.error.InvalidInputException;
import org.civitas.error.NotFoundException;
import org.civitas.governance.audit.Audit;
import org.civitas.governance.classes.DatastreamPolicy;
import org.civitas.governance.consent.ConsentStore;
import org.civitas.governance.subjects.SubjectRequest.Kind;
import org.civitas.governance.subjects.SubjectRequest.Status;
import org.civitas.server.http.JsonCodec;

/**
 * Data-subject requests from receipt to answer, and legal holds. A request is due one month after
 * receipt (GDPR Art. 12(3)), extensible once by two further months with a recorded reason; it moves
 * received → in-progress → completed, or to refused (with a reason) while open. Completing an
 * erasure erases: the subject's Observations and their Datastreams' descriptive metadata, except
 * what a legal hold keeps; the consent history is kept as proof of lawful processing (GDPR Art.
 * 7(1)). Every step is audited ({@code subject-request.*}, {@code legal-hold.*}).
 *
 * <p>Callers check that the actor is the data protection officer. Thread-safe: concurrent moves of
 * one request conflict in the store instead of both applying.
 */
public final class SubjectRequests {
  /** How long the city has to answer (GDPR Art. 12(3)). */
  public static final Period ANSWER_WITHIN = Period.ofMonths(1);

  /** How much longer it may take once extended, with a reason (GDPR Art. 12(3)). */
  public static final Period EXTENSION = Period.ofMonths(2);

  /** Observations deleted per transaction during an erasure. */
  static final int ERASE_BATCH = 5_000;

  /** Batches per Datastream at most: 50 million Observations. */
  private static final int MAX_BATCHES = 10_000;

  private final SubjectRequestStore store;
  private final ConsentStore consents;
  private final Supplier<Collection<DatastreamPolicy>> policies;
  private final Audit audit;
  private final Clock clock;

  /**
   * @param policies the governed Datastreams; those whose {@link DatastreamPolicy#subject()} is a
   *     request's subject are what the request is about
   */
  public SubjectRequests(
      SubjectRequestStore store,
      ConsentStore consents,
      Supplier<Collection<DatastreamPolicy>> policies,
      Audit audit,
      Clock clock) {
    this.store = Objects.requireNonNull(store, "store");
    this.consents = Objects.requireNonNull(consents, "consents");
    this.policies = Objects.requireNonNull(policies, "policies");
    this.audit = Objects.requireNonNull(audit, "audit");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** When a request received at {@code received} is due, before any extension. */
  public static Instant dueAfter(Instant received, Period period) {
    return received.atOffset(ZoneOffset.UTC).plus(period).toInstant();
  }

  /**
   * Records a request received at {@code received} (by letter a few days ago, or now).
   *
   * @throws InvalidInputException (field {@code received}) when it lies in the future
   */
  public SubjectRequest receive(String actor, String subject, Kind kind, Instant received) {
    Instant now = clock.instant();
    if (received.isAfter(now)) {
      throw new InvalidInputException(
          "received lies in the future (" + received + "); it is when the request arrived",
          "received");
    }
    SubjectRequest request =
        store.create(
            new SubjectRequest(
                0,
                subject,
                kind,
                Status.RECEIVED,
                received,
                dueAfter(received, ANSWER_WITHIN),
                Optional.empty(),
                Optional.empty(),
                actor,
                now,
                Optional.empty()));
    audit(actor, "subject-request.received", request, Map.of("kind", kind.wireName()));
    return request;
  }

  public SubjectRequest find(long id) {
    return store
        .find(id)
        .orElseThrow(() -> new NotFoundException("there is no data-subject request " + id));
  }

  /** Every request, newest first. */
  public List<SubjectRequest> list() {
    return store.list();
  }

  /** The open requests past their deadline now, the most overdue first. */
  public List<SubjectRequest> overdue() {
    Instant now = clock.instant();
    return store.list().stream()
        .filter(r -> r.overdueAt(now))
        .sorted((a, b) -> a.due().compareTo(b.due()))
        .toList();
  }

  /** received → in-progress. */
  public SubjectRequest start(String actor, long id) {
    SubjectRequest request = find(id);
    requireStatus(request, Status.RECEIVED, "started");
    return move(actor, request, Status.IN_PROGRESS, request.due(), request.extension(), Map.of());
  }

  /** Extends the deadline by {@link #EXTENSION}, once, while open. */
  public SubjectRequest extend(String actor, long id, String reason) {
    SubjectRequest request = find(id);
    requireOpen(request, "extended");
    if (request.extension().isPresent()) {
      throw new ConflictException(
          "request " + id + " was extended already (" + request.extension().get() + ")", "status");
    }
    Instant due = dueAfter(request.due(), EXTENSION);
    SubjectRequest changed =
        new SubjectRequest(
            id,
            request.subject(),
            request.kind(),
            request.status(),
            request.received(),
            due,
            Optional.of(reason),
            request.reason(),
            actor,
            clock.instant(),
            request.outcome());
    save(changed, request.status());
    audit(
        actor,
        "subject-request.extended",
        changed,
        Map.of("due", due.toString(), "reason", reason));
    return changed;
  }

  /** Refuses an open request, with the reason the subject is told. */
  public SubjectRequest refuse(String actor, long id, String reason) {
    SubjectRequest request = find(id);
    requireOpen(request, "refused");
    SubjectRequest changed =
        new SubjectRequest(
            id,
            request.subject(),
            request.kind(),
            Status.REFUSED,
            request.received(),
            request.due(),
            request.extension(),
            Optional.of(reason),
            actor,
            clock.instant(),
            request.outcome());
    save(changed, request.status());
    audit(actor, "subject-request.refused", changed, Map.of("reason", reason));
    return changed;
  }

  /** in-progress → completed, for an access request once its export was handed over. */
  public SubjectRequest complete(String actor, long id) {
    SubjectRequest request = find(id);
    if (request.kind() != Kind.ACCESS) {
      throw new ConflictException(
          "an erasure request is completed by erasing (POST .../erase), not by completing", "kind");
    }
    requireStatus(request, Status.IN_PROGRESS, "completed");
    return move(actor, request, Status.COMPLETED, request.due(), request.extension(), Map.of());
  }

  /**
   * Carries out an erasure request that is in progress and completes it, with the report of what
   * was erased and what was kept, and why.
   *
   * @return the completed request; its {@link SubjectRequest#outcome()} is the report
   */
  public SubjectRequest erase(String actor, long id) {
    SubjectRequest request = find(id);
    if (request.kind() != Kind.ERASURE) {
      throw new ConflictException("request " + id + " asks for access, not erasure", "kind");
    }
    requireStatus(request, Status.IN_PROGRESS, "erased");
    Instant now = clock.instant();
    List<LegalHold> holds = store.holds().stream().filter(h -> h.activeAt(now)).toList();
    ObjectNode report = JsonCodec.newObject().put("subject", request.subject());
    ArrayNode erased = report.putArray("erased");
    ArrayNode kept = report.putArray("kept");
    long erasedObservations = 0;
    for (DatastreamPolicy policy : subjectPolicies(request.subject())) {
      long datastream = policy.datastreamId();
      Optional<LegalHold> hold =
          holds.stream().filter(h -> h.covers(request.subject(), datastream)).findFirst();
      if (hold.isPresent()) {
        kept.addObject()
            .put("datastream", datastream)
            .put("why", "legal hold " + hold.get().id() + ": " + hold.get().reason())
            .put("until", hold.get().until().toString());
        continue;
      }
      long removed = 0;
      for (int batch = 0; batch < MAX_BATCHES; batch++) {
        int deleted = store.deleteObservations(datastream, ERASE_BATCH);
        removed += deleted;
        if (deleted < ERASE_BATCH) {
          break;
        }
      }
      boolean metadata =
          store.clearDatastreamMetadata(
              datastream, "personal metadata erased for data-subject request " + id);
      erasedObservations += removed;
      erased
          .addObject()
          .put("datastream", datastream)
          .put("observations", removed)
          .put("metadataCleared", metadata);
    }
    int decisions = consents.history(request.subject()).size();
    kept.addObject()
        .put("consentHistory", decisions)
        .put(
            "why",
            "kept as proof that processing was lawful while consent was given (GDPR Art. 7(1))");
    SubjectRequest changed =
        new SubjectRequest(
            id,
            request.subject(),
            request.kind(),
            Status.COMPLETED,
            request.received(),
            request.due(),
            request.extension(),
            request.reason(),
            actor,
            clock.instant(),
            Optional.of(
                new String(JsonCodec.write(report), java.nio.charset.StandardCharsets.UTF_8)));
    save(changed, Status.IN_PROGRESS);
    audit(
        actor,
        "subject-request.erased",
        changed,
        Map.of(
            "observations",
            Long.toString(erasedObservations),
            "datastreams",
            Integer.toString(erased.size()),
            "kept",
            Integer.toString(kept.size() - 1)));
    return changed;
  }

  /** The governed Datastreams naming {@code subject}, by id. */
  List<DatastreamPolicy> subjectPolicies(String subject) {
    return policies.get().stream()
        .filter(p -> p.subject().map(subject::equals).orElse(false))
        .sorted((a, b) -> Long.compare(a.datastreamId(), b.datastreamId()))
        .toList();
  }

  // ------------------------------------------------------------------------------------- holds

  /** Sets a hold on a subject's data or on one Datastream until {@code until}. */
  public LegalHold hold(
      String actor,
      Optional<String> subject,
      Optional<Long> datastream,
      String reason,
      Instant until) {
    if (subject.isPresent() == datastream.isPresent()) {
      throw new InvalidInputException(
          "a legal hold names either a subject or a datastream",
          subject.isPresent() ? "datastream" : "subject");
    }
    Instant now = clock.instant();
    if (!until.isAfter(now)) {
      throw new InvalidInputException("until must lie in the future, was " + until, "until");
    }
    LegalHold hold =
        store.addHold(new LegalHold(0, subject, datastream, reason, until, actor, now));
    audit.record(
        actor,
        "legal-hold.set",
        "legal-hold:" + hold.id(),
        Map.of(
            "scope",
            subject
                .map(s -> "subject:" + s)
                .orElseGet(() -> "Datastreams(" + datastream.orElseThrow() + ")"),
            "reason",
            reason,
            "until",
            until.toString()));
    return hold;
  }

  /** Every hold, expired ones too. */
  public List<LegalHold> holds() {
    return store.holds();
  }

  /** Ends a hold before its time. */
  public void release(String actor, long id) {
    if (!store.removeHold(id)) {
      throw new NotFoundException("there is no legal hold " + id);
    }
    audit.record(actor, "legal-hold.released", "legal-hold:" + id, Map.of());
  }

  // ----------------------------------------------------------------------------------- helpers

  private SubjectRequest move(
      String actor,
      SubjectRequest request,
      Status to,
      Instant due,
      Optional<String> extension,
      Map<String, String> details) {
    SubjectRequest changed =
        new SubjectRequest(
            request.id(),
            request.subject(),
            request.kind(),
            to,
            request.received(),
            due,
            extension,
            request.reason(),
            actor,
            clock.instant(),
            request.outcome());
    save(changed, request.status());
    audit(actor, "subject-request." + to.wireName(), changed, details);
    return changed;
  }

  private void save(SubjectRequest changed, Status expected) {
    if (!store.update(changed, expected)) {
      throw new ConflictException(
          "request " + changed.id() + " was changed by someone else meanwhile; read it again",
          "status");
    }
  }

  private void audit(
      String actor, String action, SubjectRequest request, Map<String, String> more) {
    Map<String, String> details = new java.util.LinkedHashMap<>(more);
    details.put("request", Long.toString(request.id()));
    details.put("status", request.status().wireName());
    audit.record(actor, action, "subject:" + request.subject(), details);
  }

  private static void requireStatus(SubjectRequest request, Status expected, String verb) {
    if (request.status() != expected) {
      throw new ConflictException(
          "request "
              + request.id()
              + " is "
              + request.status().wireName()
              + "; only a "
              + expected.wireName()
              + " request can be "
              + verb,
          "status");
    }
  }

  private static void requireOpen(SubjectRequest request, String verb) {
    if (!request.status().isOpen()) {
      throw new ConflictException(
          "request "
              + request.id()
              + " is "
              + request.status().wireName()
              + "; only an open request can be "
              + verb,
          "status");
    }
  }
}
