package org.civitas.server.ops;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.util.Map;
import org.civitas.sensing.store.StorageStatus;

/**
 * The body of {@code GET /health}: the process is live when it answers at all, and ready when its
 * storage answers too. A load balancer reads the status code (200 ready, 503 not ready); a person
 * reads the storage detail.
 *
 * @param status {@code UP} when ready, {@code DOWN} otherwise
 * @param live always true: a process that can build this report is alive
 * @param ready whether requests can be served, that is whether storage is up
 * @param storage the state of the storage engine, absent in a liveness-only report
 * @param components the state of other parts by name ({@code mqtt}), which inform but do not decide
 *     readiness; left out when there are none
 */
public record HealthReport(
    String status,
    boolean live,
    boolean ready,
    StorageStatus storage,
    @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, ComponentHealth> components) {

  public HealthReport {
    components = components == null ? Map.of() : Map.copyOf(components);
  }

  static HealthReport of(StorageStatus storage) {
    return of(storage, Map.of());
  }

  static HealthReport of(StorageStatus storage, Map<String, ComponentHealth> components) {
    return new HealthReport(storage.up() ? "UP" : "DOWN", true, storage.up(), storage, components);
  }

  static HealthReport alive() {
    return new HealthReport("UP", true, true, null, Map.of());
  }

  HttpStatus httpStatus() {
    return ready ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE;
  }

  void writeTo(Context ctx) {
    // Health answers must never be cached by a proxy: a stale "UP" hides an outage.
    ctx.header("Cache-Control", "no-store").status(httpStatus()).json(this);
  }
}
