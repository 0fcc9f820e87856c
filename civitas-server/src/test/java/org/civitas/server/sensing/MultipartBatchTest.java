package org.civitas.server.sensing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.civitas.error.InvalidInputException;
import org.junit.jupiter.api.Test;

class MultipartBatchTest {

  private static List<BatchItem> read(String contentType, String body) {
    return MultipartBatch.read(contentType, body.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void reads_requests_and_change_sets_with_lf_line_ends_and_a_quoted_boundary() {
    String body =
        """
        --b
        Content-Type: application/http

        GET Things(1)?$select=name HTTP/1.1
        Host: localhost


        --b
        Content-Type: multipart/mixed; boundary="cs"

        --cs
        Content-Type: application/http
        Content-ID: 1

        POST /v1.1/Things HTTP/1.1
        Content-Type: application/json

        {"name": "n", "description": "d"}
        --cs
        Content-Type: application/http
        Content-ID: 2

        DELETE $1 HTTP/1.1

        --cs--
        --b--
        """;

    List<BatchItem> items = read("multipart/mixed; boundary=\"b\"", body);

    assertThat(items).extracting(BatchItem::method).containsExactly("GET", "POST", "DELETE");
    assertThat(items.get(0).url()).isEqualTo("Things(1)?$select=name");
    assertThat(items.get(0).group()).isNull();
    assertThat(items.get(0).idGiven()).isFalse();
    assertThat(items.get(0).body()).isNull();
    assertThat(items.get(1).id()).isEqualTo("1");
    assertThat(items.get(1).group()).isEqualTo("changeset1");
    assertThat(items.get(1).body().get("name").asText()).isEqualTo("n");
    assertThat(items.get(2).group()).isEqualTo("changeset1");
    assertThat(items.get(2).url()).isEqualTo("$1");
  }

  @Test
  void refuses_a_body_without_its_closing_delimiter_or_a_content_type_without_a_boundary() {
    assertThatThrownBy(
            () -> read("multipart/mixed;boundary=b", "--b\r\nContent-Type: application/http\r\n"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("does not end with --b--");
    assertThatThrownBy(() -> read("multipart/mixed", "--b--"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("boundary");
  }

  @Test
  void refuses_parts_that_are_not_http_requests() {
    assertThatThrownBy(
            () ->
                read("multipart/mixed;boundary=b", "--b\nContent-Type: text/plain\n\nhello\n--b--"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("application/http");
    assertThatThrownBy(
            () ->
                read(
                    "multipart/mixed;boundary=b",
                    "--b\nContent-Type: application/http\n\nPUT Things(1) HTTP/1.1\n\n--b--"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("GET, POST, PATCH and DELETE");
  }

  @Test
  void refuses_a_content_id_used_twice() {
    String part = "--b\nContent-Type: application/http\nContent-ID: x\n\nGET Things HTTP/1.1\n\n";
    assertThatThrownBy(() -> read("multipart/mixed;boundary=b", part + part + "--b--"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("used twice");
  }
}
