package org.civitas.storage;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;
import org.civitas.city.District;
import org.civitas.city.DistrictStore;
import org.civitas.error.InvalidInputException;
import org.civitas.sensing.model.Json;

/**
 * The JDBC {@link DistrictStore}, the same code on H2 and PostgreSQL, on the connection pool of the
 * sensing store it was made from (table of migration V7). Obtain it with {@link Storage#districts}.
 */
final class JdbcDistrictStore implements DistrictStore {

  private final DataSource dataSource;
  private final JdbcWork work;

  JdbcDistrictStore(DataSource dataSource, Dialect dialect) {
    this.dataSource = dataSource;
    this.work = new JdbcWork(dataSource, dialect);
  }

  @Override
  public void replaceAll(List<District> districts) {
    // Checked before the transaction, so that the error names the second of the two.
    Set<String> names = new HashSet<>();
    for (int i = 0; i < districts.size(); i++) {
      if (!names.add(districts.get(i).name())) {
        throw new InvalidInputException(
            "district names are unique; " + districts.get(i).name() + " comes twice",
            "features[" + i + "].properties.name");
      }
    }
    work.write(
        "replacing the districts",
        connection -> {
          try (Statement delete = connection.createStatement();
              PreparedStatement insert =
                  connection.prepareStatement(
                      "INSERT INTO district (name, position, geometry, properties)"
                          + " VALUES (?, ?, ?, ?)")) {
            delete.executeUpdate("DELETE FROM district");
            for (int i = 0; i < districts.size(); i++) {
              District district = districts.get(i);
              insert.setString(1, district.name());
              insert.setInt(2, i);
              insert.setString(3, district.geometry().text());
              insert.setString(4, district.properties().text());
              insert.addBatch();
            }
            insert.executeBatch();
          }
          return null;
        });
  }

  @Override
  public List<District> list() {
    return select("SELECT name, geometry, properties FROM district ORDER BY position", null);
  }

  @Override
  public Optional<District> find(String name) {
    return select("SELECT name, geometry, properties FROM district WHERE name = ?", name).stream()
        .findFirst();
  }

  private List<District> select(String sql, String name) {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement select = connection.prepareStatement(sql)) {
      if (name != null) {
        select.setString(1, name);
      }
      List<District> districts = new ArrayList<>();
      try (ResultSet row = select.executeQuery()) {
        while (row.next()) {
          districts.add(
              new District(
                  row.getString(1), new Json(row.getString(2)), new Json(row.getString(3))));
        }
      }
      return districts;
    } catch (SQLException e) {
      throw SqlErrors.translate(e, "reading the districts");
    }
  }
}
