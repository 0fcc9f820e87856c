package org.civitas.server.sensing;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.HttpStatus;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.civitas.error.InvalidInputException;
import org.civitas.server.http.JsonCodec;
import org.civitas.server.http.ProblemResponses;

/**
 * The {@code multipart/mixed} batch format of OGC 18-088 section 11 (OData 4.0 Part 1, 11.7): each
 * part of the batch is an {@code application/http} request, or a nested {@code multipart/mixed}
 * change set whose requests carry a {@code Content-ID}. Reads such a body into {@link BatchItem}s
 * (a change set becomes an atomicity group) and writes the outcomes back in the same form. Lines
 * may end in CRLF or LF; answers use CRLF.
 */
final class MultipartBatch {

  private static final String CRLF = "\r\n";

  private MultipartBatch() {}

  /** A written answer: its content type (with the boundary) and body. */
  record Written(String contentType, String body) {}

  /** One MIME part: its headers (names in lower case) and content. */
  private record Part(Map<String, String> headers, String content) {}

  static List<BatchItem> read(String contentType, byte[] body) {
    String boundary = boundary(contentType, "Content-Type");
    List<BatchItem> items = new ArrayList<>();
    Set<String> ids = new HashSet<>();
    int changeSets = 0;
    List<Part> parts = parts(new String(body, StandardCharsets.UTF_8), boundary, "body");
    for (int i = 0; i < parts.size(); i++) {
      Part part = parts.get(i);
      String field = "part[" + i + "].";
      String type = part.headers().getOrDefault("content-type", "");
      if (type.toLowerCase(Locale.ROOT).startsWith("multipart/mixed")) {
        String group = "changeset" + (++changeSets);
        List<Part> requests =
            parts(part.content(), boundary(type, field + "Content-Type"), field + "changeset");
        for (int j = 0; j < requests.size(); j++) {
          items.add(request(requests.get(j), group, field + "part[" + j + "].", ids));
        }
      } else {
        items.add(request(part, null, field, ids));
      }
    }
    if (items.isEmpty()) {
      throw new InvalidInputException("the batch holds no requests", "body");
    }
    if (items.size() > BatchRoutes.MAX_REQUESTS) {
      throw new InvalidInputException(
          "a batch holds at most " + BatchRoutes.MAX_REQUESTS + " requests", "body");
    }
    return items;
  }

  /** One {@code application/http} part: a request line, headers, an empty line and a body. */
  private static BatchItem request(Part part, String group, String field, Set<String> ids) {
    String type = part.headers().getOrDefault("content-type", "");
    if (!type.toLowerCase(Locale.ROOT).startsWith("application/http")) {
      throw new InvalidInputException(
          "a batch part is application/http or a multipart/mixed change set, found '" + type + "'",
          field + "Content-Type");
    }
    String contentId = part.headers().get("content-id");
    String id = contentId != null ? contentId : "part-" + field;
    if (!ids.add(id)) {
      throw new InvalidInputException(
          "Content-ID " + id + " is used twice in the batch", field + "Content-ID");
    }
    String content = part.content();
    int lineEnd = content.indexOf('\n');
    String requestLine = (lineEnd < 0 ? content : content.substring(0, lineEnd)).strip();
    String[] words = requestLine.split(" +");
    if (words.length < 2 || words.length > 3) {
      throw new InvalidInputException(
          "a batch part starts with a request line such as 'GET Things(1) HTTP/1.1', found '"
              + requestLine
              + "'",
          field + "request");
    }
    String method = words[0].toUpperCase(Locale.ROOT);
    if (!Set.of("GET", "POST", "PATCH", "DELETE").contains(method)) {
      throw new InvalidInputException(
          "method must be one of GET, POST, PATCH and DELETE, found " + words[0], field + "method");
    }
    Part request = headersAndContent(lineEnd < 0 ? "" : content.substring(lineEnd + 1));
    String text = request.content().strip();
    ObjectNode body = null;
    if (!text.isEmpty()) {
      body = JsonCodec.readObject(text.getBytes(StandardCharsets.UTF_8));
    }
    return new BatchItem(id, contentId != null, method, words[1], body, group, List.of(), field);
  }

  /** The parts between {@code --boundary} lines, up to {@code --boundary--}. */
  private static List<Part> parts(String text, String boundary, String field) {
    String delimiter = "--" + boundary;
    List<Part> parts = new ArrayList<>();
    StringBuilder current = null;
    boolean closed = false;
    for (String line : text.split("\n", -1)) {
      String bare = line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
      if (bare.equals(delimiter) || bare.equals(delimiter + "--")) {
        if (current != null) {
          parts.add(headersAndContent(withoutLastLineBreak(current)));
        }
        if (bare.equals(delimiter + "--")) {
          closed = true;
          break;
        }
        current = new StringBuilder();
      } else if (current != null) {
        current.append(line).append('\n');
      }
    }
    if (!closed) {
      throw new InvalidInputException(
          "the multipart body does not end with --" + boundary + "--", field);
    }
    return parts;
  }

