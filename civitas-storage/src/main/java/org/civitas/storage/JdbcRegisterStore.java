package org.civitas.storage;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import javax.sql.DataSource;
import org.civitas.error.ConflictException;
import org.civitas.error.NotFoundException;
import org.civitas.governance.classes.DataClass;
import org.civitas.governance.identity.Department;
import org.civitas.governance.register.store.RegisterEntry;
import org.civitas.governance.register.store.RegisterStatus;
import org.civitas.governance.register.store.RegisterStore;
import org.civitas.governance.register.store.Review;
import org.civitas.governance.register.store.Technology;
import org.civitas.governance.register.store.TripleTest;

/**
 * The JDBC {@link RegisterStore}, the same code on H2 and PostgreSQL (table {@code
 * technology_register_entry} of migration V12). Obtain it with {@link Storage#register}. An update
 * is one conditional {@code UPDATE ... WHERE version = ?}, so of two changes made from the same
 * reading only the first succeeds, on both engines and across nodes.
 */
final class JdbcRegisterStore implements RegisterStore {
  private static final String CONTENT =
      "name, collects, purposes, city_wide, districts, department, data_classes, capabilities,"
          + " appropriate, appropriate_reasoning, necessary, necessary_reasoning, proportionate,"
          + " proportionate_reasoning, status, reviewed_by, reviewed_at, review_note, version, id";
  private static final String SELECT = "SELECT " + CONTENT + " FROM technology_register_entry";

  private final JdbcWork work;

  JdbcRegisterStore(DataSource dataSource, Dialect dialect) {
    this.work = new JdbcWork(dataSource, dialect);
  }

  @Override
  public List<RegisterEntry> list() {
    return work.read(
        "reading the technology register",
        c -> select(c.prepareStatement(SELECT + " ORDER BY id")));
  }

  @Override
  public Optional<RegisterEntry> find(String id) {
    return work.read(
        "reading a technology register entry",
        c -> {
          PreparedStatement select = c.prepareStatement(SELECT + " WHERE id = ?");
          select.setString(1, id);
          return select(select).stream().findFirst();
        });
  }

