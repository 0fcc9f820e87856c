package org.civitas.server.http;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * An RFC 9457 problem document as Civitas writes it: the standard members plus our stable {@code
 * code} and the offending {@code field}.
 *
 * @param type a URI naming the kind of problem, {@code urn:civitas:problem:<code>}
 * @param title a short, fixed summary of the kind of problem
 * @param status the HTTP status code
 * @param detail what went wrong in this request: what was expected and what was found
 * @param code the stable error code ({@code not-found}, {@code invalid}, {@code conflict}, {@code
 *     unavailable}, {@code internal}, or an HTTP-level code such as {@code method-not-allowed})
 * @param field the offending JSON property, path segment or query option; null when there is none
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(
    String type, String title, int status, String detail, String code, String field) {

  public static Problem of(int status, String code, String title, String detail, String field) {
    return new Problem("urn:civitas:problem:" + code, title, status, detail, code, field);
  }
}
