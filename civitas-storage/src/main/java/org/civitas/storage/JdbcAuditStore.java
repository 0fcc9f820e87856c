package org.civitas.storage;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import javax.sql.DataSource;
import org.civitas.governance.audit.store.AuditChain;
import org.civitas.governance.audit.store.AuditEntry;
import org.civitas.governance.audit.store.AuditEvent;
import org.civitas.governance.audit.store.AuditHead;
import org.civitas.governance.audit.store.AuditQuery;
import org.civitas.governance.audit.store.AuditStore;

/**
 * The JDBC {@link AuditStore}, the same code on H2 and PostgreSQL (tables of migration V12). Obtain
 * it with {@link Storage#audit}.
 *
 * <p>An append locks the one row of {@code audit_chain_head} ({@code SELECT ... FOR UPDATE}, a row
 * lock on both engines), so appends of every node on one database take turns: each reads the head
 * the previous one committed, and the entry, its hash and the new head are committed together.
 */
final class JdbcAuditStore implements AuditStore {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final TypeReference<TreeMap<String, String>> DETAILS = new TypeReference<>() {};
  private static final String COLUMNS =
      "seq, at, actor, action, target, details, prev_hash, hash FROM audit_entry";
  private static final int MAX_PAGE = 10_000;

  private final JdbcWork work;

  JdbcAuditStore(DataSource dataSource, Dialect dialect) {
    this.work = new JdbcWork(dataSource, dialect);
  }

  @Override
  public AuditEntry append(AuditEvent event) {
    String details = writeDetails(event);
    return work.write(
        "appending to the audit log",
        connection -> {
          AuditHead head = head(connection, true);
          long seq = head.seq() + 1;
          String hash = AuditChain.hash(head.hash(), seq, event);
          try (PreparedStatement insert =
                  connection.prepareStatement(
                      "INSERT INTO audit_entry"
                          + " (seq, at, actor, action, target, details, prev_hash, hash)"
                          + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
              PreparedStatement advance =
                  connection.prepareStatement(
                      "UPDATE audit_chain_head SET seq = ?, hash = ? WHERE id = 1")) {
            insert.setLong(1, seq);
            ValueCodec.bindInstant(insert, 2, event.at());
            insert.setString(3, event.actor());
            insert.setString(4, event.action());
            insert.setString(5, event.target());
            insert.setString(6, details);
            insert.setString(7, head.hash());
            insert.setString(8, hash);
            insert.executeUpdate();
            advance.setLong(1, seq);
            advance.setString(2, hash);
            advance.executeUpdate();
          }
          return new AuditEntry(seq, event, head.hash(), hash);
        });
  }

  @Override
  public List<AuditEntry> find(AuditQuery query) {
    StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " WHERE 1 = 1");
    List<Object> parameters = new ArrayList<>();
    if (query.actor() != null) {
      sql.append(" AND actor = ?");
      parameters.add(query.actor());
    }
    if (query.action() != null) {
      sql.append(" AND action = ?");
      parameters.add(query.action());
    }
    if (query.targetPrefix() != null) {
      sql.append(" AND target LIKE ? ESCAPE '\\'");
      parameters.add(likePrefix(query.targetPrefix()));
    }
    if (query.since() != null) {
      sql.append(" AND at >= ?");
      parameters.add(query.since());
    }
    if (query.until() != null) {
      sql.append(" AND at < ?");
      parameters.add(query.until());
    }
    if (query.beforeSeq() > 0) {
      sql.append(" AND seq < ?");
      parameters.add(query.beforeSeq());
    }
    sql.append(" ORDER BY seq DESC LIMIT ?");
    parameters.add(query.limit());
    return work.read(
        "reading the audit log",
        connection -> {
          try (PreparedStatement select = connection.prepareStatement(sql.toString())) {
            for (int i = 0; i < parameters.size(); i++) {
              Object value = parameters.get(i);
              if (value instanceof java.time.Instant at) {
                ValueCodec.bindInstant(select, i + 1, at);
              } else {
                select.setObject(i + 1, value);
              }
            }
            return entries(select);
          }
        });
  }

  @Override
  public List<AuditEntry> chain(long afterSeq, int limit) {
    if (limit < 1 || limit > MAX_PAGE) {
      throw new IllegalArgumentException("limit is 1 to " + MAX_PAGE + ", was " + limit);
    }
    return work.read(
        "reading the audit chain",
        connection -> {
          try (PreparedStatement select =
              connection.prepareStatement(
                  "SELECT " + COLUMNS + " WHERE seq > ? ORDER BY seq LIMIT ?")) {
            select.setLong(1, afterSeq);
            select.setInt(2, limit);
            return entries(select);
          }
        });
  }

  @Override
  public AuditHead head() {
    return work.read("reading the audit chain head", connection -> head(connection, false));
  }

  private static AuditHead head(Connection connection, boolean lock) throws SQLException {
    try (PreparedStatement select =
            connection.prepareStatement(
                "SELECT seq, hash FROM audit_chain_head WHERE id = 1"
                    + (lock ? " FOR UPDATE" : ""));
        ResultSet row = select.executeQuery()) {
      if (!row.next()) {
        throw new IllegalStateException(
            "the audit chain head is missing: audit_chain_head has no row 1 (migration V12 adds it)");
      }
      return new AuditHead(row.getLong(1), row.getString(2));
    }
  }

  private static List<AuditEntry> entries(PreparedStatement select) throws SQLException {
    List<AuditEntry> entries = new ArrayList<>();
    try (ResultSet row = select.executeQuery()) {
      while (row.next()) {
        long seq = row.getLong(1);
        AuditEvent event =
            new AuditEvent(
                ValueCodec.readInstant(row, 2),
                row.getString(3),
                row.getString(4),
                row.getString(5),
                readDetails(seq, row.getString(6)));
        entries.add(new AuditEntry(seq, event, row.getString(7), row.getString(8)));
      }
    }
    return entries;
  }

  private static String writeDetails(AuditEvent event) {
    try {
      return JSON.writeValueAsString(event.details());
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write audit details as JSON", e);
    }
  }

  private static TreeMap<String, String> readDetails(long seq, String text) {
    try {
      TreeMap<String, String> details = JSON.readValue(text, DETAILS);
      if (details == null || details.containsValue(null)) {
        throw new IllegalStateException(
            "the details of audit entry " + seq + " are not a JSON object of strings");
      }
      return details;
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(
          "the details of audit entry " + seq + " are not a JSON object of strings: " + text, e);
    }
  }

  /** {@code prefix} as a LIKE pattern matching what starts with it literally. */
  private static String likePrefix(String prefix) {
    return prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
  }
}
