package org.civitas.governance.subjects;

import java.util.List;
import java.util.Optional;

/**
 * Data-subject requests, legal holds, and the reads and deletes that answering a request needs on
 * the Observations of a subject's Datastreams. One JDBC implementation in {@code civitas-storage}
 * serves both engines (migration V14, {@code Storage.subjectRequests}).
 *
 * <p>Thread-safe; every call is its own transaction and sees committed data.
 */
public interface SubjectRequestStore {

  /** Stores a new request (its id is ignored) and returns it with its id. */
  SubjectRequest create(SubjectRequest request);

  Optional<SubjectRequest> find(long id);

  /** Every request, newest first. */
  List<SubjectRequest> list();

  /**
   * Replaces the stored request of {@code changed.id()} by {@code changed} if its status is still
   * {@code expected}: two DPOs moving one request at once cannot both win.
   *
   * @return false when the request's status was no longer {@code expected} (or it is gone)
   */
  boolean update(SubjectRequest changed, SubjectRequest.Status expected);

  /** Stores a new hold and returns it with its id. */
  LegalHold addHold(LegalHold hold);

  /** Every hold, expired ones included, by id. */
  List<LegalHold> holds();

  /** Deletes the hold; false when there was none of that id. */
  boolean removeHold(long id);

  /**
   * A page of Datastream {@code datastreamId}'s Observations in (phenomenonTime, id) order: at most
   * {@code limit} that come after {@code after} (empty for the first page).
   */
  List<HeldObservation> observations(long datastreamId, Optional<HeldObservation> after, int limit);

  /** Deletes at most {@code batch} Observations of the Datastream; returns how many. */
  int deleteObservations(long datastreamId, int batch);

  /**
   * Removes what a Datastream's metadata may say about its subject: its description becomes {@code
   * note} and its properties are cleared. Its name, unit and links stay, so the stream is still
   * governed.
   *
   * @return false when there is no such Datastream
   */
  boolean clearDatastreamMetadata(long datastreamId, String note);
}
