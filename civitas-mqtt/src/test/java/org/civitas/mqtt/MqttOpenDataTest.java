package org.civitas.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5Client;
import io.javalin.http.Context;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Path;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.civitas.error.UnauthorizedException;
import org.civitas.sensing.model.Entity;
import org.civitas.sensing.store.SensingStore;
import org.civitas.server.CivitasServer;
import org.civitas.server.ServerSettings;
import org.civitas.server.access.Places;
import org.civitas.server.access.ReadAccess;
import org.civitas.server.access.SensingGuard;
import org.civitas.server.access.Visibility;
import org.civitas.storage.SensingFixtures;
import org.civitas.storage.SensingFixtures.Graph;
import org.civitas.storage.Storage;
import org.civitas.storage.StorageSettings;
import org.civitas.timeseries.ObservationStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Under a guard, MQTT carries open data only: a subscription naming a Datastream that is not public
 * is refused, and collection topics leave such Datastreams' Observations out, also for a
 * subscription taken while the Datastream was still public. The guard here is a small fake of the
 * shared {@link SensingGuard} (the real one is governance's {@code DataClassGuard}): a set of
 * public Datastream ids.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MqttOpenDataTest {

  @TempDir static Path dataDir;
  @TempDir static Path brokerFolder;

  private final Set<Long> publicStreams = ConcurrentHashMap.newKeySet();
  private final Set<Long> personalStreams = ConcurrentHashMap.newKeySet();
  private PrometheusMeterRegistry registry;
  private SensingStore store;
  private CivitasServer server;
  private MqttBroker broker;
  private Http http;

  /** Anybody may read the Datastreams in {@link #publicStreams}; nothing else. */
  private final ReadAccess open =
      new ReadAccess() {
        @Override
        public void requireReadable(ObservationStream stream) {
          if (!(stream instanceof ObservationStream.Datastream)
              || !publicStreams.contains(stream.id())) {
            throw new UnauthorizedException("not public", "Authorization");
          }
        }

        @Override
        public Visibility datastreams() {
          return new Visibility.Only(publicStreams);
        }

        @Override
        public Visibility multiDatastreams() {
          return new Visibility.Only(Set.of());
        }

        @Override
        public Places places() {
          return new Places(personalStreams, publicStreams);
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

  @BeforeAll
  void start() {
    registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    store = Storage.open(StorageSettings.embedded(dataDir));
    server = new CivitasServer(ServerSettings.loopbackOnFreePort(), store, registry);
    server.withGuard(
        new SensingGuard() {
          @Override
          public ReadAccess reads(Context ctx) {
            // HTTP posts the test data; reading over HTTP is not what this test is about.
            return ReadAccess.ALL;
          }

          @Override
          public void admit(ObservationStream stream) {}

          @Override
          public ReadAccess anonymous() {
            return open;
          }
        });
    http = new Http(server.start());
    broker =
        MqttBroker.start(MqttSettings.loopbackOnFreePort(brokerFolder), server.sensing(), registry);
  }

  @AfterAll
  void stop() {
    broker.close();
    server.stop();
    store.close();
    registry.close();
  }

  private Graph graph() {
    return SensingFixtures.graph(store, "open-" + UUID.randomUUID());
  }

  private long observe(long datastream) {
    Http.Answer created =
        http.post("/v1.1/Datastreams(" + datastream + ")/Observations", "{\"result\": 7}");
    assertThat(created.status()).isEqualTo(201);
    return created.json().get("@iot.id").asLong();
  }

  @Test
  void a_subscription_naming_a_datastream_that_is_not_public_is_refused() {
    Graph hidden = graph();
    Graph open = graph();
    publicStreams.add(open.datastream());
    Mqtt5BlockingClient client =
        Mqtt5Client.builder()
            .identifier("test-" + UUID.randomUUID())
            .serverHost("127.0.0.1")
            .serverPort(broker.port())
            .buildBlocking();
    client.connect();
    try {
      Throwable refused =
          catchThrowable(
              () ->
                  client
                      .subscribeWith()
                      .topicFilter("v1.1/Datastreams(" + hidden.datastream() + ")/Observations")
                      .qos(MqttQos.AT_LEAST_ONCE)
                      .send());
      assertThat(refused).isNotNull();
      Throwable multi =
          catchThrowable(
              () ->
                  client
                      .subscribeWith()
                      .topicFilter("v1.1/MultiDatastreams(" + hidden.multiDatastream() + ")")
                      .qos(MqttQos.AT_LEAST_ONCE)
                      .send());
      assertThat(multi).isNotNull();
      Throwable allowed =
          catchThrowable(
              () ->
                  client
                      .subscribeWith()
                      .topicFilter("v1.1/Datastreams(" + open.datastream() + ")/Observations")
                      .qos(MqttQos.AT_LEAST_ONCE)
                      .send());
      assertThat(allowed).isNull();
    } finally {
      client.disconnect();
    }
  }

  @Test
  void collection_topics_carry_only_observations_of_public_datastreams() {
    Graph hidden = graph();
    Graph open = graph();
    publicStreams.add(open.datastream());
    try (Subscriber all = new Subscriber(broker.port()).subscribe("v1.1/Observations")) {
      observe(hidden.datastream());
      long shown = observe(open.datastream());

      Subscriber.Message first = all.next();

      assertThat(first.json().get("@iot.id").asLong())
          .as("the hidden Observation, committed first, is not published")
          .isEqualTo(shown);
    }
  }

  @Test
  void a_datastream_that_stops_being_public_stops_reaching_its_subscribers() {
    Graph graph = graph();
    publicStreams.add(graph.datastream());
    String topic = "v1.1/Datastreams(" + graph.datastream() + ")/Observations";
    Graph other = graph();
    publicStreams.add(other.datastream());
    try (Subscriber subscriber =
        new Subscriber(broker.port())
            .subscribe(topic)
            .subscribe("v1.1/Datastreams(" + other.datastream() + ")/Observations")) {
      long before = observe(graph.datastream());
      assertThat(subscriber.next().json().get("@iot.id").asLong()).isEqualTo(before);

      publicStreams.remove(graph.datastream());
      observe(graph.datastream());
      long marker = observe(other.datastream());

      assertThat(subscriber.next().json().get("@iot.id").asLong())
          .as("nothing of the no longer public Datastream came before the marker")
          .isEqualTo(marker);
    }
  }

  @Test
  void collection_topics_carry_no_location_of_a_thing_with_a_withheld_personal_datastream() {
    Graph household = graph();
    personalStreams.add(household.datastream());
    Graph station = graph();
    publicStreams.add(station.datastream());
    try (Subscriber all = new Subscriber(broker.port()).subscribe("v1.1/Locations")) {
      assertThat(
              http.post("/v1.1/Things(" + household.thing() + ")/Locations", location("home"))
                  .status())
          .isEqualTo(201);
      Http.Answer shown =
          http.post("/v1.1/Things(" + station.thing() + ")/Locations", location("station"));
      assertThat(shown.status()).isEqualTo(201);

      assertThat(all.next().json().get("@iot.id").asLong())
          .as("the household's new Location, committed first, is not published")
          .isEqualTo(shown.json().get("@iot.id").asLong());
    }
  }

  private static String location(String name) {
    return "{\"name\":\""
        + name
        + "\",\"description\":\"d\",\"encodingType\":\"application/geo+json\","
        + "\"location\":{\"type\":\"Point\",\"coordinates\":[8.4,49.0]}}";
  }
}
