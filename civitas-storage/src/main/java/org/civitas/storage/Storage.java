package org.civitas.storage;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.pool.HikariPool;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import org.civitas.city.DistrictStore;
import org.civitas.devices.store.DeviceStore;
import org.civitas.error.UnavailableException;
import org.civitas.governance.audit.store.AuditStore;
import org.civitas.governance.classes.store.DatastreamPolicyStore;
import org.civitas.governance.consent.ConsentStore;
import org.civitas.governance.identity.store.IdentityStore;
import org.civitas.governance.purposes.store.PurposeStore;
import org.civitas.governance.register.store.RegisterStore;
import org.civitas.governance.retention.RetentionStore;
import org.civitas.governance.subjects.SubjectRequestStore;
import org.civitas.rules.alarm.store.AlarmStore;
import org.civitas.rules.cap.store.PublicAlertStore;
import org.civitas.rules.notify.store.NotificationStore;
import org.civitas.rules.store.RuleStore;
import org.civitas.sensing.store.SensingStore;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens the storage: the one entry point of this module.
 *
 * <p>Durability of an acknowledged commit (a completed ingest future, a returned transaction):
 *
 * <ul>
 *   <li>Embedded (H2): every commit is written to the database file and fsynced ({@code
 *       WRITE_DELAY=0} plus {@code CHECKPOINT SYNC}, see {@link Dialect#makeDurable}) before it is
 *       acknowledged, so it survives the process being killed and, as far as the disk honours
 *       fsync, a power loss. The kill -9 case is tested.
 *   <li>PostgreSQL: with the server's defaults ({@code synchronous_commit=on}, {@code fsync=on})
 *       every commit is flushed to the write-ahead log on disk before it returns.
 * </ul>
 */
public final class Storage {
  private static final Logger log = LoggerFactory.getLogger(Storage.class);

  /** How long a request waits for a free connection, or for a down server, before it fails. */
  private static final long CONNECTION_TIMEOUT_MILLIS = 5_000;

  /**
   * The ingest path's limits; the defaults suit both engines.
   *
   * @param ingestCapacity observations accepted but not yet committed, beyond which submissions are
   *     refused
   * @param ingestBatch observations per transaction at most
   */
  record Tuning(int ingestCapacity, int ingestBatch) {
    static final Tuning DEFAULT = new Tuning(200_000, 5_000);
  }

  private Storage() {}

  /**
   * Connects to the engine, brings its schema up to date (Flyway, {@code db/migration/sensing}) and
   * starts the ingest writer. Close the store to commit what is queued and release the database.
   *
   * @throws IllegalArgumentException if the settings have {@link StorageSettings#problems()}
   * @throws UnavailableException if the database cannot be reached or opened
   */
  public static SensingStore open(StorageSettings settings) {
    return open(settings, Tuning.DEFAULT);
  }

  static SensingStore open(StorageSettings settings, Tuning tuning) {
    if (!settings.problems().isEmpty()) {
      throw new IllegalArgumentException(
          "invalid storage settings: " + String.join("; ", settings.problems()));
    }
    Dialect dialect = Dialect.of(settings.kind());
    HikariDataSource dataSource;
    try {
      dataSource = new HikariDataSource(poolConfig(settings));
    } catch (HikariPool.PoolInitializationException e) {
      throw new UnavailableException(
          "cannot connect to the " + dialect.engine() + " database: " + rootMessage(e), e);
    }
    try {
      MigrateResult migration =
          Flyway.configure()
              .dataSource(dataSource)
              .locations("classpath:db/migration/sensing")
              .table("sensing_schema_history")
              .load()
              .migrate();
      String description = describe(dataSource);
      log.info(
          "storage open: {} (schema version {}, {} migrations applied now)",
          description,
          migration.targetSchemaVersion == null ? "unchanged" : migration.targetSchemaVersion,
          migration.migrationsExecuted);
      return new JdbcSensingStore(dataSource, dialect, description, tuning);
    } catch (RuntimeException e) {
      dataSource.close();
      throw e;
    }
  }

  /**
   * The device registry's store in the same database as {@code sensing}, which must come from
   * {@link #open}.
   *
   * <p>Why an accessor on an open store rather than a second {@code open}: devices reference Things
   * and Datastreams by foreign key, so both stores must live in one database, be migrated by the
   * one Flyway history, and share one connection pool sized once. The device store holds no
   * resources of its own: it is usable while {@code sensing} is open and closed with it, so callers
   * close only the sensing store, after whatever still writes devices (the ingest pipeline's
   * activity flush) has stopped. Calling this again returns an equivalent store.
   *
   * @throws IllegalArgumentException if {@code sensing} was not opened by {@link #open}
   */
  public static DeviceStore devices(SensingStore sensing) {
    if (!(sensing instanceof JdbcSensingStore jdbc)) {
      throw new IllegalArgumentException(
          "the device store shares the database of a sensing store opened by Storage.open, found "
              + sensing.getClass().getName());
    }
    return new JdbcDeviceStore(jdbc.dataSource(), jdbc.dialect());
  }

  /**
   * The city's districts in the same database as {@code sensing}, which must come from {@link
   * #open}: like {@link #devices}, it holds no resources of its own and is closed with {@code
   * sensing}.
   *
   * @throws IllegalArgumentException if {@code sensing} was not opened by {@link #open}
   */
  public static DistrictStore districts(SensingStore sensing) {
    if (!(sensing instanceof JdbcSensingStore jdbc)) {
      throw new IllegalArgumentException(
          "the district store shares the database of a sensing store opened by Storage.open,"
              + " found "
              + sensing.getClass().getName());
    }
    return new JdbcDistrictStore(jdbc.dataSource(), jdbc.dialect());
  }

  /**
   * The public alert messages (OASIS CAP 1.2) in the same database as {@code sensing}, which must
   * come from {@link #open}: like {@link #devices}, it holds no resources of its own and is closed
   * with {@code sensing}.
   *
   * @throws IllegalArgumentException if {@code sensing} was not opened by {@link #open}
   */
  public static PublicAlertStore publicAlerts(SensingStore sensing) {
    JdbcSensingStore jdbc = jdbc(sensing, "public alert store");
    return new JdbcPublicAlertStore(jdbc.dataSource(), jdbc.dialect());
  }

  /**
   * Alarms in the same database as {@code sensing}, which must come from {@link #open}: like {@link
   * #devices}, it holds no resources of its own and is closed with {@code sensing}.
   *
   * @throws IllegalArgumentException if {@code sensing} was not opened by {@link #open}
   */
  public static AlarmStore alarms(SensingStore sensing) {
    JdbcSensingStore jdbc = jdbc(sensing, "alarm store");
    return new JdbcAlarmStore(jdbc.dataSource(), jdbc.dialect());
  }

  /**
   * Notification channels and the durable queue of deliveries in the same database as {@code
   * sensing}, which must come from {@link #open}; closed with {@code sensing}.
   *
   * @throws IllegalArgumentException if {@code sensing} was not opened by {@link #open}
   */
  public static NotificationStore notifications(SensingStore sensing) {
    JdbcSensingStore jdbc = jdbc(sensing, "notification store");
    return new JdbcNotificationStore(jdbc.dataSource(), jdbc.dialect());
  }

  /**
   * The governance policies of Datastreams (data class, purposes, activation) in the same database
   * as {@code sensing}, which must come from {@link #open}; a policy is deleted with its
   * Datastream. Closed with {@code sensing}.
   *
   * @throws IllegalArgumentException if {@code sensing} was not opened by {@link #open}
   */
  public static DatastreamPolicyStore datastreamPolicies(SensingStore sensing) {
    JdbcSensingStore jdbc = jdbc(sensing, "Datastream policy store");
    return new JdbcDatastreamPolicyStore(jdbc.dataSource(), jdbc.dialect());
  }

  private static JdbcSensingStore jdbc(SensingStore sensing, String what) {
    if (!(sensing instanceof JdbcSensingStore jdbc)) {
      throw new IllegalArgumentException(
          "the "
              + what
              + " shares the database of a sensing store opened by Storage.open, found "
              + sensing.getClass().getName());
    }
    return jdbc;
  }

  /**
   * The rules engine's store (rules, their versions, evaluation state, partition leases) in the
   * same database as {@code sensing}, which must come from {@link #open}: like {@link #devices}, it
   * holds no resources of its own and is closed with {@code sensing}. It reads committed
   * Observations for the engine's catch-up, so it must share their database.
   *
   * @throws IllegalArgumentException if {@code sensing} was not opened by {@link #open}
   */
  public static RuleStore rules(SensingStore sensing) {
    JdbcSensingStore jdbc = jdbc(sensing, "rule store");
    return new JdbcRuleStore(jdbc.dataSource(), jdbc.dialect());
  }

  /**
   * Accounts, sessions and API keys in the same database as {@code sensing}, which must come from
   * {@link #open}: like {@link #devices}, it holds no resources of its own and is closed with
   * {@code sensing}.
   *
   * @throws IllegalArgumentException if {@code sensing} was not opened by {@link #open}
   */
  public static IdentityStore identity(SensingStore sensing) {
    JdbcSensingStore jdbc = jdbc(sensing, "identity store");
    return new JdbcIdentityStore(jdbc.dataSource(), jdbc.dialect());
  }

  /**
   * The hash-chained audit log in the same database as {@code sensing}, which must come from {@link
   * #open}: it holds no resources of its own and is closed with {@code sensing}. Nodes sharing one
   * database share one chain.
   *
   * @throws IllegalArgumentException if {@code sensing} was not opened by {@link #open}
   */
  public static AuditStore audit(SensingStore sensing) {
    JdbcSensingStore jdbc = jdbc(sensing, "audit store");
    return new JdbcAuditStore(jdbc.dataSource(), jdbc.dialect());
  }

  /**
   * The register of purposes in the same database as {@code sensing}, which must come from {@link
   * #open}; closed with {@code sensing}.
   *
   * @throws IllegalArgumentException if {@code sensing} was not opened by {@link #open}
   */
  public static PurposeStore purposes(SensingStore sensing) {
    JdbcSensingStore jdbc = jdbc(sensing, "purpose store");
    return new JdbcPurposeStore(jdbc.dataSource(), jdbc.dialect());
  }

  /**
   * The technology register in the same database as {@code sensing}, which must come from {@link
   * #open}; closed with {@code sensing}.
   *
   * @throws IllegalArgumentException if {@code sensing} was not opened by {@link #open}
   */
  public static RegisterStore register(SensingStore sensing) {
    JdbcSensingStore jdbc = jdbc(sensing, "technology register store");
    return new JdbcRegisterStore(jdbc.dataSource(), jdbc.dialect());
  }

  /**
   * The append-only history of consent decisions in the same database as {@code sensing}, which
   * must come from {@link #open}: like {@link #devices}, it holds no resources of its own and is
   * closed with {@code sensing}.
   *
   * @throws IllegalArgumentException if {@code sensing} was not opened by {@link #open}
   */
  public static ConsentStore consents(SensingStore sensing) {
    JdbcSensingStore jdbc = jdbc(sensing, "consent store");
    return new JdbcConsentStore(new JdbcWork(jdbc.dataSource(), jdbc.dialect()));
  }

  /**
   * Retention rules, the expiry of Observations, their hourly aggregates and the run reports, in
   * the same database as {@code sensing} (it deletes Observations, so it must share their
   * database), which must come from {@link #open}; closed with {@code sensing}.
   *
   * @throws IllegalArgumentException if {@code sensing} was not opened by {@link #open}
   */
  public static RetentionStore retention(SensingStore sensing) {
    JdbcSensingStore jdbc = jdbc(sensing, "retention store");
    return new JdbcRetentionStore(new JdbcWork(jdbc.dataSource(), jdbc.dialect()), jdbc.dialect());
  }

  /**
   * Data-subject requests and legal holds, with the reads and deletes of a subject's Observations
   * that answering them needs, in the same database as {@code sensing}, which must come from {@link
   * #open}; closed with {@code sensing}.
   *
   * @throws IllegalArgumentException if {@code sensing} was not opened by {@link #open}
   */
  public static SubjectRequestStore subjectRequests(SensingStore sensing) {
    JdbcSensingStore jdbc = jdbc(sensing, "subject request store");
    return new JdbcSubjectRequestStore(
        new JdbcWork(jdbc.dataSource(), jdbc.dialect()), jdbc.dialect());
  }

  private static HikariConfig poolConfig(StorageSettings settings) {
    HikariConfig config = new HikariConfig();
    config.setPoolName("civitas-storage");
    config.setMaximumPoolSize(settings.poolSize());
    config.setConnectionTimeout(CONNECTION_TIMEOUT_MILLIS);
    // Time buckets (DATE_TRUNC) and timestamps read back are in UTC whatever the host's zone.
    config.setConnectionInitSql("SET TIME ZONE 'UTC'");
    switch (settings.kind()) {
      case EMBEDDED -> {
        config.setJdbcUrl(
            StorageSettings.isBlank(settings.url()) ? h2Url(settings.dataDir()) : settings.url());
        config.setUsername(StorageSettings.isBlank(settings.user()) ? "sa" : settings.user());
        config.setPassword(settings.password() == null ? "" : settings.password());
      }
      case POSTGRES -> {
        config.setJdbcUrl(settings.url());
        config.setUsername(settings.user());
        config.setPassword(settings.password());
        // The driver then sends a JDBC batch as multi-row INSERTs: several times the ingest rate.
        config.addDataSourceProperty("reWriteBatchedInserts", "true");
      }
    }
    return config;
  }

  /**
   * H2 in file mode under {@code dataDir}. PostgreSQL mode and lower-case names make the one set of
   * migrations and queries run on both engines; WRITE_DELAY=0 writes each commit before it returns
   * (see the class comment); DB_CLOSE_ON_EXIT=FALSE leaves closing to {@link SensingStore#close()},
   * because H2's own shutdown hook would otherwise close the database while Civitas's hook is still
   * committing the ingest queue; the lock timeout matches the connection timeout.
   */
  static String h2Url(Path dataDir) {
    try {
      Files.createDirectories(dataDir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the data directory " + dataDir, e);
    }
    return "jdbc:h2:file:"
        + dataDir.toAbsolutePath().resolve("civitas")
        + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH"
        + ";WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE;LOCK_TIMEOUT="
        + CONNECTION_TIMEOUT_MILLIS;
  }

  private static String describe(HikariDataSource dataSource) {
    try (Connection connection = dataSource.getConnection()) {
      DatabaseMetaData meta = connection.getMetaData();
      return meta.getDatabaseProductName() + " " + meta.getDatabaseProductVersion();
    } catch (SQLException e) {
      throw SqlErrors.translate(e, "reading the database version");
    }
  }

  private static String rootMessage(Throwable error) {
    Throwable root = error;
    while (root.getCause() != null) {
      root = root.getCause();
    }
    return root.getMessage();
  }
}
