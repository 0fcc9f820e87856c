package org.civitas.server.sensing;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.civitas.error.CivitasException;
import org.civitas.error.InvalidInputException;
import org.civitas.error.NotFoundException;
import org.civitas.sensing.model.Entity;
import org.civitas.sensing.model.EntityType;
import org.civitas.sensing.model.Navigation;
import org.civitas.sensing.model.Property;
import org.civitas.sensing.store.SensingStore;
import org.civitas.server.access.ReadAccess;
import org.civitas.server.access.SensingGuard;
import org.civitas.server.http.JsonCodec;
import org.civitas.server.tasking.DevicePublisher;
import org.civitas.server.tasking.DownlinkSender;
import org.civitas.timeseries.ObservationStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SensorThings service as transports other than HTTP use it (the MQTT extension): one per
 * server, sharing the HTTP API's rules, JSON and ingest path. It parses topics with the resource
 * path rules, creates Observations through the same validation and group commit as a POST, writes
 * entities as the same JSON the API serves, and passes on the events of committed changes.
 *
 * <p>Thread-safe.
 */
public final class SensingApi {

  private static final Logger LOG = LoggerFactory.getLogger(SensingApi.class);

  private final SensingStore store;
  private final SensingService service;
  private final List<SensingEvents> listeners = new CopyOnWriteArrayList<>();
  private final FanOut fanOut = new FanOut();
  private final List<String> extraConformance = new CopyOnWriteArrayList<>();
  private volatile List<String> mqttEndpoints = List.of();
  private volatile Optional<DevicePublisher> devicePublisher = Optional.empty();
  private volatile Optional<DownlinkSender> downlinkSender = Optional.empty();
  private volatile String serviceRoot = "http://localhost:8080" + Links.VERSION_PATH;

  private SensingApi(SensingStore store, Clock clock) {
    this.store = Objects.requireNonNull(store, "store");
    this.service = new SensingService(store, clock, fanOut);
  }

  /**
   * The service over {@code store}.
   *
   * @param clock the clock for server-assigned times (phenomenonTime defaults, HistoricalLocations)
   */
  public static SensingApi create(SensingStore store, Clock clock) {
    return new SensingApi(store, clock);
  }

  SensingService service() {
    return service;
  }

  /**
   * Installs governance's guard: what HTTP requests may read, and whether an Observation may be
   * collected, on every path that creates one (HTTP, {@code $batch}, CreateObservations, the
   * time-series batch, the device pipeline and MQTT through {@link #createObservation}). Without
   * one, everything is served and collected.
   */
  public void guardWith(SensingGuard guard) {
    service.guardWith(guard);
  }

  /** The installed guard, {@link SensingGuard#NONE} when none is. */
  public SensingGuard guard() {
    return service.guard();
  }

  /** Adds a listener of committed creates and updates. */
  public void listen(SensingEvents listener) {
    listeners.add(Objects.requireNonNull(listener, "listener"));
  }

  /** Stops telling {@code listener}. */
  public void stopListening(SensingEvents listener) {
    listeners.remove(listener);
  }

  /**
   * The absolute URL of the service root used in links of messages that do not answer an HTTP
   * request, such as {@code http://city.example/v1.1}.
   */
  public String serviceRoot() {
    return serviceRoot;
  }

  /** Sets the base URL (without {@code /v1.1}) that links in messages start with. */
  public void linkFrom(String baseUrl) {
    String base = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    serviceRoot = base + Links.VERSION_PATH;
  }

  /**
   * Declares the MQTT extension in the service root: its conformance classes and endpoints (such as
   * {@code mqtt://host:1883}), as OGC 18-088 section 14 shows them in {@code serverSettings}.
   */
  public void announceMqtt(List<String> conformance, List<String> endpoints) {
    conformance.stream().filter(c -> !extraConformance.contains(c)).forEach(extraConformance::add);
    mqttEndpoints = List.copyOf(endpoints);
  }

  /** Adds what {@link #announceMqtt} declared to a service root document. */
  ObjectNode withExtensions(ObjectNode root) {
    ObjectNode settings = (ObjectNode) root.get("serverSettings");
    if (settings == null) {
      settings = root.putObject("serverSettings");
    }
    ArrayNode conformance = settings.withArray("conformance");
    extraConformance.forEach(conformance::add);
    if (!mqttEndpoints.isEmpty()) {
      ArrayNode endpoints = settings.putObject("mqtt").putArray("endpoints");
      mqttEndpoints.forEach(endpoints::add);
    }
    return root;
  }

