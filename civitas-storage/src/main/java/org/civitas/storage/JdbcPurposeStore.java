package org.civitas.storage;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import javax.sql.DataSource;
import org.civitas.error.ConflictException;
import org.civitas.error.NotFoundException;
import org.civitas.governance.classes.LegalBasis;
import org.civitas.governance.classes.Purpose;
import org.civitas.governance.identity.Department;
import org.civitas.governance.purposes.store.PurposeStore;

/**
 * The JDBC {@link PurposeStore}, the same code on H2 and PostgreSQL (table {@code purpose} of
 * migration V12). Obtain it with {@link Storage#purposes}.
 */
final class JdbcPurposeStore implements PurposeStore {
  private static final String SELECT =
      "SELECT id, name, description, legal_basis, departments, identifying FROM purpose";

  private final JdbcWork work;

  JdbcPurposeStore(DataSource dataSource, Dialect dialect) {
    this.work = new JdbcWork(dataSource, dialect);
  }

  @Override
  public List<Purpose> list() {
    return work.read(
        "reading the purposes", c -> select(c.prepareStatement(SELECT + " ORDER BY id")));
  }

  @Override
  public Optional<Purpose> find(String id) {
    return work.read(
        "reading a purpose",
        c -> {
          PreparedStatement select = c.prepareStatement(SELECT + " WHERE id = ?");
          select.setString(1, id);
          return select(select).stream().findFirst();
        });
  }

  @Override
  public void create(Purpose purpose) {
    work.write(
        "creating a purpose",
        c -> {
          try (PreparedStatement exists =
              c.prepareStatement("SELECT 1 FROM purpose WHERE id = ?")) {
            exists.setString(1, purpose.id());
            try (ResultSet row = exists.executeQuery()) {
              if (row.next()) {
                throw new ConflictException(
                    "there is a purpose '" + purpose.id() + "' already", "id");
              }
            }
          }
          try (PreparedStatement insert =
              c.prepareStatement(
                  "INSERT INTO purpose"
                      + " (name, description, legal_basis, departments, identifying, id)"
                      + " VALUES (?, ?, ?, ?, ?, ?)")) {
            bind(insert, purpose);
            insert.executeUpdate();
          }
          return null;
        });
  }

  @Override
  public void update(Purpose purpose) {
    work.write(
        "changing a purpose",
        c -> {
          try (PreparedStatement update =
              c.prepareStatement(
                  "UPDATE purpose SET name = ?, description = ?, legal_basis = ?,"
                      + " departments = ?, identifying = ? WHERE id = ?")) {
            bind(update, purpose);
            if (update.executeUpdate() == 0) {
              throw new NotFoundException("there is no purpose '" + purpose.id() + "'");
            }
          }
          return null;
        });
  }

  private static void bind(PreparedStatement statement, Purpose purpose) throws SQLException {
    statement.setString(1, purpose.name());
    statement.setString(2, purpose.description());
    statement.setString(3, purpose.legalBasis().wireName());
    TreeSet<String> departments = new TreeSet<>();
    purpose.departments().forEach(d -> departments.add(d.wireName()));
    statement.setString(4, JsonStrings.write(departments));
    statement.setBoolean(5, purpose.identifying());
    statement.setString(6, purpose.id());
  }

  private static List<Purpose> select(PreparedStatement select) throws SQLException {
    try (select;
        ResultSet row = select.executeQuery()) {
      List<Purpose> purposes = new ArrayList<>();
      while (row.next()) {
        String id = row.getString(1);
        String basis = row.getString(4);
        Set<Department> departments = new HashSet<>();
        for (String name : JsonStrings.read(row.getString(5), "purpose.departments")) {
          departments.add(
              Department.fromWire(name)
                  .orElseThrow(
                      () ->
                          new IllegalStateException(
                              "purpose " + id + " names an unknown department " + name)));
        }
        purposes.add(
            new Purpose(
                id,
                row.getString(2),
                row.getString(3),
                LegalBasis.fromWire(basis)
                    .orElseThrow(
                        () ->
                            new IllegalStateException(
                                "purpose " + id + " has an unknown legal basis " + basis)),
                departments,
                row.getBoolean(6)));
      }
      return purposes;
    }
  }
}
