package org.civitas.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.civitas.error.UnauthorizedException;
import org.civitas.sensing.model.Entity;
import org.civitas.sensing.store.SensingStore;
import org.civitas.server.CivitasServer;
import org.civitas.server.ServerSettings;
import org.civitas.server.access.ReadAccess;
import org.civitas.server.access.SensingGuard;
import org.civitas.server.access.Visibility;
import org.civitas.storage.Storage;
import org.civitas.storage.StorageSettings;
import org.civitas.timeseries.ObservationStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The live feed sends each client only the Observations its request may read under the server's
 * guard. The guard is a small fake of the shared {@link SensingGuard} (governance's {@code
 * DataClassGuard} is the real one): every request may read the Datastreams in {@code open} only.
 */
class LiveFeedGuardTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dataDir;

  private final Set<Long> open = ConcurrentHashMap.newKeySet();

  private final ReadAccess openOnly =
      new ReadAccess() {
        @Override
        public void requireReadable(ObservationStream stream) {
          if (!open.contains(stream.id())) {
            throw new UnauthorizedException("not public", "Authorization");
          }
        }

        @Override
        public Visibility datastreams() {
          return new Visibility.Only(open);
        }

        @Override
        public Visibility multiDatastreams() {
          return new Visibility.Only(Set.of());
        }

        @Override
        public void reading(ObservationStream stream) {}

        @Override
        public void readingAnyVisible() {}

        @Override
        public boolean revealsSubjects() {
          return false;
        }

        @Override
        public Entity present(Entity entity) {
          return entity;
        }
      };

  @Test
  void a_client_gets_no_observations_of_datastreams_it_may_not_read() throws Exception {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    SensingStore store = Storage.open(StorageSettings.embedded(dataDir));
    CivitasServer server = new CivitasServer(ServerSettings.loopbackOnFreePort(), store, registry);
    server.withGuard(
        new SensingGuard() {
          @Override
          public ReadAccess reads(Context ctx) {
            // The SensorThings routes read everything here; only the live feed is under test.
            return ctx.path().equals(LiveRoutes.LIVE) ? openOnly : ReadAccess.ALL;
          }

          @Override
          public void admit(ObservationStream stream) {}

          @Override
          public ReadAccess anonymous() {
            return openOnly;
          }
        });
    // Heartbeats keep the stream open past the test server's short idle timeout.
    LiveFeed feed = LiveFeed.start(server.sensing(), Duration.ofMillis(200));
    server.withRoutes(routes -> LiveRoutes.register(routes, feed));
    int port = server.start();
    HttpClient http = HttpClient.newHttpClient();
    String base = "http://127.0.0.1:" + port;
    try {
      long hidden = datastream(http, base, "hidden");
      long shown = datastream(http, base, "shown");
      open.add(shown);
      HttpResponse<Stream<String>> live =
          http.send(
              HttpRequest.newBuilder(URI.create(base + LiveRoutes.LIVE))
                  .header("Accept", "text/event-stream")
                  .GET()
                  .build(),
              HttpResponse.BodyHandlers.ofLines());
      Iterator<String> lines = live.body().iterator();
      Instant deadline = Instant.now().plus(Duration.ofSeconds(20));

      post(http, base, hidden);
      post(http, base, shown);
      List<Long> seen = new ArrayList<>();
      waitFor(lines, shown, seen, deadline);
      // A flush later: anything of the hidden Datastream would have come by now.
      post(http, base, shown);
      waitFor(lines, shown, seen, deadline);

      assertThat(seen).contains(shown).doesNotContain(hidden);
      live.body().close();
    } finally {
      server.stop();
      feed.close();
      store.close();
      registry.close();
    }
  }

  /** Reads observation events until one of {@code datastream}, recording every Datastream seen. */
  private static void waitFor(
      Iterator<String> lines, long datastream, List<Long> seen, Instant deadline) {
    while (Instant.now().isBefore(deadline) && lines.hasNext()) {
      String line = lines.next();
      if (line.startsWith("data:") && line.contains("datastreamId")) {
        try {
          long id = JSON.readTree(line.substring(5)).get("datastreamId").asLong();
          seen.add(id);
          if (id == datastream) {
            return;
          }
        } catch (IOException e) {
          throw new AssertionError("not JSON: " + line, e);
        }
      }
    }
    throw new AssertionError("no observation of Datastream " + datastream + " arrived in time");
  }

  private static long datastream(HttpClient http, String base, String name) throws Exception {
    JsonNode thing =
        send(
            http,
            base + "/v1.1/Things",
            "{\"name\":\""
                + name
                + "\",\"description\":\"d\",\"Locations\":[{\"name\":\"l\",\"description\":\"l\","
                + "\"encodingType\":\"application/geo+json\","
                + "\"location\":{\"type\":\"Point\",\"coordinates\":[8.4,49.0]}}],"
                + "\"Datastreams\":[{\"name\":\""
                + name
                + "\",\"description\":\"d\","
                + "\"unitOfMeasurement\":{\"name\":\"c\",\"symbol\":\"C\",\"definition\":\"ucum:Cel\"},"
                + "\"observationType\":\"http://www.opengis.net/def/observationType/OGC-OM/2.0/OM_Measurement\","
                + "\"Sensor\":{\"name\":\"s\",\"description\":\"s\",\"encodingType\":\"text/plain\","
                + "\"metadata\":\"m\"},"
                + "\"ObservedProperty\":{\"name\":\"t\",\"definition\":\"urn:t\",\"description\":\"t\"}}]}");
    HttpResponse<String> streams =
        http.send(
            HttpRequest.newBuilder(
                    URI.create(
                        base + "/v1.1/Things(" + thing.get("@iot.id").asLong() + ")/Datastreams"))
                .GET()
                .build(),
            HttpResponse.BodyHandlers.ofString());
    return JSON.readTree(streams.body()).get("value").get(0).get("@iot.id").asLong();
  }

  private static void post(HttpClient http, String base, long datastream) throws Exception {
    send(http, base + "/v1.1/Datastreams(" + datastream + ")/Observations", "{\"result\": 1}");
  }

  private static JsonNode send(HttpClient http, String url, String body) throws Exception {
    HttpResponse<String> answer =
        http.send(
            HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(201);
    return JSON.readTree(answer.body());
  }
}
