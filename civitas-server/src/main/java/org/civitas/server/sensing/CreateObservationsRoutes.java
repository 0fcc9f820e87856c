package org.civitas.server.sensing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.civitas.error.CivitasException;
import org.civitas.error.InvalidInputException;
import org.civitas.sensing.model.Entity;
import org.civitas.sensing.model.EntityType;
import org.civitas.server.ServerSettings;
import org.civitas.server.http.JsonCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /v1.1/CreateObservations} (OGC 18-088, 14.4): many Observations in the compact
 * dataArray form, per Datastream or MultiDatastream. Each row is checked on its own by the same
 * rules as a single POST; the rows that pass are queued on the group-commit ingest path together
 * ({@link SensingService#ingestEach}), so the answer lists, per row in order, the self link of the
 * new Observation or {@code "error"}. A body whose structure is wrong (no stream, unknown
 * components) is a 400 and stores nothing.
 */
final class CreateObservationsRoutes {

  static final String PATH = Links.VERSION_PATH + "/CreateObservations";

  /** Most rows one request may hold, as for the batch ingest of the time-series extension. */
  static final int MAX_ROWS = TimeSeriesRoutes.MAX_BATCH;

  private static final Logger LOG = LoggerFactory.getLogger(CreateObservationsRoutes.class);

  private static final String FEATURE_ID = "FeatureOfInterest/id";

  private static final Set<String> COMPONENTS =
      Set.of(
          "phenomenonTime",
          "result",
          "resultTime",
          "resultQuality",
          "validTime",
          "parameters",
          FEATURE_ID);

  private final SensingService service;
  private final ServerSettings settings;
  private final Executor responses;

  CreateObservationsRoutes(SensingService service, ServerSettings settings, Executor responses) {
    this.service = service;
    this.settings = settings;
    this.responses = responses;
  }

  void create(Context ctx) {
    IdempotencyKeyHeader.refuse(ctx.header(IdempotencyKeyHeader.NAME), "CreateObservations");
    ArrayNode body = JsonCodec.readArray(ctx.bodyAsBytes());
    String root = Links.serviceRoot(ctx, settings.publicUrl());
    List<StreamRows> groups = new ArrayList<>();
    int rows = 0;
    for (int i = 0; i < body.size(); i++) {
      StreamRows group = read(body.get(i), "[" + i + "]");
      rows += group.rows().size();
      groups.add(group);
    }
    if (rows == 0 || rows > MAX_ROWS) {
      throw new InvalidInputException(
          "CreateObservations takes 1 to " + MAX_ROWS + " rows of dataArray, found " + rows, null);
    }
    // Rows that cannot even be read as an Observation are errors in place; the rest are checked
    // and queued together.
    List<CompletableFuture<String>> links = new ArrayList<>(rows);
    List<EntityRequest> readable = new ArrayList<>();
    List<CompletableFuture<String>> awaiting = new ArrayList<>();
    List<String> fields = new ArrayList<>();
    for (StreamRows group : groups) {
      for (int j = 0; j < group.rows().size(); j++) {
        String field = group.field() + ".dataArray[" + j + "]";
        try {
          readable.add(observation(group, j, field));
          CompletableFuture<String> link = new CompletableFuture<>();
          awaiting.add(link);
          fields.add(field);
          links.add(link);
        } catch (RuntimeException e) {
          log(field, e);
          links.add(CompletableFuture.completedFuture("error"));
        }
      }
    }
    List<CompletableFuture<Entity>> stored = service.ingestEach(readable);
    for (int i = 0; i < stored.size(); i++) {
      CompletableFuture<String> link = awaiting.get(i);
      String field = fields.get(i);
      stored
          .get(i)
          .whenComplete(
              (entity, failure) -> {
                if (failure != null) {
                  log(field, failure);
                  link.complete("error");
                } else {
                  link.complete(EntityJson.selfLink(root, EntityType.OBSERVATION, entity.id()));
                }
              });
    }
    CompletableFuture<Void> all = CompletableFuture.allOf(links.toArray(CompletableFuture[]::new));
    ctx.future(
        () ->
            all.thenApplyAsync(
                done -> {
                  ArrayNode answer = JsonCodec.newArray();
                  links.forEach(link -> answer.add(link.join()));
                  SensingRoutes.respond(ctx, 201, answer);
                  return null;
                },
                responses));
  }

  /** One element of the body: a stream, its components and the rows of values. */
  private record StreamRows(
      String navigation, long streamId, List<String> components, ArrayNode rows, String field) {}

  private static StreamRows read(JsonNode node, String field) {
    if (!node.isObject()) {
      throw new InvalidInputException(
          "each element is an object with a Datastream, components and dataArray, found "
              + JsonCodec.describe(node),
          field);
    }
    ObjectNode item = (ObjectNode) node;
    String navigation = null;
    long streamId = 0;
    for (String name : List.of("Datastream", "MultiDatastream")) {
      JsonNode stream = item.get(name);
      if (stream == null) {
        continue;
      }
      JsonNode id = stream.path(EntityJson.ID);
      if (navigation != null
          || !stream.isObject()
          || stream.size() != 1
          || !id.canConvertToLong()
          || !id.isIntegralNumber()
          || id.asLong() < 1) {
        throw new InvalidInputException(
            "name one Datastream or MultiDatastream as {\"" + EntityJson.ID + "\": <id>}",
            field + "." + name);
      }
      navigation = name;
      streamId = id.asLong();
    }
    if (navigation == null) {
      throw new InvalidInputException(
          "each element names its Datastream or MultiDatastream", field + ".Datastream");
    }
    JsonNode componentsNode = item.path("components");
    if (!componentsNode.isArray() || componentsNode.isEmpty()) {
      throw new InvalidInputException(
          "components must be a non-empty array of names", field + ".components");
    }
    List<String> components = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (JsonNode component : componentsNode) {
      String name = component.asText();
      if (!component.isTextual() || !COMPONENTS.contains(name) || !seen.add(name)) {
        throw new InvalidInputException(
            "components are distinct names among "
                + COMPONENTS.stream().sorted().toList()
                + ", found "
                + component,
            field + ".components");
      }
      components.add(name);
    }
    if (!seen.contains("result")) {
      throw new InvalidInputException("components must include result", field + ".components");
    }
    JsonNode rows = item.path("dataArray");
    if (!rows.isArray()) {
      throw new InvalidInputException(
          "dataArray must be an array of rows, found " + JsonCodec.describe(rows),
          field + ".dataArray");
    }
    for (var entry : item.properties()) {
      String name = entry.getKey();
      if (!name.equals(navigation)
          && !name.equals("components")
          && !name.equals("dataArray")
          && !name.equals("dataArray@iot.count")) {
        throw new InvalidInputException(
            "unexpected member '" + name + "' in a CreateObservations element", field + "." + name);
      }
    }
    return new StreamRows(navigation, streamId, components, (ArrayNode) rows, field);
  }

  /** Reads one row as an Observation of the element's stream. */
  private static EntityRequest observation(StreamRows group, int index, String field) {
    JsonNode row = group.rows().get(index);
    if (!row.isArray() || row.size() != group.components().size()) {
      throw new InvalidInputException(
          "a row holds one value per component (" + group.components().size() + ")", field);
    }
    ObjectNode observation = JsonCodec.newObject();
    for (int k = 0; k < row.size(); k++) {
      String component = group.components().get(k);
      if (component.equals(FEATURE_ID)) {
        observation.putObject("FeatureOfInterest").set(EntityJson.ID, row.get(k));
      } else {
        observation.set(component, row.get(k));
      }
    }
    observation.putObject(group.navigation()).put(EntityJson.ID, group.streamId());
    return EntityJson.readNew(EntityType.OBSERVATION, observation, Optional.empty(), field + ".");
  }

  /** A rule the row broke is the client's business; anything else the operator's. */
  private static void log(String field, Throwable failure) {
    Throwable cause =
        failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null
            ? failure.getCause()
            : failure;
    if (cause instanceof CivitasException) {
      LOG.debug("CreateObservations: {} was not stored: {}", field, cause.getMessage());
    } else {
      LOG.warn("CreateObservations: {} failed unexpectedly", field, cause);
    }
  }
}
