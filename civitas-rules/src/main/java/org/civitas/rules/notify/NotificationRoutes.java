package org.civitas.rules.notify;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import org.civitas.error.ConflictException;
import org.civitas.error.InvalidInputException;
import org.civitas.error.NotFoundException;
import org.civitas.rules.notify.store.Delivery;
import org.civitas.rules.notify.store.DeliveryAttempt;
import org.civitas.rules.notify.store.DeliveryState;
import org.civitas.sensing.model.Json;
import org.civitas.server.http.JsonCodec;

/**
 * Notification channels at {@code /api/v1/notification-channels} (docs/API.md): create (POST),
 * list, read, replace (PUT; a webhook secret left out or masked keeps the stored one), delete; a
 * channel's delivery log ({@code ?state=dead} for dead letters) and a retry from it. Secrets are
 * never read back. Registered with {@code CivitasServer.withRoutes}.
 */
public final class NotificationRoutes {
  static final String CHANNELS = "/api/v1/notification-channels";

  private final Notifier notifier;

  private NotificationRoutes(Notifier notifier) {
    this.notifier = notifier;
  }

  public static void register(RoutesConfig routes, Notifier notifier) {
    NotificationRoutes api = new NotificationRoutes(notifier);
    routes.post(CHANNELS, api::create);
    routes.get(CHANNELS, api::list);
    routes.get(CHANNELS + "/{name}", api::one);
    routes.put(CHANNELS + "/{name}", api::replace);
    routes.delete(CHANNELS + "/{name}", api::delete);
    routes.get(CHANNELS + "/{name}/deliveries", api::deliveries);
    routes.post(CHANNELS + "/{name}/deliveries/{id}/retry", api::retry);
  }

  private void create(Context ctx) {
    NotificationChannel channel = ChannelJson.read(JsonCodec.readObject(ctx.bodyAsBytes()));
    if (notifier.store().findChannel(channel.name()).isPresent()) {
      throw new ConflictException("a channel named " + channel.name() + " exists", "name");
    }
    save(channel);
    ctx.header("Location", CHANNELS + "/" + channel.name());
    respond(ctx, 201, ChannelJson.write(channel, true));
  }

  private void replace(Context ctx) {
    String name = ctx.pathParam("name");
    ObjectNode body = JsonCodec.readObject(ctx.bodyAsBytes());
    if (body.has("name") && !name.equals(body.get("name").asText())) {
      throw new InvalidInputException("name must be " + name + " as in the path", "name");
    }
    body.put("name", name);
    boolean keepSecret =
        !body.hasNonNull("secret") || ChannelJson.MASK.equals(body.get("secret").asText());
    if (keepSecret) {
      find(name).filter(c -> c.secret() != null).ifPresent(c -> body.put("secret", c.secret()));
    }
    NotificationChannel channel = ChannelJson.read(body);
    save(channel);
    respond(ctx, 200, ChannelJson.write(channel, true));
  }

  private void list(Context ctx) {
    ObjectNode answer = JsonCodec.newObject();
    ArrayNode value = answer.putArray("value");
    notifier.channels().values().forEach(c -> value.add(ChannelJson.write(c, true)));
    respond(ctx, 200, answer);
  }

  private void one(Context ctx) {
    respond(ctx, 200, ChannelJson.write(required(ctx.pathParam("name")), true));
  }

  private void delete(Context ctx) {
    String name = ctx.pathParam("name");
    if (!notifier.store().deleteChannel(name)) {
      throw new NotFoundException("there is no notification channel named " + name);
    }
    ctx.status(204);
  }

  private void deliveries(Context ctx) {
    String name = required(ctx.pathParam("name")).name();
    DeliveryState state = null;
    String text = ctx.queryParam("state");
    if (text != null) {
      try {
        state = DeliveryState.valueOf(text.toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new InvalidInputException(
            "state is pending, delivered or dead, found \"" + text + "\"", "state");
      }
    }
    int top = intParam(ctx, "top", 100, 1, 1000);
    int skip = intParam(ctx, "skip", 0, 0, Integer.MAX_VALUE);
    List<Delivery> page = notifier.store().deliveries(name, state, skip, top);
    ObjectNode answer = JsonCodec.newObject();
    ArrayNode value = answer.putArray("value");
    page.forEach(d -> value.add(delivery(d)));
    respond(ctx, 200, answer);
  }

  private void retry(Context ctx) {
    String name = ctx.pathParam("name");
    long id;
    try {
      id = Long.parseLong(ctx.pathParam("id"));
    } catch (NumberFormatException e) {
      throw new NotFoundException("there is no delivery " + ctx.pathParam("id"));
    }
    respond(ctx, 200, delivery(notifier.retryNow(name, id)));
  }

  static ObjectNode delivery(Delivery delivery) {
    ObjectNode json = JsonCodec.newObject();
    json.put("id", delivery.id());
    json.put("channel", delivery.channel());
    json.put("alarmId", delivery.alarmId());
    json.put("event", delivery.event());
    json.put("state", delivery.state().name().toLowerCase(Locale.ROOT));
    json.put("createdAt", delivery.createdAt().toString());
    if (delivery.state() == DeliveryState.PENDING) {
      json.put("nextAttemptAt", delivery.nextAt().toString());
    }
    ArrayNode attempts = json.putArray("attempts");
    for (DeliveryAttempt attempt : delivery.attempts()) {
      attempts
          .addObject()
          .put("number", attempt.number())
          .put("at", attempt.at().toString())
          .put("succeeded", attempt.succeeded())
          .put("outcome", attempt.outcome());
    }
    return json;
  }

  private void save(NotificationChannel channel) {
    notifier
        .store()
        .saveChannel(
            channel.name(),
            new Json(
                new String(
                    JsonCodec.write(ChannelJson.write(channel, false)), StandardCharsets.UTF_8)));
  }

  private java.util.Optional<NotificationChannel> find(String name) {
    return notifier
        .store()
        .findChannel(name)
        .map(json -> ChannelJson.read((ObjectNode) JsonCodec.readTree(json.text())));
  }

  private NotificationChannel required(String name) {
    return find(name)
        .orElseThrow(() -> new NotFoundException("there is no notification channel named " + name));
  }

  private static int intParam(Context ctx, String name, int fallback, int min, int max) {
    String text = ctx.queryParam(name);
    if (text == null) {
      return fallback;
    }
    try {
      int value = Integer.parseInt(text);
      if (value >= min && value <= max) {
        return value;
      }
    } catch (NumberFormatException e) {
      // answered below
    }
    throw new InvalidInputException(
        name + " is a whole number from " + min + " to " + max + ", found \"" + text + "\"", name);
  }

  private static void respond(Context ctx, int status, ObjectNode body) {
    ctx.status(status).contentType("application/json").result(JsonCodec.write(body));
  }
}
