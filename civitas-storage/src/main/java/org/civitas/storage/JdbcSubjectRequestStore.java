package org.civitas.storage;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.civitas.governance.subjects.HeldObservation;
import org.civitas.governance.subjects.LegalHold;
import org.civitas.governance.subjects.SubjectRequest;
import org.civitas.governance.subjects.SubjectRequestStore;

/**
 * The JDBC {@link SubjectRequestStore} (tables {@code subject_request} and {@code legal_hold} of
 * migration V14, and the Observations and Datastreams of V1), the same code on H2 and PostgreSQL.
 * Obtain it with {@link Storage#subjectRequests}.
 */
final class JdbcSubjectRequestStore implements SubjectRequestStore {
  private static final String REQUEST_COLUMNS =
      "id, subject, kind, status, received_at, due_at, extension_reason, refusal_reason,"
          + " handled_by, updated_at, outcome";
  private static final String HOLD_COLUMNS =
      "id, subject, datastream_id, reason, until_at, set_by, set_at";
  private static final String OBSERVATION_COLUMNS =
      "e.id, e.phenomenon_time_start, e.phenomenon_time_end, e.result_time, e.result_number,"
          + " e.result_json";

  private final JdbcWork work;
  private final Dialect dialect;

  JdbcSubjectRequestStore(JdbcWork work, Dialect dialect) {
    this.work = work;
    this.dialect = dialect;
  }

  // ---------------------------------------------------------------------------------- requests

  @Override
  public SubjectRequest create(SubjectRequest request) {
    return work.write(
        "storing a data-subject request",
        connection -> {
          try (PreparedStatement insert =
              connection.prepareStatement(
                  "INSERT INTO subject_request (subject, kind, status, received_at, due_at,"
                      + " extension_reason, refusal_reason, handled_by, updated_at, outcome)"
                      + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                  new String[] {"id"})) {
            insert.setString(1, request.subject());
            insert.setString(2, request.kind().wireName());
            bindChangeable(insert, 3, request);
            insert.executeUpdate();
            return request.withId(GovernanceRows.generated(insert));
          }
        });
  }

  /** Binds status, received, due, extension, reason, handledBy, updated, outcome from {@code i}. */
  private static void bindChangeable(PreparedStatement statement, int i, SubjectRequest request)
      throws SQLException {
    statement.setString(i, request.status().wireName());
    ValueCodec.bindInstant(statement, i + 1, request.received());
    ValueCodec.bindInstant(statement, i + 2, request.due());
    statement.setString(i + 3, request.extension().orElse(null));
    statement.setString(i + 4, request.reason().orElse(null));
    statement.setString(i + 5, request.handledBy());
    ValueCodec.bindInstant(statement, i + 6, request.updated());
    statement.setString(i + 7, request.outcome().orElse(null));
  }

  @Override
  public Optional<SubjectRequest> find(long id) {
    return selectRequests(
            "SELECT " + REQUEST_COLUMNS + " FROM subject_request WHERE id = ?",
            statement -> statement.setLong(1, id))
        .stream()
        .findFirst();
  }

  @Override
  public List<SubjectRequest> list() {
    return selectRequests(
        "SELECT " + REQUEST_COLUMNS + " FROM subject_request ORDER BY id DESC", statement -> {});
  }

  private List<SubjectRequest> selectRequests(String sql, GovernanceRows.Binder binder) {
    return work.read(
        "reading data-subject requests",
        connection -> {
          try (PreparedStatement select = connection.prepareStatement(sql)) {
            binder.bind(select);
            List<SubjectRequest> requests = new ArrayList<>();
            try (ResultSet row = select.executeQuery()) {
              while (row.next()) {
                requests.add(
                    new SubjectRequest(
                        row.getLong(1),
                        row.getString(2),
                        GovernanceRows.wire(
                            SubjectRequest.Kind.fromWire(row.getString(3)), row.getString(3)),
                        GovernanceRows.wire(
                            SubjectRequest.Status.fromWire(row.getString(4)), row.getString(4)),
                        ValueCodec.readInstant(row, 5),
                        ValueCodec.readInstant(row, 6),
                        GovernanceRows.text(row, 7),
                        GovernanceRows.text(row, 8),
                        row.getString(9),
                        ValueCodec.readInstant(row, 10),
                        GovernanceRows.text(row, 11)));
              }
            }
            return requests;
          }
        });
  }

  @Override
  public boolean update(SubjectRequest changed, SubjectRequest.Status expected) {
    return work.write(
        "updating data-subject request " + changed.id(),
        connection -> {
          try (PreparedStatement update =
              connection.prepareStatement(
                  "UPDATE subject_request SET status = ?, received_at = ?, due_at = ?,"
                      + " extension_reason = ?, refusal_reason = ?, handled_by = ?,"
                      + " updated_at = ?, outcome = ? WHERE id = ? AND status = ?")) {
            bindChangeable(update, 1, changed);
            update.setLong(9, changed.id());
            update.setString(10, expected.wireName());
            return update.executeUpdate() > 0;
          }
        });
  }

  // ------------------------------------------------------------------------------------- holds

