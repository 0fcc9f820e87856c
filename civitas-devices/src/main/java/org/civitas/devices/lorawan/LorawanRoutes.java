package org.civitas.devices.lorawan;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import org.civitas.devices.ingest.Accepted;
import org.civitas.devices.ingest.DeviceIngest;
import org.civitas.devices.ingest.Radio;
import org.civitas.devices.registry.DeviceRegistry;
import org.civitas.devices.store.Device;
import org.civitas.error.InvalidInputException;
import org.civitas.server.http.JsonCodec;
import org.civitas.server.http.Problem;
import org.civitas.server.http.ProblemResponses;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The webhooks LoRaWAN network servers deliver to: {@code POST /api/v1/lorawan/chirpstack?event=…}
 * (ChirpStack v4 HTTP integration) and {@code POST /api/v1/lorawan/tts} (The Things Stack v3
 * webhook), see docs/DEVICES.md.
 *
 * <p>Each request is judged by its {@link WebhookSecret} before anything of it is read: a missing
 * or wrong secret is 401 and changes nothing. Then the body is parsed (a malformed one is 400
 * naming its JSON path) and the device found by its DevEUI:
 *
 * <ul>
 *   <li>an uplink with application data goes to {@link DeviceIngest#accept} and is answered 200
 *       only once its Observations are committed, so that the network server's retry of a failed
 *       request is what keeps it from being lost; a repeat is stored once (its message id);
 *   <li>an uplink on FPort 0 (MAC commands only) is answered 204 and skipped;
 *   <li>a status (battery) or join becomes device activity ({@link DeviceIngest#recordStatus});
 *   <li>an unknown DevEUI or a revoked device is answered 204 too — the network server would
 *       otherwise retry forever — but counted and logged at WARN once per DevEUI an hour.
 * </ul>
 *
 * <p>Every request is counted in {@code civitas_lorawan_events_total{network, event, outcome}}.
 * Without a secret (the setting {@code lorawan.webhook-secret} unset) both routes answer 404.
 *
 * <p>Thread-safe.
 */
public final class LorawanRoutes {
  private static final Logger log = LoggerFactory.getLogger(LorawanRoutes.class);

  public static final String CHIRPSTACK = "/api/v1/lorawan/chirpstack";
  public static final String TTS = "/api/v1/lorawan/tts";

  /** How long an unknown DevEUI stays quiet in the log after its WARN. */
  static final Duration WARN_EVERY = Duration.ofHours(1);

  private static final int MAX_REMEMBERED = 10_000;
  private static final Set<String> CHIRPSTACK_EVENTS =
      Set.of("up", "join", "status", "ack", "txack", "log", "location", "integration");

  /** Answers to uplinks that waited on the ingest path, off its writer thread; nothing to close. */
  private static final Executor RESPONSES = Thread::startVirtualThread;

  private final Optional<WebhookSecret> secret;
  private final DeviceRegistry registry;
  private final DeviceIngest ingest;
  private final MeterRegistry meters;
  private final Clock clock;
  private final Map<String, Instant> warned = new ConcurrentHashMap<>();

  private LorawanRoutes(
      Optional<WebhookSecret> secret,
      DeviceRegistry registry,
      DeviceIngest ingest,
      MeterRegistry meters,
      Clock clock) {
    this.secret = secret;
    this.registry = registry;
    this.ingest = ingest;
    this.meters = meters;
    this.clock = clock;
  }

  /**
   * Registers both webhook routes; pass it to {@code CivitasServer.withRoutes}.
   *
   * @param secret what the network servers must send; empty turns the webhooks off (404)
   */
  public static void register(
      RoutesConfig routes,
      Optional<WebhookSecret> secret,
      DeviceRegistry registry,
      DeviceIngest ingest,
      MeterRegistry meters,
      Clock clock) {
    LorawanRoutes webhooks = new LorawanRoutes(secret, registry, ingest, meters, clock);
    routes.post(CHIRPSTACK, webhooks::chirpstack);
    routes.post(TTS, webhooks::tts);
  }

  private void chirpstack(Context ctx) {
    String type = ctx.queryParam("event");
    String event = type != null && CHIRPSTACK_EVENTS.contains(type) ? type : "unknown";
    byte[] body = admitted(ctx, "chirpstack", event);
    if (body == null) {
      return;
    }
    Optional<LorawanEvent> parsed =
        parsed("chirpstack", event, () -> ChirpStackEvents.parse(type, body));
    handle(ctx, "chirpstack", event, parsed);
  }

  private void tts(Context ctx) {
    byte[] body = admitted(ctx, "tts", "unknown");
    if (body == null) {
      return;
    }
    Optional<LorawanEvent> parsed = parsed("tts", "unknown", () -> TtsMessages.parse(body));
    String event =
        parsed
            .map(
                e ->
                    switch (e) {
                      case LorawanUplink u -> "up";
                      case LorawanJoin j -> "join";
                      case LorawanStatus s -> "status";
                    })
            .orElse("other");
    handle(ctx, "tts", event, parsed);
  }

  /** The body when the request may be read; otherwise answers 404 or 401 and returns null. */
  private byte[] admitted(Context ctx, String network, String event) {
    if (secret.isEmpty()) {
      count(network, event, "disabled");
      problem(
          ctx,
          Problem.of(
              404,
              "not-found",
              "Not found",
              "the LoRaWAN webhooks are off: set lorawan.webhook-secret to turn them on",
              null));
      return null;
    }
    byte[] body = ctx.bodyAsBytes();
    WebhookSecret.Verdict verdict = secret.get().verify(ctx::header, body);
    if (!verdict.accepted()) {
      count(network, event, "unauthorized");
      String header =
          switch (verdict) {
            case SIGNATURE_MISSING, SIGNATURE_WRONG -> secret.get().signatureHeaderName();
            default -> secret.get().headerName();
          };
      String detail =
          switch (verdict) {
            case SECRET_MISSING -> "the webhook secret is missing from header " + header;
            case SECRET_WRONG -> "the webhook secret in header " + header + " is not the one set";
            case SIGNATURE_MISSING -> "a signature in header " + header + " is required";
            default -> "the signature in header " + header + " does not match the body";
          };
      problem(ctx, Problem.of(401, "unauthorized", "Unauthorized", detail, header));
      return null;
    }
    return body;
  }

  private Optional<LorawanEvent> parsed(
      String network, String event, java.util.function.Supplier<Optional<LorawanEvent>> parse) {
    try {
      return parse.get();
    } catch (InvalidInputException e) {
      count(network, event, "invalid");
      throw e;
    }
  }

  private void handle(Context ctx, String network, String event, Optional<LorawanEvent> parsed) {
    if (parsed.isEmpty()) {
      count(network, event, "ignored");
      ctx.status(204);
      return;
    }
    LorawanEvent lorawan = parsed.get();
    if (lorawan instanceof LorawanUplink uplink && !uplink.hasApplicationData()) {
      count(network, event, "skipped");
      ctx.status(204);
      return;
    }
    Optional<Device> found = registry.findByDevEui(lorawan.devEui());
    if (found.isEmpty() || !found.get().active()) {
      String outcome = found.isEmpty() ? "unknown-device" : "revoked";
      count(network, event, outcome);
      warnOnce(lorawan.devEui(), network, found);
      ctx.status(204);
      return;
    }
    Device device = found.get();
    switch (lorawan) {
      case LorawanUplink uplink -> store(ctx, network, event, device, uplink);
      case LorawanStatus status -> {
        ingest.recordStatus(device.id(), status.radio(), status.receivedAt());
        count(network, event, "recorded");
        ctx.status(204);
      }
      case LorawanJoin join -> {
        ingest.recordStatus(device.id(), Radio.UNKNOWN, join.receivedAt());
        log.info(
            "device {} (DevEUI {}) joined through {} with DevAddr {}",
            device.id(),
            join.devEui(),
            network,
            join.devAddr());
        count(network, event, "recorded");
        ctx.status(204);
      }
    }
  }

  private void store(
      Context ctx, String network, String event, Device device, LorawanUplink uplink) {
    CompletableFuture<Accepted> accepted;
    try {
      accepted = ingest.accept(uplink.toUplink(device.id()));
    } catch (RuntimeException e) {
      count(network, event, e instanceof InvalidInputException ? "invalid" : "failed");
      throw e;
    }
    ctx.future(
        () ->
            accepted.handleAsync(
                (done, failure) -> {
                  if (failure != null) {
                    count(network, event, "failed");
                    ProblemResponses.respond(ctx, failure);
                  } else {
                    count(network, event, "stored");
                    ObjectNode answer = JsonCodec.newObject();
                    answer.put("device", done.deviceId());
                    ArrayNode ids = answer.putArray("observations");
                    done.observationIds().forEach(ids::add);
                    ArrayNode unmapped = answer.putArray("unmapped");
                    done.unmappedFields().forEach(unmapped::add);
                    ctx.status(200).contentType("application/json").result(JsonCodec.write(answer));
                  }
                  return null;
                },
                RESPONSES));
  }

  private void warnOnce(String devEui, String network, Optional<Device> found) {
    Instant now = clock.instant();
    Instant last = warned.get(devEui);
    if (last != null && last.plus(WARN_EVERY).isAfter(now)) {
      return;
    }
    if (warned.size() >= MAX_REMEMBERED) {
      // Bounded: a flood of made-up DevEUIs costs a few more log lines, not memory.
      warned.clear();
    }
    warned.put(devEui, now);
    if (found.isEmpty()) {
      log.warn(
          "{} delivered an event of DevEUI {}, which no device is provisioned with; acknowledged"
              + " and dropped (logged once an hour per DevEUI)",
          network,
          devEui);
    } else {
      log.warn(
          "{} delivered an event of DevEUI {} of revoked device {}; acknowledged and dropped"
              + " (logged once an hour per DevEUI)",
          network,
          devEui,
          found.get().id());
    }
  }

  private void count(String network, String event, String outcome) {
    Counter.builder("civitas_lorawan_events")
        .description("Events LoRaWAN network servers delivered to the webhooks, by outcome")
        .tag("network", network)
        .tag("event", event)
        .tag("outcome", outcome)
        .register(meters)
        .increment();
  }

  private static void problem(Context ctx, Problem problem) {
    ctx.status(problem.status())
        .contentType(ProblemResponses.CONTENT_TYPE)
        .result(JsonCodec.write(problem));
  }
}