  @Override
  public RegisterEntry create(Technology technology) {
    RegisterEntry entry = new RegisterEntry(technology, Review.DRAFT, 1);
    return work.write(
        "creating a technology register entry",
        c -> {
          try (PreparedStatement exists =
              c.prepareStatement("SELECT 1 FROM technology_register_entry WHERE id = ?")) {
            exists.setString(1, technology.id());
            try (ResultSet row = exists.executeQuery()) {
              if (row.next()) {
                throw new ConflictException(
                    "there is a register entry '" + technology.id() + "' already", "id");
              }
            }
          }
          try (PreparedStatement insert =
              c.prepareStatement(
                  "INSERT INTO technology_register_entry ("
                      + CONTENT
                      + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            bind(insert, entry);
            insert.executeUpdate();
          }
          return entry;
        });
  }

  @Override
  public RegisterEntry update(Technology technology, Review review, long expectedVersion) {
    RegisterEntry entry = new RegisterEntry(technology, review, expectedVersion + 1);
    return work.write(
        "changing a technology register entry",
        c -> {
          try (PreparedStatement update =
              c.prepareStatement(
                  "UPDATE technology_register_entry SET name = ?, collects = ?, purposes = ?,"
                      + " city_wide = ?, districts = ?, department = ?, data_classes = ?,"
                      + " capabilities = ?, appropriate = ?, appropriate_reasoning = ?,"
                      + " necessary = ?, necessary_reasoning = ?, proportionate = ?,"
                      + " proportionate_reasoning = ?, status = ?, reviewed_by = ?,"
                      + " reviewed_at = ?, review_note = ?, version = ?"
                      + " WHERE id = ? AND version = ?")) {
            bind(update, entry);
            update.setLong(21, expectedVersion);
            if (update.executeUpdate() == 1) {
              return entry;
            }
          }
          try (PreparedStatement exists =
              c.prepareStatement("SELECT version FROM technology_register_entry WHERE id = ?")) {
            exists.setString(1, technology.id());
            try (ResultSet row = exists.executeQuery()) {
              if (!row.next()) {
                throw new NotFoundException("there is no register entry '" + technology.id() + "'");
              }
              throw new ConflictException(
                  "register entry '"
                      + technology.id()
                      + "' changed meanwhile (version "
                      + row.getLong(1)
                      + ", expected "
                      + expectedVersion
                      + "); read it again",
                  "version");
            }
          }
        });
  }

  private static void bind(PreparedStatement statement, RegisterEntry entry) throws SQLException {
    Technology t = entry.technology();
    statement.setString(1, t.name());
    statement.setString(2, t.collects());
    statement.setString(3, JsonStrings.write(t.purposes()));
    statement.setBoolean(4, t.cityWide());
    statement.setString(5, JsonStrings.write(t.districts()));
    statement.setString(6, t.department().wireName());
    TreeSet<String> classes = new TreeSet<>();
    t.dataClasses().forEach(d -> classes.add(d.wireName()));
    statement.setString(7, JsonStrings.write(classes));
    statement.setString(8, JsonStrings.write(t.capabilities()));
    bindAnswer(statement, 9, t.tripleTest().appropriate());
    bindAnswer(statement, 11, t.tripleTest().necessary());
    bindAnswer(statement, 13, t.tripleTest().proportionate());
    Review review = entry.review();
    statement.setString(15, review.status().name());
    statement.setString(16, review.by().orElse(null));
    ValueCodec.bindInstant(statement, 17, review.at().orElse(null));
    statement.setString(18, review.note().orElse(null));
    statement.setLong(19, entry.version());
    statement.setString(20, t.id());
  }

  private static void bindAnswer(PreparedStatement statement, int index, TripleTest.Answer answer)
      throws SQLException {
    statement.setBoolean(index, answer.yes());
    statement.setString(index + 1, answer.reasoning());
  }

  private static List<RegisterEntry> select(PreparedStatement select) throws SQLException {
    try (select;
        ResultSet row = select.executeQuery()) {
      List<RegisterEntry> entries = new ArrayList<>();
      while (row.next()) {
        String id = row.getString(20);
        String department = row.getString(6);
        Set<DataClass> classes = EnumSet.noneOf(DataClass.class);
        for (String name : JsonStrings.read(row.getString(7), "data_classes")) {
          classes.add(
              DataClass.fromWire(name)
                  .orElseThrow(
                      () ->
                          new IllegalStateException(
                              "register entry " + id + " names an unknown data class " + name)));
        }
        Technology technology =
            new Technology(
                id,
                row.getString(1),
                row.getString(2),
                JsonStrings.read(row.getString(3), "purposes"),
                row.getBoolean(4),
                JsonStrings.read(row.getString(5), "districts"),
                Department.fromWire(department)
                    .orElseThrow(
                        () ->
                            new IllegalStateException(
                                "register entry "
                                    + id
                                    + " names an unknown department "
                                    + department)),
                classes,
                JsonStrings.read(row.getString(8), "capabilities"),
                new TripleTest(
                    new TripleTest.Answer(row.getBoolean(9), row.getString(10)),
                    new TripleTest.Answer(row.getBoolean(11), row.getString(12)),
                    new TripleTest.Answer(row.getBoolean(13), row.getString(14))));
        Review review =
            new Review(
                RegisterStatus.valueOf(row.getString(15)),
                Optional.ofNullable(row.getString(16)),
                Optional.ofNullable(ValueCodec.readInstant(row, 17)),
                Optional.ofNullable(row.getString(18)));
        entries.add(new RegisterEntry(technology, review, row.getLong(19)));
      }
      return entries;
    }
  }
}
