package org.civitas.server.sensing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.civitas.error.InvalidInputException;
import org.civitas.error.NotFoundException;
import org.civitas.sensing.model.Entity;
import org.civitas.sensing.model.EntityType;
import org.civitas.sensing.store.SensingStore;
import org.civitas.server.ServerSettings;
import org.civitas.server.access.ReadAccess;
import org.civitas.server.http.JsonCodec;
import org.civitas.server.http.ProblemResponses;
import org.civitas.timeseries.Bucket;
import org.civitas.timeseries.BucketWidth;
import org.civitas.timeseries.IngestOutcome;
import org.civitas.timeseries.NewObservation;
import org.civitas.timeseries.ObservationStream;

/**
 * The Civitas time-series extension at {@code /api/v1} (documented in docs/API.md): the latest
 * Observation of many Datastreams in one request, aggregates over time buckets, and a batch ingest
 * path that commits many Observations of one Datastream atomically.
 */
final class TimeSeriesRoutes {

  /** Most Datastreams one latest-value request may name. */
  static final int MAX_LATEST = 1_000;

  /** Most buckets one aggregate request may produce. */
  static final long MAX_BUCKETS = 100_000;

  /** Most Observations one batch may hold. */
  static final int MAX_BATCH = 100_000;

  private final SensingService service;
  private final SensingStore store;
  private final ServerSettings settings;
  private final Executor responses;

  TimeSeriesRoutes(
      SensingService service, SensingStore store, ServerSettings settings, Executor responses) {
    this.service = service;
    this.store = store;
    this.settings = settings;
    this.responses = responses;
  }

  void register(RoutesConfig routes) {
    routes.get("/api/v1/latest", this::latest);
    routes.get("/api/v1/datastreams/{id}/aggregate", this::aggregate);
    routes.post("/api/v1/datastreams/{id}/observations", this::ingest);
  }

  private void latest(Context ctx) {
    String text = ctx.queryParam("datastreams");
    if (text == null || text.isBlank()) {
      throw new InvalidInputException(
          "datastreams must list Datastream ids, e.g. datastreams=1,2,3", "datastreams");
    }
    Set<Long> ids = new LinkedHashSet<>();
    for (String part : text.split(",", -1)) {
      ids.add(positiveId(part.trim(), "datastreams"));
    }
    if (ids.size() > MAX_LATEST) {
      throw new InvalidInputException(
          "at most " + MAX_LATEST + " Datastreams per request, found " + ids.size(), "datastreams");
    }
    // Naming a Datastream here reads it directly: one the caller may not read fails the request
    // (401, 403) rather than being quietly left out, as a GET of it would.
    ReadAccess access = service.guard().reads(ctx);
    for (long id : ids) {
      access.requireReadable(new ObservationStream.Datastream(id));
    }
    Map<Long, Entity> latest = store.timeSeries().latest(ids);
    for (long id : ids) {
      if (latest.containsKey(id)) {
        access.reading(new ObservationStream.Datastream(id));
      }
    }
    String root = Links.serviceRoot(ctx, settings.publicUrl());
    ObjectNode body = JsonCodec.newObject();
    ArrayNode value = body.putArray("value");
    ArrayNode missing = body.putArray("missing");
    for (long id : ids) {
      Entity observation = latest.get(id);
      if (observation == null) {
        missing.add(id);
      } else {
        ObjectNode item = value.addObject();
        item.put("datastream", id);
        item.set("observation", EntityJson.write(observation, QueryOptions.NONE, root));
      }
    }
    SensingRoutes.respond(ctx, 200, body);
  }