  /**
   * Parses a topic below {@code v1.1/}, such as {@code Datastreams(7)/Observations} or {@code
   * Observations?$select=result,phenomenonTime}. Existence is not checked: a client may subscribe
   * before the entity is created.
   *
   * @throws CivitasException with a message for the client when the topic is not one OGC 18-088
   *     section 14.2 defines
   */
  public SensingTopic topic(String belowRoot) {
    int question = belowRoot.indexOf('?');
    String pathText = question < 0 ? belowRoot : belowRoot.substring(0, question);
    Map<String, List<String>> parameters = new LinkedHashMap<>();
    if (question >= 0) {
      for (String pair : belowRoot.substring(question + 1).split("&")) {
        int equals = pair.indexOf('=');
        String name = equals < 0 ? pair : pair.substring(0, equals);
        if (!name.equals("$select")) {
          throw new InvalidInputException("an MQTT topic takes only $select, found " + name, name);
        }
        parameters.put(name, List.of(equals < 0 ? "" : pair.substring(equals + 1)));
      }
    }
    ResourcePath path = ResourcePathParser.parse(pathText);
    if (path.ref() || path.rawValue()) {
      throw new InvalidInputException("an MQTT topic cannot end in $ref or $value", "topic");
    }
    PathStep last = path.last();
    QueryOptions options = QueryOptionsParser.parse(last.type(), parameters);
    if (path.property().isPresent() || last.single()) {
      if (last.id().isEmpty()) {
        throw new InvalidInputException(
            "an MQTT topic names an entity by its id, such as Things(1), found " + pathText,
            "topic");
      }
      return new SensingTopic(
          path.property().isPresent() ? SensingTopic.Kind.PROPERTY : SensingTopic.Kind.ENTITY,
          last.type(),
          last.id(),
          Optional.empty(),
          OptionalLong.empty(),
          path.property().map(Property::name),
          options);
    }
    if (path.steps().size() == 1) {
      return new SensingTopic(
          SensingTopic.Kind.ENTITY_SET,
          last.type(),
          OptionalLong.empty(),
          Optional.empty(),
          OptionalLong.empty(),
          Optional.empty(),
          options);
    }
    PathStep parent = path.steps().get(path.steps().size() - 2);
    if (parent.id().isEmpty()) {
      throw new InvalidInputException(
          "an MQTT topic reaches an entity set from an entity named by its id, such as"
              + " Datastreams(7)/Observations, found "
              + pathText,
          "topic");
    }
    return new SensingTopic(
        SensingTopic.Kind.ENTITY_SET,
        last.type(),
        OptionalLong.empty(),
        last.via().map(Navigation::inverse),
        parent.id(),
        Optional.empty(),
        options);
  }

  /**
   * Creates one Observation from a JSON body as a POST to {@code path} (below {@code v1.1/}, such
   * as {@code Datastreams(7)/Observations}) would.
   *
   * @return a future completing with the stored Observation once it is committed
   * @throws CivitasException at once when the path or the body is invalid
   */
  public CompletableFuture<Entity> createObservation(String path, byte[] body) {
    return createObservation(path, body, null);
  }

  /**
   * As {@link #createObservation(String, byte[])}, under the sender's idempotency key for this
   * delivery (a device gateway's message id, say): when the stream already holds an Observation
   * with that key, nothing is stored or announced and the future completes with that Observation.
   * Keys are scoped to the Datastream or MultiDatastream and live as long as their Observation.
   *
   * @param idempotencyKey null for none; else 1 to {@link
   *     org.civitas.timeseries.NewObservation#MAX_IDEMPOTENCY_KEY_LENGTH} printable ASCII
   *     characters
   * @throws CivitasException at once when the path, the body or the key is invalid (the key's field
   *     is {@code idempotencyKey}), or the Observation is a deep insert while a key is given
   */
  public CompletableFuture<Entity> createObservation(
      String path, byte[] body, String idempotencyKey) {
    if (idempotencyKey != null) {
      org.civitas.timeseries.NewObservation.checkIdempotencyKey(idempotencyKey, "idempotencyKey");
    }
    ResourcePath resourcePath = ResourcePathParser.parse(path);
    if (!resourcePath.addressesCollection()
        || resourcePath.ref()
        || resourcePath.last().type() != EntityType.OBSERVATION) {
      throw new InvalidInputException(
          "Observations are created in Observations or Datastreams(<id>)/Observations, not in "
              + path,
          "topic");
    }
    ResolvedTarget.Many target = (ResolvedTarget.Many) service.resolve(resourcePath);
    EntityRequest request =
        EntityJson.readNew(
            EntityType.OBSERVATION,
            JsonCodec.readObject(body),
            target.scope().map(scope -> scope.navigation().inverse()));
    if (SensingService.ingestible(request)) {
      return service.ingest(request, target.scope(), idempotencyKey);
    }
    if (idempotencyKey != null) {
      throw new InvalidInputException(
          "an Observation with an idempotency key links existing entities only (its Datastream"
              + " and FeatureOfInterest by @iot.id)",
          "idempotencyKey");
    }
    long id = service.create(request, target.scope());
    return CompletableFuture.completedFuture(
        store
            .find(EntityType.OBSERVATION, id, Set.of())
            .orElseThrow(() -> new NotFoundException("no Observation with id " + id, "path")));
  }

