package org.civitas.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import org.civitas.governance.audit.HashChainedAudit;
import org.civitas.sensing.store.SensingStore;
import org.civitas.storage.Storage;
import org.civitas.storage.StorageSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code civitas audit verify} over the storage its configuration names, before and after one audit
 * row is changed by plain JDBC with the append-only trigger lifted, as an attacker with database
 * rights would; one subclass per engine.
 */
abstract class AuditVerifyCommandContract {
  @TempDir Path workingDir;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  /** The environment that points Civitas at a fresh database of this engine. */
  abstract Map<String, String> storageEnv();

  /** The same database as {@link #storageEnv()}, for the test's own writes. */
  abstract StorageSettings storageSettings();

  /** A plain JDBC connection to it, while Civitas has it closed. */
  abstract Connection rawConnection() throws SQLException;

  /** What an attacker runs to lift the append-only trigger on this engine. */
  abstract String disableTrigger();

  private int verify(String... options) {
    out.getBuffer().setLength(0);
    CommandLine commandLine = Civitas.commandLine(storageEnv(), workingDir);
    commandLine.setOut(new PrintWriter(out, true));
    commandLine.setErr(new PrintWriter(err, true));
    String[] args = new String[options.length + 2];
    args[0] = "audit";
    args[1] = "verify";
    System.arraycopy(options, 0, args, 2, options.length);
    return commandLine.execute(args);
  }

  private void recordFive() {
    try (SensingStore store = Storage.open(storageSettings())) {
      HashChainedAudit audit = new HashChainedAudit(Storage.audit(store), Clock.systemUTC());
      for (int i = 1; i <= 5; i++) {
        audit.record("alice", "personal-data.read", "Datastreams(" + i + ")", Map.of());
      }
    }
  }

  @Test
  void an_intact_log_exits_0_with_the_head_to_publish_and_a_tampered_row_exits_1_naming_its_seq()
      throws SQLException {
    recordFive();

    int intact = verify();

    assertThat(intact).as(err.toString()).isZero();
    assertThat(out.toString())
        .contains("audit log: intact")
        .contains("entries checked: 5")
        .contains("head seq: 5")
        .containsPattern("head hash: [0-9a-f]{64}");

    try (Connection connection = rawConnection();
        Statement statement = connection.createStatement()) {
      statement.execute(disableTrigger());
      assertThat(statement.executeUpdate("UPDATE audit_entry SET actor = 'bob' WHERE seq = 3"))
          .isEqualTo(1);
    }

    int broken = verify();

    assertThat(broken).isEqualTo(Civitas.EXIT_FAILED);
    assertThat(out.toString())
        .contains("audit log: BROKEN")
        .contains("first broken seq: 3")
        .contains("reason: CHANGED_CONTENT")
        .contains("entries checked: 3");
  }

  @Test
  void a_published_head_the_chain_no_longer_holds_exits_1() {
    recordFive();
    assertThat(verify()).isZero();
    String head = out.toString().replaceAll("(?s).*head hash: ([0-9a-f]{64}).*", "$1");

    assertThat(verify("--published-head", "5:" + head)).as(err.toString()).isZero();
    assertThat(verify("--published-head", "5:" + "f".repeat(64))).isEqualTo(Civitas.EXIT_FAILED);
    assertThat(out.toString()).contains("reason: PUBLISHED_HEAD_NOT_FOUND");
    assertThat(verify("--published-head", "9:" + head)).isEqualTo(Civitas.EXIT_FAILED);
    assertThat(verify("--published-head", "five")).isEqualTo(2);
    assertThat(err.toString()).contains("--published-head is SEQ:HASH");
  }

  @Test
  void an_empty_log_is_intact() {
    assertThat(verify()).as(err.toString()).isZero();
    assertThat(out.toString()).contains("entries checked: 0").contains("head seq: 0");
  }

  static Map<String, String> env(String... pairs) {
    Map<String, String> env = new HashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      env.put(pairs[i], pairs[i + 1]);
    }
    return env;
  }
}
