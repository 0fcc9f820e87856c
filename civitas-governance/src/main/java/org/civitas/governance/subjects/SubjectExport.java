package org.civitas.governance.subjects;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.civitas.error.ConflictException;
import org.civitas.governance.audit.Audit;
import org.civitas.governance.classes.DatastreamPolicy;
import org.civitas.governance.consent.ConsentDecision;
import org.civitas.governance.consent.ConsentStore;
import org.civitas.governance.subjects.SubjectRequest.Kind;
import org.civitas.governance.subjects.SubjectRequest.Status;
import org.civitas.sensing.model.Entity;
import org.civitas.sensing.model.EntityType;
import org.civitas.server.http.JsonCodec;
import org.civitas.server.sensing.SensingApi;

/**
 * The answer to an access request: everything held about the subject, as JSON or as CSV. For each
 * governed Datastream naming the subject its policy, the Datastream and its Thing as the API shows
 * them, and all its Observations, read page by page and written as they are read (never all in
 * memory); then the subject's consent history.
 *
 * <p>The CSV is one table, {@code section,datastream,id,time,value}: a row per policy, Datastream
 * and Thing (value: their JSON), per Observation (time: its phenomenonTime, value: its result), per
 * consent decision and per audit entry (time: when, value: its JSON). RFC 4180 quoting.
 *
 * <p>The audit entries naming the subject come from a {@link SubjectAuditTrail}; without one the
 * JSON says {@code "audit": null} with a note, and the CSV has a row {@code audit-unavailable}.
 */
public final class SubjectExport {
  /** Observations per page read from the store. */
  static final int PAGE = 1_000;

  /** Pages per Datastream at most: 50 million Observations. */
  private static final int MAX_PAGES = 50_000;

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final JsonFactory FACTORY = MAPPER.getFactory();

  static final String AUDIT_UNAVAILABLE =
      "the audit entries naming the subject are not included: this node's audit log offers no"
          + " query; ask the data protection officer for an extract";

  /** The formats an export is written in. */
  public enum Format {
    JSON("application/json"),
    CSV("text/csv; charset=utf-8");

    private final String contentType;

    Format(String contentType) {
      this.contentType = contentType;
    }

    public String contentType() {
      return contentType;
    }
  }

  private final SubjectRequests requests;
  private final SubjectRequestStore store;
  private final ConsentStore consents;
  private final SensingApi sensing;
  private final Audit audit;
  private final Clock clock;
  private final Optional<SubjectAuditTrail> auditTrail;

