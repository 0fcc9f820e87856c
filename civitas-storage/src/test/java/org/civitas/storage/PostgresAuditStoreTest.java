package org.civitas.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.civitas.governance.audit.store.AuditChain;
import org.civitas.governance.audit.store.AuditEntry;
import org.civitas.governance.audit.store.AuditEvent;
import org.civitas.governance.audit.store.AuditStore;
import org.civitas.sensing.store.SensingStore;
import org.junit.jupiter.api.Test;

/**
 * The audit store on PostgreSQL, in a fresh schema per test ({@link TestPostgres}); fails when
 * PostgreSQL is unreachable.
 */
class PostgresAuditStoreTest extends AuditStoreContract {
  private TestPostgres schema;

  @Override
  protected SensingStore openFresh() {
    schema = TestPostgres.freshSchema("civitas_audit_test");
    return Storage.open(schema.settings());
  }

  @Override
  protected Connection rawConnection() throws SQLException {
    return DriverManager.getConnection(schema.url(), schema.user(), "");
  }

  @Override
  protected String disableTrigger() {
    return "ALTER TABLE audit_entry DISABLE TRIGGER audit_entry_append_only";
  }

  @Test
  void two_nodes_on_one_database_append_to_one_unbroken_chain() throws Exception {
    SensingStore first = openFresh();
    try (SensingStore second = Storage.open(schema.settings())) {
      AuditStore[] nodes = {Storage.audit(first), Storage.audit(second)};
      ExecutorService pool = Executors.newFixedThreadPool(4);
      try {
        List<Future<?>> writers = new ArrayList<>();
        for (int w = 0; w < 4; w++) {
          AuditStore node = nodes[w % 2];
          String actor = "node-" + (w % 2) + "-writer-" + w;
          writers.add(
              pool.submit(
                  () -> {
                    for (int i = 0; i < 20; i++) {
                      node.append(
                          new AuditEvent(Instant.now(), actor, "test.append", "t", Map.of()));
                    }
                  }));
        }
        for (Future<?> writer : writers) {
          writer.get(60, TimeUnit.SECONDS);
        }
      } finally {
        pool.shutdownNow();
      }

      List<AuditEntry> chain = nodes[1].chain(0, 1000);
      assertThat(chain).hasSize(80);
      String previous = AuditChain.GENESIS;
      for (int i = 0; i < chain.size(); i++) {
        assertThat(chain.get(i).seq()).isEqualTo(i + 1);
        assertThat(chain.get(i).prevHash()).isEqualTo(previous);
        assertThat(AuditChain.recompute(chain.get(i))).isEqualTo(chain.get(i).hash());
        previous = chain.get(i).hash();
      }
    } finally {
      first.close();
    }
  }

  @Override
  protected void afterStoreClosed() {
    if (schema != null) {
      schema.close();
      schema = null;
    }
  }
}
