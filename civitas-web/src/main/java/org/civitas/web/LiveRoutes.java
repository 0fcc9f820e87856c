package org.civitas.web;

import io.javalin.config.RoutesConfig;
import java.util.Objects;

/**
 * {@code GET /api/v1/live}: a Server-Sent Events stream of event {@code observation} (data {@code
 * {"datastreamId": 7, "phenomenonTime": "...", "result": 21.5}}, at most one per Datastream per
 * half second, the newest), event {@code health} (the device-health counts by state, when they
 * change) and event {@code alarm} ({@code {"event": "raised", "id": 7}}, when an alarm opens,
 * rises, escalates, is acknowledged or cleared). See {@link LiveFeed} for buffering and dropping.
 */
public final class LiveRoutes {

  static final String LIVE = "/api/v1/live";

  private LiveRoutes() {}

  /** Registers the stream; pass it to {@code CivitasServer.withRoutes}. */
  public static void register(RoutesConfig routes, LiveFeed feed) {
    Objects.requireNonNull(feed, "feed");
    routes.sse(LIVE, feed::serve);
  }
}