  /**
   * @param auditTrail the audit entries naming a subject, or empty where the audit log offers no
   *     query
   */
  public SubjectExport(
      SubjectRequests requests,
      SubjectRequestStore store,
      ConsentStore consents,
      SensingApi sensing,
      Audit audit,
      Optional<SubjectAuditTrail> auditTrail,
      Clock clock) {
    this.auditTrail = Objects.requireNonNull(auditTrail, "auditTrail");
    this.requests = Objects.requireNonNull(requests, "requests");
    this.store = Objects.requireNonNull(store, "store");
    this.consents = Objects.requireNonNull(consents, "consents");
    this.sensing = Objects.requireNonNull(sensing, "sensing");
    this.audit = Objects.requireNonNull(audit, "audit");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * Checks that request {@code id} may be exported and audits the export ({@code
   * subject-request.exported}); call before anything is written, so that a refusal can still be
   * answered as an error.
   *
   * @return the request
   * @throws ConflictException unless it is an access request in progress or completed
   */
  public SubjectRequest prepare(String actor, long id, Format format) {
    SubjectRequest request = requests.find(id);
    if (request.kind() != Kind.ACCESS) {
      throw new ConflictException("request " + id + " asks for erasure, not access", "kind");
    }
    if (request.status() != Status.IN_PROGRESS && request.status() != Status.COMPLETED) {
      throw new ConflictException(
          "request "
              + id
              + " is "
              + request.status().wireName()
              + "; an export is made once it is in progress",
          "status");
    }
    audit.record(
        actor,
        "subject-request.exported",
        "subject:" + request.subject(),
        Map.of(
            "request",
            Long.toString(id),
            "format",
            format.name().toLowerCase(java.util.Locale.ROOT)));
    return request;
  }

  /** Writes the export of {@code request} to {@code out} (left open). */
  public void write(SubjectRequest request, Format format, OutputStream out) {
    try {
      switch (format) {
        case JSON -> writeJson(request, out);
        case CSV -> writeCsv(request, out);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("writing the export of request " + request.id(), e);
    }
  }

  private void writeJson(SubjectRequest request, OutputStream out) throws IOException {
    try (JsonGenerator json = FACTORY.createGenerator(out, JsonEncoding.UTF8)) {
      json.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
      json.setCodec(MAPPER);
      json.writeStartObject();
      json.writeStringField("subject", request.subject());
      json.writeNumberField("request", request.id());
      json.writeStringField("generated", clock.instant().toString());
      json.writeArrayFieldStart("datastreams");
      for (DatastreamPolicy policy : requests.subjectPolicies(request.subject())) {
        json.writeStartObject();
        json.writeFieldName("policy");
        json.writeTree(policyJson(policy));
        json.writeFieldName("datastream");
        json.writeTree(entity(EntityType.DATASTREAM, policy.datastreamId()).orElse(null));
        json.writeFieldName("thing");
        json.writeTree(thing(policy.datastreamId()).orElse(null));
        json.writeArrayFieldStart("observations");
        forEachObservation(
            policy.datastreamId(),
            o -> {
              json.writeStartObject();
              json.writeNumberField("id", o.id());
              json.writeStringField("phenomenonTime", phenomenonTime(o));
              json.writeStringField(
                  "resultTime", o.resultTime().map(Object::toString).orElse(null));
              json.writeFieldName("result");
              writeResult(json, o);
              json.writeEndObject();
            });
        json.writeEndArray();
        json.writeEndObject();
        json.flush();
      }
      json.writeEndArray();
      json.writeArrayFieldStart("consents");
      for (ConsentDecision decision : consents.history(request.subject())) {
        json.writeTree(consentJson(decision));
      }
      json.writeEndArray();
      json.writeFieldName("audit");
      if (auditTrail.isPresent()) {
        json.writeStartArray();
        auditTrail.get().forEach(request.subject(), entry -> writeTree(json, auditJson(entry)));
        json.writeEndArray();
      } else {
        json.writeNull();
        json.writeStringField("auditNote", AUDIT_UNAVAILABLE);
      }
      json.writeEndObject();
    }
  }

  private void writeCsv(SubjectRequest request, OutputStream out) throws IOException {
    Writer csv = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
    row(csv, "section", "datastream", "id", "time", "value");
    for (DatastreamPolicy policy : requests.subjectPolicies(request.subject())) {
      String datastream = Long.toString(policy.datastreamId());
      row(csv, "policy", datastream, datastream, "", text(policyJson(policy)));
      Optional<JsonNode> metadata = entity(EntityType.DATASTREAM, policy.datastreamId());
      if (metadata.isPresent()) {
        row(csv, "datastream", datastream, datastream, "", text(metadata.get()));
      }
      Optional<JsonNode> thing = thing(policy.datastreamId());
      if (thing.isPresent()) {
        row(csv, "thing", datastream, thing.get().path("@iot.id").asText(), "", text(thing.get()));
      }
      forEachObservation(
          policy.datastreamId(),
          o ->
              row(
                  csv,
                  "observation",
                  datastream,
                  Long.toString(o.id()),
                  phenomenonTime(o),
                  o.resultNumber()
                      .map(SubjectExport::number)
                      .orElseGet(() -> o.resultJson().orElse(""))));
      csv.flush();
    }
    for (ConsentDecision decision : consents.history(request.subject())) {
      row(
          csv,
          "consent",
          "",
          Long.toString(decision.seq()),
          decision.at().toString(),
          text(consentJson(decision)));
    }
    if (auditTrail.isPresent()) {
      auditTrail
          .get()
          .forEach(
              request.subject(),
              entry ->
                  uncheckedRow(
                      csv,
                      "audit",
                      "",
                      Long.toString(entry.seq()),
                      entry.at().toString(),
                      text(auditJson(entry))));
    } else {
      row(csv, "audit-unavailable", "", "", "", AUDIT_UNAVAILABLE);
    }
    csv.flush();
  }

  // ------------------------------------------------------------------------------------- parts

  @FunctionalInterface
  private interface ObservationWriter {
    void write(HeldObservation observation) throws IOException;
  }

  private void forEachObservation(long datastreamId, ObservationWriter writer) throws IOException {
    Optional<HeldObservation> after = Optional.empty();
    for (int page = 0; page < MAX_PAGES; page++) {
      List<HeldObservation> observations = store.observations(datastreamId, after, PAGE);
      for (HeldObservation observation : observations) {
        writer.write(observation);
      }
      if (observations.size() < PAGE) {
        return;
      }
      after = Optional.of(observations.get(observations.size() - 1));
    }
  }

  private Optional<JsonNode> entity(EntityType type, long id) {
    Optional<Entity> entity = sensing.find(type, id);
    return entity.map(
        e -> JsonCodec.readTree(new String(sensing.entityJson(e), StandardCharsets.UTF_8)));
  }

  private Optional<JsonNode> thing(long datastreamId) {
    return EntityType.DATASTREAM
        .navigation("Thing")
        .flatMap(nav -> sensing.linked(nav, datastreamId, 1).stream().findFirst())
        .flatMap(thingId -> entity(EntityType.THING, thingId));
  }

  static ObjectNode policyJson(DatastreamPolicy policy) {
    ObjectNode node =
        JsonCodec.newObject()
            .put("datastream", policy.datastreamId())
            .put("dataClass", policy.dataClass().wireName())
            .put("department", policy.department().map(d -> d.wireName()).orElse(null));
    var purposes = node.putArray("purposes");
    policy.purposes().stream().sorted().forEach(purposes::add);
    return node.put("retention", policy.retention().map(Object::toString).orElse(null))
        .put("technology", policy.technology().orElse(null))
        .put("subject", policy.subject().orElse(null))
        .put("consentRequired", policy.consentRequired())
        .put("active", policy.active());
  }

  static ObjectNode auditJson(SubjectAuditTrail.Entry entry) {
    ObjectNode node =
        JsonCodec.newObject()
            .put("seq", entry.seq())
            .put("at", entry.at().toString())
            .put("actor", entry.actor())
            .put("action", entry.action())
            .put("target", entry.target());
    ObjectNode details = node.putObject("details");
    entry.details().entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .forEach(e -> details.put(e.getKey(), e.getValue()));
    return node;
  }

  private static void writeTree(JsonGenerator json, JsonNode node) {
    try {
      json.writeTree(node);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void uncheckedRow(Writer csv, String... fields) {
    try {
      row(csv, fields);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static ObjectNode consentJson(ConsentDecision decision) {
    return JsonCodec.newObject()
        .put("seq", decision.seq())
        .put("purpose", decision.purpose())
        .put("decision", decision.decision().wireName())
        .put("at", decision.at().toString())
        .put("recordedBy", decision.recordedBy())
        .put("channel", decision.channel().wireName());
  }

  private static String phenomenonTime(HeldObservation o) {
    return o.phenomenonTimeEnd()
        .map(end -> o.phenomenonTimeStart() + "/" + end)
        .orElse(o.phenomenonTimeStart().toString());
  }

  private static void writeResult(JsonGenerator json, HeldObservation o) throws IOException {
    if (o.resultNumber().isPresent()) {
      json.writeNumber(o.resultNumber().get());
    } else if (o.resultJson().isPresent()) {
      json.writeTree(JsonCodec.readTree(o.resultJson().get()));
    } else {
      json.writeNull();
    }
  }

  /** A number as the API writes it: whole numbers without a fraction. */
  private static String number(double value) {
    return value == Math.rint(value) && Math.abs(value) < 1e15
        ? Long.toString((long) value)
        : Double.toString(value);
  }

  private static String text(JsonNode node) {
    return new String(JsonCodec.write(node), StandardCharsets.UTF_8);
  }

  /** One CSV record, fields quoted where RFC 4180 needs it. */
  private static void row(Writer csv, String... fields) throws IOException {
    for (int i = 0; i < fields.length; i++) {
      if (i > 0) {
        csv.write(',');
      }
      String field = fields[i];
      if (field.indexOf(',') >= 0
          || field.indexOf('"') >= 0
          || field.indexOf('\n') >= 0
          || field.indexOf('\r') >= 0) {
        csv.write('"');
        csv.write(field.replace("\"", "\"\""));
        csv.write('"');
      } else {
        csv.write(field);
      }
    }
    csv.write("\r\n");
  }
}
