package org.civitas.governance.audit;

import java.nio.file.Path;

/**
 * The JDBC URL of the embedded database Civitas opens in {@code dataDir}, as an attacker with the
 * file would use it; the same settings as {@code Storage}'s, so the open database is shared within
 * the JVM.
 */
final class EmbeddedDatabase {
  private EmbeddedDatabase() {}

  static String url(Path dataDir) {
    return "jdbc:h2:file:"
        + dataDir.toAbsolutePath().resolve("civitas")
        + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH"
        + ";WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE;LOCK_TIMEOUT=5000";
  }
}
