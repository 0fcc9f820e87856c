package org.civitas.server.ops;

import io.javalin.config.JavalinConfig;
import java.time.Duration;
import org.eclipse.jetty.server.handler.GracefulHandler;

/**
 * Makes stopping the server graceful: the connectors stop accepting at once, and requests in flight
 * (including the asynchronous ones waiting for their observations to be committed) are answered
 * before the server stops, within {@link #TIMEOUT}.
 *
 * <p>Without it Jetty recycles those requests at once, and a commit that completes afterwards meets
 * a dead request: the client never learns that its observation was stored.
 */
final class GracefulStop {

  /** Long enough for the ingest queue to drain; an orchestrator's grace period is usually 30 s. */
  static final Duration TIMEOUT = Duration.ofSeconds(25);

  private GracefulStop() {}

  static void configure(JavalinConfig config) {
    config.jetty.modifyServer(
        server -> {
          // Javalin nests its own handler inside this wrapper.
          server.setHandler(new GracefulHandler());
          server.setStopTimeout(TIMEOUT.toMillis());
        });
  }
}