  /**
   * Creates one entity other than an Observation from a JSON body as a POST to {@code path} (below
   * {@code v1.1/}, such as {@code TaskingCapabilities(3)/Tasks}) would, in a transaction of its
   * own, with the same validation (a Task's parameters against its capability); listeners hear of
   * it after the commit, so a Task is then delivered by the Tasking path.
   *
   * @return the new entity's id
   * @throws CivitasException when the path or the body is invalid
   */
  public long create(String path, byte[] body) {
    ResourcePath resourcePath = ResourcePathParser.parse(path);
    if (!resourcePath.addressesCollection()
        || resourcePath.ref()
        || resourcePath.last().type() == EntityType.OBSERVATION) {
      throw new InvalidInputException(
          "entities other than Observations are created in a collection, not in " + path, "path");
    }
    ResolvedTarget.Many target = (ResolvedTarget.Many) service.resolve(resourcePath);
    EntityRequest request =
        EntityJson.readNew(
            resourcePath.last().type(),
            JsonCodec.readObject(body),
            target.scope().map(scope -> scope.navigation().inverse()));
    return service.create(request, target.scope());
  }

  /**
   * The entity as anybody may see it without signing in, for messages that reach readers the server
   * does not know (MQTT subscribers, an external broker): empty when it is a Datastream,
   * MultiDatastream or Observation of a stream that is not public under the installed guard, or a
   * place (Location, HistoricalLocation, FeatureOfInterest) it withholds from anonymous readers
   * ({@link ReadAccess#places}), else the entity with subjects pseudonymised. Without a guard, the
   * entity itself.
   *
   * @param links the entity's links where the caller knows them (a create's), else empty; an
   *     Observation's stream is read from storage when they do not name it
   */
  public Optional<Entity> openly(Entity entity, Map<Navigation, List<Long>> links) {
    ReadAccess open = guard().anonymous();
    if (open == ReadAccess.ALL) {
      return Optional.of(entity);
    }
    Optional<ObservationStream> stream =
        switch (entity.type()) {
          case DATASTREAM -> Optional.of(new ObservationStream.Datastream(entity.id()));
          case MULTI_DATASTREAM -> Optional.of(new ObservationStream.MultiDatastream(entity.id()));
          case OBSERVATION -> Optional.of(streamOf(entity.id(), links));
          default -> Optional.empty();
        };
    if (stream.isPresent()) {
      try {
        open.requireReadable(stream.get());
      } catch (CivitasException notPublic) {
        return Optional.empty();
      }
    }
    boolean place =
        entity.type() == EntityType.LOCATION
            || entity.type() == EntityType.HISTORICAL_LOCATION
            || entity.type() == EntityType.FEATURE_OF_INTEREST;
    if (place && !open.places().all()) {
      // A household's Location as anyone may read it (or not): as a GET of it by anonymous.
      try {
        if (new GuardedReader(EntityReader.of(store), open)
            .find(entity.type(), entity.id(), Set.of())
            .isEmpty()) {
          return Optional.empty();
        }
      } catch (CivitasException withheld) {
        return Optional.empty();
      }
    }
    return Optional.of(open.present(entity));
  }

