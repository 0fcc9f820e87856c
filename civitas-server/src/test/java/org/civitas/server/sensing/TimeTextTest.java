package org.civitas.server.sensing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import org.civitas.error.InvalidInputException;
import org.junit.jupiter.api.Test;

class TimeTextTest {

  @Test
  void the_fast_path_reads_common_instants_as_the_iso_parser_does() {
    List<String> texts =
        List.of(
            "2026-11-23T18:00:00Z",
            "2026-11-23T18:00:00.1Z",
            "2026-11-23T18:00:00.123Z",
            "2026-11-23T18:00:00.123456789Z",
            "2024-02-29T23:59:59.999+01:00",
            "1969-12-31T23:59:59.5-05:30",
            "2026-01-01T00:00:00+18:00",
            "2026-01-01T00:00:00-18:00",
            "0000-01-01T00:00:00Z");
    for (String text : texts) {
      assertThat(TimeText.commonInstant(text))
          .as(text)
          .isEqualTo(OffsetDateTime.parse(text).toInstant());
    }
  }

  @Test
  void the_fast_path_leaves_other_shapes_and_invalid_dates_to_the_iso_parser() {
    List<String> texts =
        List.of(
            "2026-11-23T18:00Z",
            "2026-11-23t18:00:00z",
            "2026-11-23T18:00:00+01:00:30",
            "2026-11-23T18:00:00.Z",
            "2026-11-23T18:00:00.1234567891Z",
            "2026-02-29T00:00:00Z",
            "2026-13-01T00:00:00Z",
            "2026-11-23T24:00:00Z",
            "2026-11-23T18:00:60Z",
            "2026-11-23T18:00:00+18:30",
            "2026-11-23T18:00:00",
            "+12026-11-23T18:00:00Z");
    for (String text : texts) {
      assertThat(TimeText.commonInstant(text)).as(text).isNull();
    }
  }

  @Test
  void instants_outside_the_fast_path_are_still_read_or_rejected_by_the_iso_parser() {
    assertThat(TimeText.instant(" 2026-11-23T18:00Z ", "phenomenonTime"))
        .isEqualTo(Instant.parse("2026-11-23T18:00:00Z"));
    assertThat(TimeText.instant("2026-11-23t18:00:00z", "phenomenonTime"))
        .isEqualTo(Instant.parse("2026-11-23T18:00:00Z"));
    assertThatThrownBy(() -> TimeText.instant("2026-02-29T00:00:00Z", "phenomenonTime"))
        .isInstanceOf(InvalidInputException.class);
    assertThatThrownBy(() -> TimeText.instant("2026-11-23T18:00:00", "phenomenonTime"))
        .isInstanceOf(InvalidInputException.class);
  }
}
