package org.civitas.storage;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.civitas.governance.consent.ConsentDecision;
import org.civitas.governance.consent.ConsentStore;

/**
 * The JDBC {@link ConsentStore} (table {@code consent_decision} of migration V14), the same code on
 * H2 and PostgreSQL. Obtain it with {@link Storage#consents}.
 */
final class JdbcConsentStore implements ConsentStore {
  private static final String COLUMNS =
      "seq, subject, purpose, decision, decided_at, recorded_by, channel";

  private final JdbcWork work;

  JdbcConsentStore(JdbcWork work) {
    this.work = work;
  }

  @Override
  public ConsentDecision append(ConsentDecision decision) {
    return work.write(
        "recording a consent decision",
        connection -> {
          try (PreparedStatement insert =
              connection.prepareStatement(
                  "INSERT INTO consent_decision"
                      + " (subject, purpose, decision, decided_at, recorded_by, channel)"
                      + " VALUES (?, ?, ?, ?, ?, ?)",
                  new String[] {"seq"})) {
            insert.setString(1, decision.subject());
            insert.setString(2, decision.purpose());
            insert.setString(3, decision.decision().wireName());
            ValueCodec.bindInstant(insert, 4, decision.at());
            insert.setString(5, decision.recordedBy());
            insert.setString(6, decision.channel().wireName());
            insert.executeUpdate();
            return decision.withSeq(GovernanceRows.generated(insert));
          }
        });
  }

  @Override
  public List<ConsentDecision> history(String subject) {
    return select(
        "SELECT " + COLUMNS + " FROM consent_decision WHERE subject = ? ORDER BY seq",
        statement -> statement.setString(1, subject));
  }

  @Override
  public List<ConsentDecision> after(long afterSeq, int limit) {
    return select(
        "SELECT " + COLUMNS + " FROM consent_decision WHERE seq > ? ORDER BY seq LIMIT ?",
        statement -> {
          statement.setLong(1, afterSeq);
          statement.setInt(2, limit);
        });
  }

  @Override
  public List<ConsentDecision> recordedSince(Instant since) {
    return select(
        "SELECT " + COLUMNS + " FROM consent_decision WHERE decided_at >= ? ORDER BY seq",
        statement -> ValueCodec.bindInstant(statement, 1, since));
  }

  private List<ConsentDecision> select(String sql, GovernanceRows.Binder binder) {
    return work.read(
        "reading consent decisions",
        connection -> {
          try (PreparedStatement select = connection.prepareStatement(sql)) {
            binder.bind(select);
            List<ConsentDecision> decisions = new ArrayList<>();
            try (ResultSet row = select.executeQuery()) {
              while (row.next()) {
                decisions.add(read(row));
              }
            }
            return decisions;
          }
        });
  }

  private static ConsentDecision read(ResultSet row) throws SQLException {
    return new ConsentDecision(
        row.getLong(1),
        row.getString(2),
        row.getString(3),
        GovernanceRows.wire(ConsentDecision.Decision.fromWire(row.getString(4)), row.getString(4)),
        ValueCodec.readInstant(row, 5),
        row.getString(6),
        GovernanceRows.wire(ConsentDecision.Channel.fromWire(row.getString(7)), row.getString(7)));
  }
}