  private void aggregate(Context ctx) {
    long id = positiveId(ctx.pathParam("id"), "id");
    Instant from = TimeText.instant(required(ctx, "from"), "from");
    Instant to = TimeText.instant(required(ctx, "to"), "to");
    if (!from.isBefore(to)) {
      throw new InvalidInputException("from (" + from + ") must be before to (" + to + ")", "to");
    }
    String code = required(ctx, "bucket");
    BucketWidth width =
        BucketWidth.byCode(code)
            .orElseThrow(
                () ->
                    new InvalidInputException(
                        "unknown bucket '"
                            + code
                            + "'; expected one of "
                            + java.util.Arrays.stream(BucketWidth.values())
                                .map(BucketWidth::code)
                                .toList(),
                        "bucket"));
    Duration length = width.duration().orElse(Duration.ofDays(28));
    if (Duration.between(from, to).dividedBy(length) > MAX_BUCKETS) {
      throw new InvalidInputException(
          "from..to spans more than " + MAX_BUCKETS + " buckets of " + code + "; use wider buckets",
          "bucket");
    }
    if (service.find(EntityType.DATASTREAM, id, Set.of("name")).isEmpty()) {
      throw new NotFoundException("no Datastream with id " + id, "id");
    }
    ReadAccess access = service.guard().reads(ctx);
    access.requireReadable(new ObservationStream.Datastream(id));
    access.reading(new ObservationStream.Datastream(id));
    List<Bucket> buckets = store.timeSeries().aggregate(id, from, to, width);
    ObjectNode body = JsonCodec.newObject();
    body.put("datastream", id);
    body.put("from", from.toString());
    body.put("to", to.toString());
    body.put("bucket", width.code());
    ArrayNode list = body.putArray("buckets");
    for (Bucket bucket : buckets) {
      ObjectNode item = list.addObject();
      item.put("start", bucket.start().toString());
      item.put("count", bucket.count());
      item.put("min", bucket.min());
      item.put("max", bucket.max());
      item.put("mean", bucket.mean());
      item.put("sum", bucket.sum());
    }
    SensingRoutes.respond(ctx, 200, body);
  }

  private void ingest(Context ctx) {
    long id = positiveId(ctx.pathParam("id"), "id");
    ArrayNode body = JsonCodec.readArray(ctx.bodyAsBytes());
    if (body.isEmpty() || body.size() > MAX_BATCH) {
      throw new InvalidInputException(
          "a batch holds 1 to " + MAX_BATCH + " Observations, found " + body.size(), null);
    }
    IdempotencyKeyHeader.refuse(
        ctx.header(IdempotencyKeyHeader.NAME),
        "a batch, whose Observations each take an idempotencyKey member");
    var implied = EntityType.OBSERVATION.navigation("Datastream");
    List<EntityRequest> requests = new ArrayList<>(body.size());
    List<String> keys = new ArrayList<>(body.size());
    for (int i = 0; i < body.size(); i++) {
      JsonNode element = body.get(i);
      String prefix = "[" + i + "].";
      if (!element.isObject()) {
        throw new InvalidInputException(
            "each element is an Observation object, found " + JsonCodec.describe(element),
            "[" + i + "]");
      }
      keys.add(idempotencyKey((ObjectNode) element, prefix));
      requests.add(
          EntityJson.readNew(EntityType.OBSERVATION, (ObjectNode) element, implied, prefix));
    }
    CompletableFuture<List<IngestOutcome>> stored = service.ingestAll(id, requests, keys);
    ctx.future(
        () ->
            stored.handleAsync(
                (outcomes, failure) -> {
                  if (failure != null) {
                    ProblemResponses.respond(ctx, failure);
                  } else {
                    ObjectNode answer = JsonCodec.newObject();
                    answer.put("datastream", id);
                    answer.put("count", outcomes.size());
                    answer.put(
                        "duplicates", outcomes.stream().filter(IngestOutcome::duplicate).count());
                    ArrayNode list = answer.putArray("ids");
                    outcomes.forEach(outcome -> list.add(outcome.id()));
                    SensingRoutes.respond(ctx, 201, answer);
                  }
                  return null;
                },
                responses));
  }

  /**
   * Takes the Civitas member {@code idempotencyKey} (a string, optional) out of a batch element
   * before the element is read as an Observation.
   */
  private static String idempotencyKey(ObjectNode element, String prefix) {
    JsonNode key = element.remove("idempotencyKey");
    if (key == null || key.isNull()) {
      return null;
    }
    if (!key.isTextual()) {
      throw new InvalidInputException(
          "idempotencyKey is a string, found " + JsonCodec.describe(key),
          prefix + "idempotencyKey");
    }
    return NewObservation.checkIdempotencyKey(key.asText(), prefix + "idempotencyKey");
  }

  private static String required(Context ctx, String name) {
    return Optional.ofNullable(ctx.queryParam(name))
        .filter(text -> !text.isBlank())
        .orElseThrow(() -> new InvalidInputException(name + " is required", name));
  }

  private static long positiveId(String text, String field) {
    try {
      long id = Long.parseLong(text);
      if (id > 0) {
        return id;
      }
    } catch (NumberFormatException e) {
      // answered below
    }
    throw new InvalidInputException(
        field + " must hold positive integer ids, found '" + text + "'", field);
  }
}