  /** The line break before a delimiter belongs to the delimiter (RFC 2046). */
  private static String withoutLastLineBreak(StringBuilder text) {
    String content = text.toString();
    if (content.endsWith("\n")) {
      content = content.substring(0, content.length() - 1);
    }
    if (content.endsWith("\r")) {
      content = content.substring(0, content.length() - 1);
    }
    return content;
  }

  /** Splits headers (up to the first empty line) from the content. */
  private static Part headersAndContent(String text) {
    Map<String, String> headers = new LinkedHashMap<>();
    String[] lines = text.split("\n", -1);
    int i = 0;
    for (; i < lines.length; i++) {
      String line = lines[i].strip();
      if (line.isEmpty()) {
        i++;
        break;
      }
      int colon = line.indexOf(':');
      if (colon > 0) {
        headers.put(
            line.substring(0, colon).trim().toLowerCase(Locale.ROOT),
            line.substring(colon + 1).trim());
      }
    }
    StringBuilder content = new StringBuilder();
    for (int j = i; j < lines.length; j++) {
      content.append(lines[j]);
      if (j < lines.length - 1) {
        content.append('\n');
      }
    }
    return new Part(headers, content.toString());
  }

  private static String boundary(String contentType, String field) {
    for (String parameter : contentType.split(";")) {
      String trimmed = parameter.trim();
      if (trimmed.toLowerCase(Locale.ROOT).startsWith("boundary=")) {
        String value = trimmed.substring("boundary=".length()).trim();
        if (value.length() > 1 && value.startsWith("\"") && value.endsWith("\"")) {
          value = value.substring(1, value.length() - 1);
        }
        if (!value.isEmpty()) {
          return value;
        }
      }
    }
    throw new InvalidInputException(
        "a multipart/mixed batch names its boundary, e.g. multipart/mixed;boundary=batch_1", field);
  }

  /** Writes the outcomes; a change set that failed is answered by its failing request alone. */
  static Written write(List<BatchRoutes.Outcome> outcomes) {
    String boundary = "batchresponse_" + UUID.randomUUID();
    StringBuilder body = new StringBuilder();
    int next = 0;
    while (next < outcomes.size()) {
      BatchRoutes.Outcome first = outcomes.get(next);
      String group = first.item().group();
      int end = next + 1;
      while (group != null
          && end < outcomes.size()
          && group.equals(outcomes.get(end).item().group())) {
        end++;
      }
      body.append("--").append(boundary).append(CRLF);
      List<BatchRoutes.Outcome> run = outcomes.subList(next, end);
      Optional<BatchRoutes.Outcome> failure = failureOf(run);
      if (group == null || failure.isPresent()) {
        response(body, failure.orElse(first));
      } else {
        String changeSet = "changesetresponse_" + UUID.randomUUID();
        body.append("Content-Type: multipart/mixed; boundary=").append(changeSet).append(CRLF);
        body.append(CRLF);
        for (BatchRoutes.Outcome outcome : run) {
          body.append("--").append(changeSet).append(CRLF);
          response(body, outcome);
        }
        body.append("--").append(changeSet).append("--").append(CRLF);
      }
      next = end;
    }
    body.append("--").append(boundary).append("--").append(CRLF);
    return new Written("multipart/mixed; boundary=" + boundary, body.toString());
  }

  /** The request whose failure sank a change set (not one that merely shared its fate). */
  private static Optional<BatchRoutes.Outcome> failureOf(List<BatchRoutes.Outcome> run) {
    Optional<BatchRoutes.Outcome> any =
        run.stream().filter(BatchRoutes.Outcome::problem).findFirst();
    return run.stream()
        .filter(o -> o.problem() && o.reply().status() != 424)
        .findFirst()
        .or(() -> any);
  }

  private static void response(StringBuilder body, BatchRoutes.Outcome outcome) {
    body.append("Content-Type: application/http").append(CRLF);
    if (outcome.item().idGiven()) {
      body.append("Content-ID: ").append(outcome.item().id()).append(CRLF);
    }
    body.append(CRLF);
    SensingRequests.Reply reply = outcome.reply();
    HttpStatus status = HttpStatus.forStatus(reply.status());
    body.append("HTTP/1.1 ")
        .append(reply.status())
        .append(' ')
        .append(status == null ? "" : status.getMessage())
        .append(CRLF);
    if (reply.location() != null) {
      body.append("Location: ").append(reply.location()).append(CRLF);
    }
    String content = null;
    if (reply.json() != null) {
      String type = outcome.problem() ? ProblemResponses.CONTENT_TYPE : SensingRoutes.JSON;
      body.append("Content-Type: ").append(type).append("; charset=UTF-8").append(CRLF);
      content = new String(JsonCodec.write(reply.json()), StandardCharsets.UTF_8);
    } else if (reply.text() != null) {
      body.append("Content-Type: text/plain; charset=UTF-8").append(CRLF);
      content = reply.text();
    }
    body.append(CRLF);
    if (content != null) {
      body.append(content).append(CRLF);
    }
  }
}
