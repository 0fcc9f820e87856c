package org.civitas.server.sensing;

import io.javalin.http.Context;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/** Absolute URLs for one request: the service root and links to further pages. */
final class Links {

  static final String VERSION_PATH = "/v1.1";

  private Links() {}

  /**
   * The absolute URL of the service root: from the configured public URL, or else from the URL the
   * client used (so links work behind whatever name the client knows the server by).
   */
  static String serviceRoot(Context ctx, String publicUrl) {
    if (publicUrl != null) {
      return publicUrl + VERSION_PATH;
    }
    URI uri = URI.create(ctx.url());
    return uri.getScheme() + "://" + uri.getRawAuthority() + VERSION_PATH;
  }

  /**
   * The URL of the next page: the same path and options, with {@code $top} and {@code $skip} set.
   */
  static String nextPage(
      Context ctx, String serviceRoot, String pathBelowRoot, int top, long skip) {
    String query = ctx.queryString();
    return nextPage(query == null ? "" : query, serviceRoot, pathBelowRoot, top, skip);
  }

  /** As {@link #nextPage(Context, String, String, int, long)}, from the query string as sent. */
  static String nextPage(
      String query, String serviceRoot, String pathBelowRoot, int top, long skip) {
    List<String> kept = new ArrayList<>();
    if (query != null && !query.isEmpty()) {
      for (String pair : query.split("&")) {
        String name =
            java.net.URLDecoder.decode(
                pair.contains("=") ? pair.substring(0, pair.indexOf('=')) : pair,
                java.nio.charset.StandardCharsets.UTF_8);
        if (!name.equals("$top") && !name.equals("$skip") && !pair.isEmpty()) {
          kept.add(pair);
        }
      }
    }
    kept.add("$top=" + top);
    kept.add("$skip=" + skip);
    return serviceRoot + "/" + pathBelowRoot + "?" + String.join("&", kept);
  }
}
