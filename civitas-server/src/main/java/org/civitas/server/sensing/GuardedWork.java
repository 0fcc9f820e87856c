package org.civitas.server.sensing;

import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.civitas.sensing.model.Entity;
import org.civitas.sensing.model.EntityType;
import org.civitas.sensing.query.Scope;
import org.civitas.server.access.ReadAccess;

/**
 * A request's {@link SensingService.Work} with its reads and path walks through a {@link
 * GuardedReader}; writes go to the work it wraps.
 */
final class GuardedWork implements SensingService.Work {

  private final SensingService.Work inner;
  private final GuardedReader reader;

  private GuardedWork(SensingService.Work inner, ReadAccess access) {
    this.inner = inner;
    this.reader = new GuardedReader(inner.reader(), access);
  }

  /**
   * The work a request of {@code method} runs with. Reads (GET) are guarded; so are PATCH and
   * DELETE, whose path must be readable (an empty PATCH would otherwise echo a Datastream the
   * caller may not read). A POST creates: its path is walked as is, so a device may post
   * Observations to a stream it could not read, and whether the stream collects is the ingest
   * path's check ({@link org.civitas.server.access.SensingGuard#admit}); its answer echoes what was
   * sent.
   */
  static SensingService.Work forMethod(String method, SensingService.Work work, ReadAccess access) {
    if (access == ReadAccess.ALL || method.toUpperCase(Locale.ROOT).equals("POST")) {
      return work;
    }
    return new GuardedWork(work, access);
  }

  @Override
  public EntityReader reader() {
    return reader;
  }

  @Override
  public ResolvedTarget resolve(ResourcePath path) {
    return new PathResolver(reader).resolve(path);
  }

  @Override
  public long create(EntityRequest request, Optional<Scope> parent) {
    return inner.create(request, parent);
  }

  @Override
  public void update(EntityType type, long id, EntityRequest changes) {
    inner.update(type, id, changes);
  }

  @Override
  public void delete(EntityType type, long id) {
    inner.delete(type, id);
  }

  @Override
  public Optional<CompletableFuture<Entity>> ingest(
      EntityRequest request, Optional<Scope> parent, String idempotencyKey) {
    return inner.ingest(request, parent, idempotencyKey);
  }
}
