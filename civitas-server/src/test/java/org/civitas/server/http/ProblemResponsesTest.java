package org.civitas.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.civitas.error.ConflictException;
import org.civitas.error.InvalidInputException;
import org.civitas.error.NotFoundException;
import org.civitas.error.UnavailableException;
import org.junit.jupiter.api.Test;

class ProblemResponsesTest {

  @Test
  void maps_each_civitas_error_to_its_status_code_and_field() {
    assertThat(ProblemResponses.toProblem(new NotFoundException("gone", "path"), null))
        .isEqualTo(
            new Problem(
                "urn:civitas:problem:not-found", "Not found", 404, "gone", "not-found", "path"));
    assertThat(ProblemResponses.toProblem(new InvalidInputException("bad", "result"), null))
        .extracting(Problem::status, Problem::code, Problem::field)
        .containsExactly(400, "invalid", "result");
    assertThat(ProblemResponses.toProblem(new ConflictException("in use", null), null))
        .extracting(Problem::status, Problem::code)
        .containsExactly(409, "conflict");
    assertThat(ProblemResponses.toProblem(new UnavailableException("full", null), null))
        .extracting(Problem::status, Problem::code)
        .containsExactly(503, "unavailable");
  }

  @Test
  void answers_an_unexpected_failure_with_500_without_leaking_its_message() {
    Problem problem =
        ProblemResponses.toProblem(
            new IllegalStateException("password=hunter2 at jdbc:postgresql://db"), null);

    assertThat(problem.status()).isEqualTo(500);
    assertThat(problem.code()).isEqualTo("internal");
    assertThat(problem.detail())
        .doesNotContain("hunter2")
        .doesNotContain("jdbc")
        .contains("reference");
  }

  @Test
  void leaves_out_the_field_when_there_is_none() {
    String json =
        new String(
            JsonCodec.write(Problem.of(404, "not-found", "Not found", "nothing here", null)),
            java.nio.charset.StandardCharsets.UTF_8);

    assertThat(json).doesNotContain("field");
  }
}