  private ObservationStream streamOf(long observation, Map<Navigation, List<Long>> links) {
    Navigation datastream = EntityType.OBSERVATION.navigation("Datastream").orElseThrow();
    Navigation multi = EntityType.OBSERVATION.navigation("MultiDatastream").orElseThrow();
    List<Long> ids = links.getOrDefault(datastream, List.of());
    if (ids.isEmpty() && links.getOrDefault(multi, List.of()).isEmpty()) {
      ids = linked(datastream, observation, 1);
    }
    if (!ids.isEmpty()) {
      return new ObservationStream.Datastream(ids.getFirst());
    }
    List<Long> multis = links.getOrDefault(multi, List.of());
    if (multis.isEmpty()) {
      multis = linked(multi, observation, 1);
    }
    // An Observation of neither (deleted meanwhile) is judged as a MultiDatastream's: internal.
    return new ObservationStream.MultiDatastream(multis.isEmpty() ? 0 : multis.getFirst());
  }

  /** Reads one entity with all its properties, as a GET of it would. */
  public Optional<Entity> find(EntityType type, long id) {
    return store.find(type, id, Set.of());
  }

  /**
   * The ids of the entities that {@code navigation} of entity {@code id} leads to, at most {@code
   * limit}: the Datastream of an Observation, the Things of a Location.
   */
  public List<Long> linked(Navigation navigation, long id, int limit) {
    return store.query(PathResolver.scoped(navigation, id, limit)).entities().stream()
        .map(Entity::id)
        .toList();
  }

  /** The JSON of an entity as the API serves it, keeping what the topic's {@code $select} keeps. */
  public byte[] entityMessage(Entity entity, SensingTopic topic) {
    return JsonCodec.write(EntityJson.write(entity, topic.options(), serviceRoot));
  }

  /**
   * As {@link #entityMessage(Entity, SensingTopic)}, with links below the root of the given API
   * version ({@code v1.0} for SensorThings 1.0 clients, as {@code /v1.0} serves them).
   */
  public byte[] entityMessage(Entity entity, SensingTopic topic, String version) {
    String root = serviceRoot.substring(0, serviceRoot.length() - Links.VERSION_PATH.length());
    return JsonCodec.write(EntityJson.write(entity, topic.options(), root + "/" + version));
  }

  /** The JSON of one property, {@code {"name": "a value"}}, as a GET of the property answers. */
  public byte[] propertyMessage(String property, Object value) {
    ObjectNode body = JsonCodec.newObject();
    EntityJson.putValue(body, property, value);
    return JsonCodec.write(body);
  }

  /** The JSON of an entity as a GET of it answers, for messages to devices (a Task). */
  public byte[] entityJson(Entity entity) {
    return JsonCodec.write(EntityJson.write(entity, QueryOptions.NONE, serviceRoot));
  }

  /**
   * Lets Tasks whose TaskingCapability asks for MQTT be published through {@code publisher} (the
   * embedded broker calls this once it runs); {@code null} when it stops.
   */
  public void publishTasksWith(DevicePublisher publisher) {
    devicePublisher = Optional.ofNullable(publisher);
  }

  /**
   * Tells the listeners of a committed update that the server made outside a request (the delivery
   * state of a Task), so MQTT subscribers hear of it as of any other update.
   */
  public void announceUpdated(EntityType type, long id, Set<String> changed) {
    fanOut.updated(type, id, changed, Map.of());
  }

  /** What publishes Tasks over MQTT, while the broker runs. */
  public Optional<DevicePublisher> devicePublisher() {
    return devicePublisher;
  }

  /**
   * Lets Tasks whose TaskingCapability asks for LoRaWAN be queued as downlinks through {@code
   * sender} (the devices module, when a network server is configured); {@code null} for none.
   */
  public void sendDownlinksWith(DownlinkSender sender) {
    downlinkSender = Optional.ofNullable(sender);
  }

  /** What queues Tasks as LoRaWAN downlinks, when a network server is configured. */
  public Optional<DownlinkSender> downlinkSender() {
    return downlinkSender;
  }

  /** Passes each event to every listener; one failing listener does not silence the others. */
  private final class FanOut implements SensingEvents {
    @Override
    public void created(Entity entity, Map<Navigation, List<Long>> links) {
      for (SensingEvents listener : listeners) {
        try {
          listener.created(entity, links);
        } catch (RuntimeException e) {
          LOG.warn("A listener of sensing events failed on a create; the create is committed", e);
        }
      }
    }

    @Override
    public void updated(
        EntityType type, long id, Set<String> changed, Map<Navigation, List<Long>> links) {
      for (SensingEvents listener : listeners) {
        try {
          listener.updated(type, id, changed, links);
        } catch (RuntimeException e) {
          LOG.warn("A listener of sensing events failed on an update; the update is committed", e);
        }
      }
    }
  }
}
