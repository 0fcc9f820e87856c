package org.civitas.server.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.javalin.http.HttpStatus;
import org.civitas.sensing.store.StorageStatus;
import org.junit.jupiter.api.Test;

class HealthReportTest {

  @Test
  void is_ready_with_200_when_storage_is_up() {
    HealthReport report = HealthReport.of(new StorageStatus(true, "embedded", "H2 file"));

    assertThat(report.status()).isEqualTo("UP");
    assertThat(report.ready()).isTrue();
    assertThat(report.httpStatus()).isEqualTo(HttpStatus.OK);
  }

  @Test
  void is_live_but_not_ready_with_503_when_storage_is_down() {
    HealthReport report =
        HealthReport.of(new StorageStatus(false, "postgres", "Connection refused"));

    assertThat(report.status()).isEqualTo("DOWN");
    assertThat(report.live()).isTrue();
    assertThat(report.ready()).isFalse();
    assertThat(report.storage().detail()).isEqualTo("Connection refused");
    assertThat(report.httpStatus()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
  }

  @Test
  void liveness_report_does_not_mention_storage() {
    HealthReport report = HealthReport.alive();

    assertThat(report.httpStatus()).isEqualTo(HttpStatus.OK);
    assertThat(report.storage()).isNull();
  }
}