  @Override
  public LegalHold addHold(LegalHold hold) {
    return work.write(
        "storing a legal hold",
        connection -> {
          try (PreparedStatement insert =
              connection.prepareStatement(
                  "INSERT INTO legal_hold (subject, datastream_id, reason, until_at, set_by,"
                      + " set_at) VALUES (?, ?, ?, ?, ?, ?)",
                  new String[] {"id"})) {
            insert.setString(1, hold.subject().orElse(null));
            if (hold.datastreamId().isPresent()) {
              insert.setLong(2, hold.datastreamId().get());
            } else {
              insert.setNull(2, Types.BIGINT);
            }
            insert.setString(3, hold.reason());
            ValueCodec.bindInstant(insert, 4, hold.until());
            insert.setString(5, hold.setBy());
            ValueCodec.bindInstant(insert, 6, hold.setAt());
            insert.executeUpdate();
            return hold.withId(GovernanceRows.generated(insert));
          }
        });
  }

  @Override
  public List<LegalHold> holds() {
    return work.read(
        "reading legal holds",
        connection -> {
          List<LegalHold> holds = new ArrayList<>();
          try (PreparedStatement select =
                  connection.prepareStatement(
                      "SELECT " + HOLD_COLUMNS + " FROM legal_hold ORDER BY id");
              ResultSet row = select.executeQuery()) {
            while (row.next()) {
              long datastream = row.getLong(3);
              boolean noDatastream = row.wasNull();
              holds.add(
                  new LegalHold(
                      row.getLong(1),
                      GovernanceRows.text(row, 2),
                      noDatastream ? Optional.empty() : Optional.of(datastream),
                      row.getString(4),
                      ValueCodec.readInstant(row, 5),
                      row.getString(6),
                      ValueCodec.readInstant(row, 7)));
            }
          }
          return holds;
        });
  }

  @Override
  public boolean removeHold(long id) {
    return work.write(
        "removing a legal hold",
        connection -> {
          try (PreparedStatement delete =
              connection.prepareStatement("DELETE FROM legal_hold WHERE id = ?")) {
            delete.setLong(1, id);
            return delete.executeUpdate() > 0;
          }
        });
  }

  // ------------------------------------------------------------------------------ observations

  /** Keyset pages on the (datastream, time, id) index: each page is one index range read. */
  @Override
  public List<HeldObservation> observations(
      long datastreamId, Optional<HeldObservation> after, int limit) {
    String sql =
        "SELECT "
            + OBSERVATION_COLUMNS
            + " FROM observation e"
            + dialect.useIndex("observation_datastream_time")
            + " WHERE e.datastream_id = ?"
            + (after.isPresent()
                ? " AND (e.phenomenon_time_start > ?"
                    + " OR (e.phenomenon_time_start = ? AND e.id > ?))"
                : "")
            + " ORDER BY e.datastream_id, e.phenomenon_time_start, e.id LIMIT ?";
    return work.read(
        "reading Observations of Datastream " + datastreamId,
        connection -> {
          try (PreparedStatement select = connection.prepareStatement(sql)) {
            int i = 1;
            select.setLong(i++, datastreamId);
            if (after.isPresent()) {
              ValueCodec.bindInstant(select, i++, after.get().phenomenonTimeStart());
              ValueCodec.bindInstant(select, i++, after.get().phenomenonTimeStart());
              select.setLong(i++, after.get().id());
            }
            select.setInt(i, limit);
            List<HeldObservation> page = new ArrayList<>();
            try (ResultSet row = select.executeQuery()) {
              while (row.next()) {
                double number = row.getDouble(5);
                boolean noNumber = row.wasNull();
                page.add(
                    new HeldObservation(
                        row.getLong(1),
                        ValueCodec.readInstant(row, 2),
                        Optional.ofNullable(ValueCodec.readInstant(row, 3)),
                        Optional.ofNullable(ValueCodec.readInstant(row, 4)),
                        noNumber ? Optional.empty() : Optional.of(number),
                        GovernanceRows.text(row, 6)));
              }
            }
            return page;
          }
        });
  }

  @Override
  public int deleteObservations(long datastreamId, int batch) {
    return work.write(
        "erasing Observations of Datastream " + datastreamId,
        connection -> {
          try (PreparedStatement delete =
              connection.prepareStatement(
                  "DELETE FROM observation WHERE id IN (SELECT e.id FROM observation e"
                      + dialect.useIndex("observation_datastream_time")
                      + " WHERE e.datastream_id = ?"
                      + " ORDER BY e.datastream_id, e.phenomenon_time_start, e.id LIMIT ?)")) {
            delete.setLong(1, datastreamId);
            delete.setInt(2, batch);
            return delete.executeUpdate();
          }
        });
  }

  @Override
  public boolean clearDatastreamMetadata(long datastreamId, String note) {
    return work.write(
        "clearing the metadata of Datastream " + datastreamId,
        connection -> {
          try (PreparedStatement update =
              connection.prepareStatement(
                  "UPDATE datastream SET description = ?, properties = NULL WHERE id = ?")) {
            update.setString(1, note);
            update.setLong(2, datastreamId);
            return update.executeUpdate() > 0;
          }
        });
  }
}
