package org.civitas.server.access;

import org.civitas.sensing.model.Entity;
import org.civitas.timeseries.ObservationStream;

/**
 * What one request may read of the sensing data, as the installed {@link SensingGuard} decided for
 * its principal and purpose. The SensorThings and time-series routes ask it before every read: a
 * direct read of a stream it may not see fails, collections and expansions leave such streams out
 * in the query itself (so do the places of Things with personal streams, {@link #places}), and what
 * is shown passes {@link #present} (pseudonyms).
 *
 * <p>One instance serves one request, possibly from several threads of that request in turn;
 * implementations need not be thread-safe beyond that.
 */
public interface ReadAccess {

  /**
   * Checks a direct read of a stream or of its Observations.
   *
   * @throws org.civitas.error.UnauthorizedException when nobody is signed in and the stream is not
   *     public
   * @throws org.civitas.error.ForbiddenException when the principal (or its purpose) may not read
   *     it
   */
  void requireReadable(ObservationStream stream);

  /** The Datastreams collections may show. */
  Visibility datastreams();

  /** The MultiDatastreams collections may show. */
  Visibility multiDatastreams();

  /**
   * The places (Locations, HistoricalLocations, FeaturesOfInterest) collections may show; a direct
   * read of one withheld fails as {@link #requireReadable} fails for a Datastream that withholds
   * it. Every place by default (an access that restricts no places).
   */
  default Places places() {
    return Places.ALL;
  }

  /**
   * Told before data of {@code stream} goes into the answer (it was read directly, or a collection
   * returned it); the guard audits reads of personal data here, before the answer is written.
   * Called at most a few times per stream and request.
   */
  void reading(ObservationStream stream);

  /**
   * Told before the answer holds Observations of any stream {@link #datastreams()} allows (an
   * unscoped Observations collection or expansion): the guard audits every personal stream that
   * could be among them.
   */
  void readingAnyVisible();

  /**
   * Whether the real identifiers of data subjects may be shown; when not, {@link #present} replaces
   * them by pseudonyms and filters on them are refused.
   */
  boolean revealsSubjects();

  /** The entity as this reader may see it (a Thing's or Datastream's subject pseudonymised). */
  Entity present(Entity entity);

  /** Everything, unchanged: what a server without a guard serves. */
  ReadAccess ALL =
      new ReadAccess() {
        @Override
        public void requireReadable(ObservationStream stream) {}

        @Override
        public Visibility datastreams() {
          return Visibility.ALL;
        }

        @Override
        public Visibility multiDatastreams() {
          return Visibility.ALL;
        }

        @Override
        public void reading(ObservationStream stream) {}

        @Override
        public void readingAnyVisible() {}

        @Override
        public boolean revealsSubjects() {
          return true;
        }

        @Override
        public Entity present(Entity entity) {
          return entity;
        }
      };
}
