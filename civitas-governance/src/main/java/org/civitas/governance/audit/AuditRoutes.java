package org.civitas.governance.audit;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.civitas.error.InvalidInputException;
import org.civitas.governance.audit.store.AuditEntry;
import org.civitas.governance.audit.store.AuditHead;
import org.civitas.governance.audit.store.AuditQuery;
import org.civitas.governance.audit.store.AuditStore;
import org.civitas.governance.identity.Principal;
import org.civitas.server.access.Callers;
import org.civitas.server.http.JsonCodec;

/**
 * The audit log for the data protection officer at {@code /api/v1/governance/audit}: a filtered
 * list newest first, paged by seq ({@code actor}, {@code action}, {@code target} as a prefix,
 * {@code since} inclusive and {@code until} exclusive as ISO-8601 instants, {@code top}, {@code
 * before}), and {@code /verify}, which checks the whole chain (and, given {@code
 * publishedHead=SEQ:HASH}, that it still holds a head published earlier). Anyone else gets 401
 * (anonymous) or 403. Every read is itself recorded as {@code audit.read}, before the answer is
 * sent.
 */
public final class AuditRoutes {
  static final String AUDIT = "/api/v1/governance/audit";
  private static final int DEFAULT_TOP = 100;
  private static final int MAX_TOP = 1000;

  private final AuditStore store;
  private final Audit audit;
  private final AuditVerifier verifier;

  private AuditRoutes(AuditStore store, Audit audit) {
    this.store = store;
    this.audit = audit;
    this.verifier = new AuditVerifier(store);
  }

  /**
   * @param store the log that is read and verified
   * @param audit where reads are recorded (normally a {@link HashChainedAudit} on {@code store})
   */
  public static void register(RoutesConfig routes, AuditStore store, Audit audit) {
    AuditRoutes api = new AuditRoutes(store, audit);
    routes.get(AUDIT, api::list);
    routes.get(AUDIT + "/verify", api::verify);
  }

  private void list(Context ctx) {
    Principal caller = Callers.of(ctx);
    Officer.requireDataProtectionOfficer(caller, "read the audit log");
    Map<String, String> filters = new LinkedHashMap<>();
    String actor = text(ctx, "actor", filters);
    String action = text(ctx, "action", filters);
    String target = text(ctx, "target", filters);
    Instant since = instant(ctx, "since", filters);
    Instant until = instant(ctx, "until", filters);
    int top = (int) number(ctx, "top", DEFAULT_TOP, 1, MAX_TOP, filters);
    long before = number(ctx, "before", 0, 1, Long.MAX_VALUE, filters);
    List<AuditEntry> page =
        store.find(new AuditQuery(actor, action, target, since, until, before, top + 1));

    ObjectNode answer = JsonCodec.newObject();
    ArrayNode value = answer.putArray("value");
    page.stream().limit(top).forEach(entry -> value.add(json(entry)));
    if (page.size() > top) {
      StringBuilder next = new StringBuilder(AUDIT + "?top=" + top);
      next.append("&before=").append(page.get(top - 1).seq());
      filters.forEach(
          (name, text) -> {
            if (!name.equals("top") && !name.equals("before")) {
              next.append('&')
                  .append(name)
                  .append('=')
                  .append(URLEncoder.encode(text, StandardCharsets.UTF_8));
            }
          });
      answer.put("nextLink", next.toString());
    }
    Map<String, String> details = new LinkedHashMap<>(filters);
    details.put("view", "entries");
    details.put("returned", Integer.toString(Math.min(page.size(), top)));
    audit.record(caller.id(), "audit.read", "audit-log", details);
    respond(ctx, answer);
  }

