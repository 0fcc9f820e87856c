package db.migration.sensing;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * The SQL functions {@code $filter} needs to read inside JSON text columns, under the same names
 * and with the same results on both engines, so the filter translator writes one SQL for both:
 *
 * <ul>
 *   <li>{@code civitas_json_text(json, path)}: the value at {@code path} (a JSON array of member
 *       names, {@code []} for the whole value) as text — a string without quotes, a number or a
 *       boolean as written, an object or array as JSON; null when missing or JSON null.
 *   <li>{@code civitas_json_number(json, path)}: the value as a double when it is a JSON number,
 *       else null; so {@code properties/floor gt 2} compares numbers, never texts.
 * </ul>
 *
 * PostgreSQL gets SQL functions over {@code jsonb}; H2 gets Java functions ({@code CREATE ALIAS},
 * {@link org.civitas.storage.EmbeddedJsonFunctions}). This is a Java migration because a SQL script
 * cannot hold both.
 */
public class V2__filter_functions extends BaseJavaMigration {

  private static final String PATH_KEYS =
      "ARRAY(SELECT k FROM jsonb_array_elements_text(CAST(path AS jsonb)) WITH ORDINALITY AS t(k, i)"
          + " ORDER BY i)";

  private static final List<String> POSTGRES =
      List.of(
          "CREATE OR REPLACE FUNCTION civitas_json_text(doc varchar, path varchar) RETURNS varchar"
              + " LANGUAGE sql IMMUTABLE AS $$ SELECT CAST(doc AS jsonb) #>> "
              + PATH_KEYS
              + " $$",
          "CREATE OR REPLACE FUNCTION civitas_json_number(doc varchar, path varchar)"
              + " RETURNS double precision LANGUAGE sql IMMUTABLE AS $$ SELECT CASE WHEN"
              + " jsonb_typeof(v) = 'number' THEN CAST(v #>> '{}' AS double precision) END FROM"
              + " (SELECT CAST(doc AS jsonb) #> "
              + PATH_KEYS
              + " AS v) s $$");

  private static final List<String> EMBEDDED =
      List.of(
          "CREATE ALIAS IF NOT EXISTS civitas_json_text DETERMINISTIC FOR"
              + " 'org.civitas.storage.EmbeddedJsonFunctions.text'",
          "CREATE ALIAS IF NOT EXISTS civitas_json_number DETERMINISTIC FOR"
              + " 'org.civitas.storage.EmbeddedJsonFunctions.number'");

  @Override
  public void migrate(Context context) throws SQLException {
    Connection connection = context.getConnection();
    boolean postgres =
        connection.getMetaData().getDatabaseProductName().toLowerCase().contains("postgres");
    try (Statement statement = connection.createStatement()) {
      for (String sql : postgres ? POSTGRES : EMBEDDED) {
        statement.execute(sql);
      }
    }
  }
}
