package org.civitas.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.civitas.error.NotFoundException;

/**
 * Serves the operator console at {@code /console/}: its own HTML, JavaScript, CSS and message
 * bundles from {@code org/civitas/web/console/} in the jar, the vendored Leaflet and uPlot from
 * their WebJars below {@code /console/vendor/}, and {@code /console/config.json} with the settings
 * the browser needs. No build step: the files in the jar are the files the browser runs.
 *
 * <p>Text is sent gzip-compressed to clients that accept it (Javalin's default compression). Every
 * answer carries a strong ETag; the console's own files are revalidated on each load ({@code
 * no-cache}, so a new release shows at once and an unchanged file costs a 304), the vendored ones,
 * whose version only changes with the jar, are cached for a day.
 */
public final class ConsoleRoutes {

  static final String ROOT = "/console";
  private static final String OWN = "org/civitas/web/console/";

  /** Names and dots or slashes between them: no "..", no absolute paths. */
  private static final Pattern SAFE_PATH = Pattern.compile("[A-Za-z0-9_-]+([./][A-Za-z0-9_-]+)*");

  private static final String OWN_CACHE = "no-cache";
  private static final String VENDOR_CACHE = "public, max-age=86400";

  private final Map<String, String> vendor;
  private final Map<String, StaticAsset> assets = new ConcurrentHashMap<>();
  private final byte[] config;

  private ConsoleRoutes(ConsoleSettings settings) {
    String leaflet = "META-INF/resources/webjars/leaflet/" + webjarVersion("leaflet") + "/dist/";
    String uplot = "META-INF/resources/webjars/uplot/" + webjarVersion("uplot") + "/dist/";
    this.vendor =
        Map.of(
            "vendor/leaflet.js", leaflet + "leaflet.js",
            "vendor/leaflet.css", leaflet + "leaflet.css",
            "vendor/uplot.js", uplot + "uPlot.iife.min.js",
            "vendor/uplot.css", uplot + "uPlot.min.css");
    ObjectNode json = new ObjectMapper().createObjectNode();
    json.put("tileUrl", settings.tileUrl().orElse(null));
    this.config = json.toString().getBytes(StandardCharsets.UTF_8);
  }

  /** Registers the console's routes; pass it to {@code CivitasServer.withRoutes}. */
  public static void register(RoutesConfig routes, ConsoleSettings settings) {
    ConsoleRoutes console = new ConsoleRoutes(Objects.requireNonNull(settings, "settings"));
    // Javalin matches /console and /console/ alike; the page's relative links need the slash.
    routes.get(
        ROOT,
        ctx -> {
          if (ctx.req().getRequestURI().endsWith("/")) {
            console.serve(ctx, "index.html");
          } else {
            ctx.redirect(ROOT + "/", HttpStatus.MOVED_PERMANENTLY);
          }
        });
    routes.get(ROOT + "/config.json", console::config);
    routes.get(ROOT + "/<path>", ctx -> console.serve(ctx, ctx.pathParam("path")));
  }

  private void config(Context ctx) {
    ctx.header("Cache-Control", "no-store");
    ctx.contentType("application/json").result(config);
  }

  private void serve(Context ctx, String path) {
    StaticAsset asset =
        find(path).orElseThrow(() -> new NotFoundException("no console file " + path));
    boolean vendored = vendor.containsKey(path);
    ctx.header("Cache-Control", vendored ? VENDOR_CACHE : OWN_CACHE);
    ctx.header("ETag", asset.etag());
    ctx.header("X-Content-Type-Options", "nosniff");
    String ifNoneMatch = ctx.header("If-None-Match");
    if (ifNoneMatch != null && ifNoneMatch.contains(asset.etag())) {
      ctx.status(HttpStatus.NOT_MODIFIED);
      return;
    }
    // Javalin gzips the answer for clients that accept it (its default compression strategy).
    ctx.contentType(asset.contentType()).result(asset.bytes());
  }

  private Optional<StaticAsset> find(String path) {
    if (!SAFE_PATH.matcher(path).matches()) {
      return Optional.empty();
    }
    StaticAsset cached = assets.get(path);
    if (cached != null) {
      return Optional.of(cached);
    }
    String resource = vendor.getOrDefault(path, OWN + path);
    if (path.startsWith("vendor/") && !vendor.containsKey(path)) {
      return Optional.empty();
    }
    Optional<StaticAsset> loaded = StaticAsset.load(resource);
    // Only files that exist are kept, so unknown paths cannot fill the map.
    loaded.ifPresent(asset -> assets.put(path, asset));
    return loaded;
  }

  /** The version of a WebJar on the class path, from the properties file Maven puts in it. */
  private static String webjarVersion(String artifact) {
    String resource = "META-INF/maven/org.webjars.npm/" + artifact + "/pom.properties";
    try (InputStream in = ConsoleRoutes.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException(
            "the console needs the WebJar org.webjars.npm:" + artifact + " on the class path");
      }
      Properties properties = new Properties();
      properties.load(in);
      return properties.getProperty("version");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + resource, e);
    }
  }
}