  private void verify(Context ctx) {
    Principal caller = Callers.of(ctx);
    Officer.requireDataProtectionOfficer(caller, "verify the audit log");
    Optional<AuditHead> published = publishedHead(ctx);
    Verification result = verifier.verify(published);
    ObjectNode answer = json(result);
    Map<String, String> details = new LinkedHashMap<>();
    details.put("view", "verify");
    published.ifPresent(h -> details.put("publishedHead", h.seq() + ":" + h.hash()));
    details.put("valid", Boolean.toString(result.valid()));
    details.put("entriesChecked", Long.toString(result.entriesChecked()));
    details.put("headSeq", Long.toString(result.headSeq()));
    details.put("headHash", result.headHash());
    result.firstBreak().ifPresent(b -> details.put("firstBrokenSeq", Long.toString(b.seq())));
    audit.record(caller.id(), "audit.read", "audit-log", details);
    respond(ctx, answer);
  }

  /** An entry as the API shows it. */
  static ObjectNode json(AuditEntry entry) {
    ObjectNode node = JsonCodec.newObject();
    node.put("seq", entry.seq());
    node.put("at", entry.at().toString());
    node.put("actor", entry.actor());
    node.put("action", entry.action());
    node.put("target", entry.target());
    ObjectNode details = node.putObject("details");
    entry.details().forEach(details::put);
    node.put("prevHash", entry.prevHash());
    node.put("hash", entry.hash());
    return node;
  }

  /** A verification as the API shows it. */
  static ObjectNode json(Verification result) {
    ObjectNode node = JsonCodec.newObject();
    node.put("valid", result.valid());
    node.put("entriesChecked", result.entriesChecked());
    node.put("headSeq", result.headSeq());
    node.put("headHash", result.headHash());
    result
        .firstBreak()
        .ifPresent(
            b ->
                node.putObject("firstBreak")
                    .put("seq", b.seq())
                    .put("reason", b.reason().name())
                    .put("detail", b.detail()));
    return node;
  }

  /** The {@code publishedHead=SEQ:HASH} parameter: a head published earlier to check against. */
  private static Optional<AuditHead> publishedHead(Context ctx) {
    String text = ctx.queryParam("publishedHead");
    if (text == null || text.isEmpty()) {
      return Optional.empty();
    }
    int colon = text.indexOf(':');
    String hash = text.substring(colon + 1);
    try {
      if (colon > 0 && hash.matches("[0-9a-f]{64}")) {
        return Optional.of(new AuditHead(Long.parseLong(text.substring(0, colon)), hash));
      }
    } catch (NumberFormatException e) {
      // answered below
    }
    throw new InvalidInputException(
        "publishedHead is SEQ:HASH (a whole number, a colon, 64 lower-case hexadecimal digits)",
        "publishedHead");
  }

  private static String text(Context ctx, String name, Map<String, String> filters) {
    String value = ctx.queryParam(name);
    if (value == null || value.isEmpty()) {
      return null;
    }
    if (value.length() > 500) {
      throw new InvalidInputException(name + " is at most 500 characters", name);
    }
    filters.put(name, value);
    return value;
  }

  private static Instant instant(Context ctx, String name, Map<String, String> filters) {
    String value = ctx.queryParam(name);
    if (value == null || value.isEmpty()) {
      return null;
    }
    try {
      Instant at = Instant.parse(value);
      filters.put(name, value);
      return at;
    } catch (DateTimeParseException e) {
      throw new InvalidInputException(
          name + " is an ISO-8601 instant such as 2026-12-01T08:00:00Z, found \"" + value + "\"",
          name);
    }
  }

  private static long number(
      Context ctx, String name, long fallback, long min, long max, Map<String, String> filters) {
    String value = ctx.queryParam(name);
    if (value == null || value.isEmpty()) {
      return fallback;
    }
    try {
      long number = Long.parseLong(value);
      if (number >= min && number <= max) {
        filters.put(name, value);
        return number;
      }
    } catch (NumberFormatException e) {
      // answered below
    }
    throw new InvalidInputException(
        name + " is a whole number from " + min + " to " + max + ", found \"" + value + "\"", name);
  }

  private static void respond(Context ctx, ObjectNode body) {
    ctx.status(200).contentType("application/json").result(JsonCodec.write(body));
  }
}
