package org.civitas.governance.audit;

import java.util.Map;

/**
 * Where every access to personal data, every governance change and every sign-in is recorded. The
 * record is durable once {@link #record} returns: an access that cannot be audited must not happen,
 * so callers record before they answer, and a failure here fails the request.
 *
 * <p>Thread-safe.
 */
@FunctionalInterface
public interface Audit {

  /**
   * Appends one event.
   *
   * @param actor the {@link org.civitas.governance.identity.Principal#id()} who acted ({@code
   *     anonymous} for failed sign-ins of unknown names)
   * @param action what happened, a dotted name: {@code personal-data.read}, {@code sign-in}, {@code
   *     sign-in.failed}, {@code purpose.created}, {@code consent.withdrawn}, ...
   * @param target what it happened to: {@code Datastreams(12)}, {@code account:alice}, ...
   * @param details what else matters (the purpose, the client address...); no secrets
   */
  void record(String actor, String action, String target, Map<String, String> details);
}
