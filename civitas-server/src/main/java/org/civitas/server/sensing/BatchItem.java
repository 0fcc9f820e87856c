package org.civitas.server.sensing;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Objects;

/**
 * One request of a {@code $batch}, checked for form, whichever format it came in.
 *
 * @param id the request's id ({@code id} in JSON, {@code Content-ID} in multipart), which {@code
 *     $<id>} references name; generated when a multipart part has none
 * @param idGiven whether the client gave the id (only then is it echoed in a multipart answer)
 * @param method GET, POST, PATCH or DELETE
 * @param url as the client wrote it: relative to the service root, or absolute
 * @param body the JSON body, or null
 * @param group the atomicity group (change set) it belongs to, or null
 * @param dependsOn ids of earlier requests or groups that must have succeeded
 * @param field where the request sits in the batch, for error messages, e.g. {@code requests[2].}
 */
record BatchItem(
    String id,
    boolean idGiven,
    String method,
    String url,
    ObjectNode body,
    String group,
    List<String> dependsOn,
    String field) {
  BatchItem {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(url, "url");
    dependsOn = List.copyOf(dependsOn);
  }
}
