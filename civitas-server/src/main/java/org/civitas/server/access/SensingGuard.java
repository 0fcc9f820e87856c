package org.civitas.server.access;

import io.javalin.http.Context;
import org.civitas.timeseries.ObservationStream;

/**
 * The hook through which governance decides what the sensing API lets through: what a request may
 * read ({@link #reads}) and whether an Observation may be collected at all ({@link #admit}).
 * Installed with {@code CivitasServer.withGuard} (or {@code SensingApi.guardWith} for transports
 * without HTTP); without one ({@link #NONE}) the server serves and accepts everything, as before
 * governance.
 *
 * <p>Thread-safe; {@link #admit} is asked for every Observation on the ingest path, so it answers
 * from memory.
 */
public interface SensingGuard {

  /** What the request {@code ctx} may read; asked once per request, after the gate ran. */
  ReadAccess reads(Context ctx);

  /**
   * Checks that an Observation of {@code stream} may be collected now, on every ingest path.
   *
   * @throws org.civitas.error.ForbiddenException with code {@code not-collecting} or {@code
   *     consent-withdrawn} when it may not
   */
  void admit(ObservationStream stream);

  /**
   * What anybody may read without signing in: what MQTT subscriptions and messages (which carry no
   * principal) are held to. A fresh instance per call, so it always reflects the current policies.
   */
  ReadAccess anonymous();

  /** Everything readable by anyone, everything collected. */
  SensingGuard NONE =
      new SensingGuard() {
        @Override
        public ReadAccess reads(Context ctx) {
          return ReadAccess.ALL;
        }

        @Override
        public void admit(ObservationStream stream) {}

        @Override
        public ReadAccess anonymous() {
          return ReadAccess.ALL;
        }
      };
}
