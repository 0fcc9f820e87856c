package db.migration.sensing;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The geospatial functions of {@code $filter} under the same names on both engines, each taking
 * geometries as text (GeoJSON as stored, or WKT as filter literals are written): {@code
 * civitas_st_equals/disjoint/touches/within/overlaps/crosses/intersects/contains(a, b)}, {@code
 * civitas_st_relate(a, b, pattern)}, {@code civitas_geo_distance(a, b)}, {@code
 * civitas_geo_length(a)}.
 *
 * <p>H2 gets Java functions over JTS ({@link org.civitas.storage.EmbeddedGeoFunctions}). PostgreSQL
 * gets SQL functions over PostGIS, whose extension this migration creates in schema {@code public}
 * when the server has it installed (one extension per database serves every schema). Without
 * PostGIS the functions exist but raise "feature not supported", which the store answers as a 400
 * saying PostGIS is needed; install PostGIS before the first start to have them.
 */
public class V3__geo_functions extends BaseJavaMigration {

  private static final Logger log = LoggerFactory.getLogger(V3__geo_functions.class);

  /** Function name → [H2 Java method, PostGIS function, SQL result type, arity]. */
  private static final Map<String, String[]> FUNCTIONS =
      Map.ofEntries(
          Map.entry("civitas_st_equals", new String[] {"stEquals", "ST_Equals", "boolean", "2"}),
          Map.entry(
              "civitas_st_disjoint", new String[] {"stDisjoint", "ST_Disjoint", "boolean", "2"}),
          Map.entry("civitas_st_touches", new String[] {"stTouches", "ST_Touches", "boolean", "2"}),
          Map.entry("civitas_st_within", new String[] {"stWithin", "ST_Within", "boolean", "2"}),
          Map.entry(
              "civitas_st_overlaps", new String[] {"stOverlaps", "ST_Overlaps", "boolean", "2"}),
          Map.entry("civitas_st_crosses", new String[] {"stCrosses", "ST_Crosses", "boolean", "2"}),
          Map.entry(
              "civitas_st_intersects",
              new String[] {"stIntersects", "ST_Intersects", "boolean", "2"}),
          Map.entry(
              "civitas_st_contains", new String[] {"stContains", "ST_Contains", "boolean", "2"}),
          Map.entry("civitas_st_relate", new String[] {"stRelate", "ST_Relate", "boolean", "3"}),
          Map.entry(
              "civitas_geo_distance",
              new String[] {"distance", "ST_Distance", "double precision", "2"}),
          Map.entry(
              "civitas_geo_length", new String[] {"length", "ST_Length", "double precision", "1"}));

  @Override
  public void migrate(Context context) throws SQLException {
    Connection connection = context.getConnection();
    boolean postgres =
        connection.getMetaData().getDatabaseProductName().toLowerCase().contains("postgres");
    List<String> statements = new ArrayList<>();
    if (!postgres) {
      FUNCTIONS.forEach(
          (name, spec) ->
              statements.add(
                  "CREATE ALIAS IF NOT EXISTS "
                      + name
                      + " DETERMINISTIC FOR 'org.civitas.storage.EmbeddedGeoFunctions."
                      + spec[0]
                      + "'"));
    } else {
      String postgis = postgisSchema(connection);
      if (postgis == null) {
        log.warn(
            "PostGIS is not installed in this PostgreSQL: geospatial $filter functions will answer"
                + " 400 until it is (install the postgis package before the first start)");
        FUNCTIONS.forEach((name, spec) -> statements.add(unsupported(name, spec)));
      } else {
        statements.add(geometryFunction(postgis));
        FUNCTIONS.forEach((name, spec) -> statements.add(postgisFunction(name, spec, postgis)));
      }
    }
    try (Statement statement = connection.createStatement()) {
      for (String sql : statements) {
        statement.execute(sql);
      }
    }
  }

  /** The schema PostGIS lives in, creating the extension in {@code public} when available. */
  private static String postgisSchema(Connection connection) throws SQLException {
    String schema = installedSchema(connection);
    if (schema != null) {
      return schema;
    }
    try (Statement statement = connection.createStatement();
        ResultSet available =
            statement.executeQuery(
                "SELECT 1 FROM pg_available_extensions WHERE name = 'postgis'")) {
      if (!available.next()) {
        return null;
      }
    }
    // A failed CREATE EXTENSION (no privilege) must not abort the migration's transaction.
    Savepoint savepoint = connection.setSavepoint();
    try (Statement statement = connection.createStatement()) {
      statement.execute("CREATE EXTENSION IF NOT EXISTS postgis SCHEMA public");
      connection.releaseSavepoint(savepoint);
    } catch (SQLException e) {
      connection.rollback(savepoint);
      log.warn("cannot create the PostGIS extension: {}", e.getMessage());
      return null;
    }
    return installedSchema(connection);
  }

  private static String installedSchema(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet row =
            statement.executeQuery(
                "SELECT extnamespace::regnamespace::text FROM pg_extension"
                    + " WHERE extname = 'postgis'")) {
      return row.next() ? row.getString(1) : null;
    }
  }

  /**
   * GeoJSON (a geometry or a Feature) or WKT to a PostGIS geometry, SRID 4326 for both so they can
   * be combined; null for text that is neither, as on H2.
   */
  private static String geometryFunction(String postgis) {
    return """
        CREATE OR REPLACE FUNCTION civitas_geometry(g varchar) RETURNS %1$s.geometry
        LANGUAGE plpgsql IMMUTABLE AS $$
        BEGIN
          IF g IS NULL THEN RETURN NULL; END IF;
          IF left(ltrim(g), 1) = '{' THEN
            IF CAST(g AS jsonb) ->> 'type' = 'Feature' THEN g := CAST(g AS jsonb) ->> 'geometry'; END IF;
            RETURN %1$s.ST_SetSRID(%1$s.ST_GeomFromGeoJSON(g), 4326);
          END IF;
          RETURN %1$s.ST_SetSRID(%1$s.ST_GeomFromText(regexp_replace(g, '^\\s*SRID=\\d+;', '')), 4326);
        EXCEPTION WHEN OTHERS THEN RETURN NULL;
        END $$"""
        .formatted(postgis);
  }

  private static String postgisFunction(String name, String[] spec, String postgis) {
    String call =
        switch (spec[3]) {
          case "1" -> postgis + "." + spec[1] + "(civitas_geometry(a))";
          case "2" -> postgis + "." + spec[1] + "(civitas_geometry(a), civitas_geometry(b))";
          default ->
              postgis + "." + spec[1] + "(civitas_geometry(a), civitas_geometry(b), pattern)";
        };
    return "CREATE OR REPLACE FUNCTION "
        + name
        + parameters(spec[3])
        + " RETURNS "
        + spec[2]
        + " LANGUAGE sql IMMUTABLE AS $$ SELECT "
        + call
        + " $$";
  }

  private static String unsupported(String name, String[] spec) {
    return "CREATE OR REPLACE FUNCTION "
        + name
        + parameters(spec[3])
        + " RETURNS "
        + spec[2]
        + " LANGUAGE plpgsql IMMUTABLE AS $$ BEGIN RAISE EXCEPTION"
        + " 'geospatial $filter functions need PostGIS in this PostgreSQL database'"
        + " USING ERRCODE = '0A000'; END $$";
  }

  private static String parameters(String arity) {
    return switch (arity) {
      case "1" -> "(a varchar)";
      case "2" -> "(a varchar, b varchar)";
      default -> "(a varchar, b varchar, pattern varchar)";
    };
  }
}
