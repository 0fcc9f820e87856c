package org.civitas.server.sensing;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.civitas.error.InvalidInputException;
import org.civitas.error.NotFoundException;
import org.civitas.sensing.model.Entity;
import org.civitas.sensing.model.EntityDraft;
import org.civitas.sensing.model.EntityType;
import org.civitas.sensing.model.Json;
import org.civitas.sensing.model.Navigation;
import org.civitas.sensing.model.Property;
import org.civitas.sensing.model.TimeValue;
import org.civitas.sensing.query.EntityPage;
import org.civitas.sensing.query.EntityQuery;
import org.civitas.sensing.query.Scope;
import org.civitas.sensing.store.SensingStore;
import org.civitas.sensing.store.SensingTransaction;
import org.civitas.server.access.SensingGuard;
import org.civitas.server.sensing.EntityRequest.Reference;
import org.civitas.server.sensing.ObservationStreams.StreamInfo;
import org.civitas.server.tasking.TaskRules;
import org.civitas.timeseries.IngestOutcome;
import org.civitas.timeseries.NewObservation;
import org.civitas.timeseries.ObservationStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SensorThings service rules above storage: deep insert in one transaction, automatic
 * HistoricalLocations when a Thing gets Locations, automatic FeaturesOfInterest for Observations
 * that name none, server defaults, and the checks of Datastreams, MultiDatastreams and results.
 * Single Observations go through the batching ingest path; everything else through {@link
 * SensingStore#inTransaction}, so a failed request changes nothing.
 *
 * <p>Thread-safe.
 */
final class SensingService {

  private static final Logger LOG = LoggerFactory.getLogger(SensingService.class);

  private static final Navigation THING_LOCATIONS = nav(EntityType.THING, "Locations");
  private static final Navigation LOCATION_THINGS = nav(EntityType.LOCATION, "Things");
  private static final Navigation HISTORICAL_THING = nav(EntityType.HISTORICAL_LOCATION, "Thing");
  private static final Navigation HISTORICAL_LOCATIONS =
      nav(EntityType.HISTORICAL_LOCATION, "Locations");
  private static final Navigation OBSERVATION_DATASTREAM =
      nav(EntityType.OBSERVATION, "Datastream");
  private static final Navigation OBSERVATION_MULTI_DATASTREAM =
      nav(EntityType.OBSERVATION, "MultiDatastream");
  private static final Navigation OBSERVATION_FEATURE =
      nav(EntityType.OBSERVATION, "FeatureOfInterest");
  private static final Navigation TASK_CAPABILITY = nav(EntityType.TASK, "TaskingCapability");

  private final SensingStore store;
  private final Clock clock;
  private final EntityReader reader;
  private final ObservationStreams streams = new ObservationStreams();
  private final SensingEvents events;

  /** Asked for every Observation on every path before it is accepted; none until installed. */
  private volatile SensingGuard guard = SensingGuard.NONE;

  SensingService(SensingStore store, Clock clock) {
    this(store, clock, SensingEvents.NONE);
  }

  /** As the other constructor, announcing every committed create and update to {@code events}. */
  SensingService(SensingStore store, Clock clock, SensingEvents events) {
    this.store = store;
    this.clock = clock;
    this.reader = EntityReader.of(store);
    this.events = events;
  }

  ResolvedTarget resolve(ResourcePath path) {
    return new PathResolver(reader).resolve(path);
  }

  /** Installs the guard every Observation must pass, whichever path it arrives by. */
  void guardWith(SensingGuard guard) {
    this.guard = java.util.Objects.requireNonNull(guard, "guard");
  }

  SensingGuard guard() {
    return guard;
  }

  Optional<Entity> find(EntityType type, long id, Set<String> select) {
    return store.find(type, id, select);
  }

  EntityPage query(EntityQuery query) {
    return store.query(query);
  }

  /** Whether a create request can take the batching ingest path: a lone Observation. */
  static boolean ingestible(EntityRequest request) {
    return request.type() == EntityType.OBSERVATION && request.onlyLinksExisting();
  }

  /**
   * Creates an entity with everything nested in it, in one transaction.
   *
   * @param parent the entity the request path names it under ({@code Things(1)/Datastreams})
   * @return the id of the new (outermost) entity
   */
  long create(EntityRequest request, Optional<Scope> parent) {
    return inChangeSet(changes -> changes.create(request, parent));
  }

  /** Changes the given properties and links of an entity in one transaction. */
  void update(EntityType type, long id, EntityRequest changes) {
    inChangeSet(
        set -> {
          set.update(type, id, changes);
          return null;
        });
  }

  void delete(EntityType type, long id) {
    inChangeSet(
        changes -> {
          changes.delete(type, id);
          return null;
        });
  }

  /**
   * Runs {@code work} in one transaction: every write it makes through the {@link ChangeSet}
   * commits together or not at all (a {@code $batch} atomicity group, or a single request). Events
   * are announced only once the transaction has committed.
   */
  <T> T inChangeSet(Function<ChangeSet, T> work) {
    List<Runnable> announcements = new ArrayList<>();
    boolean[] streamsChanged = {false};
    try {
      T result =
          store.inTransaction(
              tx -> {
                announcements.clear();
                ChangeSet changes = new ChangeSet(tx, announcements);
                T answer = work.apply(changes);
                streamsChanged[0] = changes.streamsChanged;
                return answer;
              });
      if (streamsChanged[0]) {
        streams.forget();
      }
      announcements.forEach(Runnable::run);
      return result;
    } catch (RuntimeException e) {
      // Stream facts cached during a transaction that rolled back may name entities that never
      // came to be.
      streams.forget();
      throw e;
    }
  }

  /** Reads and writes straight against the store, each write in a transaction of its own. */
  Work direct() {
    return direct;
  }

  private final Work direct =
      new Work() {
        @Override
        public EntityReader reader() {
          return reader;
        }

        @Override
        public ResolvedTarget resolve(ResourcePath path) {
          return SensingService.this.resolve(path);
        }

        @Override
        public long create(EntityRequest request, Optional<Scope> parent) {
          return SensingService.this.create(request, parent);
        }

        @Override
        public void update(EntityType type, long id, EntityRequest changes) {
          SensingService.this.update(type, id, changes);
        }

        @Override
        public void delete(EntityType type, long id) {
          SensingService.this.delete(type, id);
        }

        @Override
        public Optional<CompletableFuture<Entity>> ingest(
            EntityRequest request, Optional<Scope> parent, String idempotencyKey) {
          return ingestible(request)
              ? Optional.of(SensingService.this.ingest(request, parent, idempotencyKey))
              : Optional.empty();
        }
      };

  /**
   * The reads and writes of one API request: straight against the store ({@link #direct()}) or
   * inside the transaction of a change set.
   */
  interface Work {
    EntityReader reader();

    ResolvedTarget resolve(ResourcePath path);

    long create(EntityRequest request, Optional<Scope> parent);

    void update(EntityType type, long id, EntityRequest changes);

    void delete(EntityType type, long id);

    /**
     * Accepts a lone Observation through the batching ingest path when this work may use it (not
     * inside a transaction); empty when the request must be created with {@link #create}.
     *
     * @param idempotencyKey the sender's key for this delivery, or null
     */
    Optional<CompletableFuture<Entity>> ingest(
        EntityRequest request, Optional<Scope> parent, String idempotencyKey);
  }

  /** The writes of one transaction, announced by {@link #inChangeSet} once it commits. */
  final class ChangeSet implements Work {
    private final SensingTransaction tx;
    private final EntityReader txReader;
    private final List<Runnable> announcements;
    private boolean streamsChanged;

    private ChangeSet(SensingTransaction tx, List<Runnable> announcements) {
      this.tx = tx;
      this.txReader = EntityReader.of(tx);
      this.announcements = announcements;
    }

    @Override
    public EntityReader reader() {
      return txReader;
    }

    @Override
    public ResolvedTarget resolve(ResourcePath path) {
      return new PathResolver(txReader).resolve(path);
    }

    @Override
    public long create(EntityRequest request, Optional<Scope> parent) {
      Map<Navigation, List<Long>> inherited = new LinkedHashMap<>();
      parent.ifPresent(
          scope -> inherited.put(scope.navigation().inverse(), List.of(scope.parentId())));
      List<EntityDraft> created = new ArrayList<>();
      List<Long> ids = new ArrayList<>();
      long id = new Writer(tx, created, ids).create(request, inherited);
      streamsChanged |= request.type() != EntityType.OBSERVATION;
      announcements.add(() -> announceCreated(created, ids));
      return id;
    }

    @Override
    public void update(EntityType type, long id, EntityRequest changes) {
      List<EntityDraft> created = new ArrayList<>();
      List<Long> ids = new ArrayList<>();
      Map<Navigation, List<Long>> links = new Writer(tx, created, ids).update(type, id, changes);
      streamsChanged |= type != EntityType.OBSERVATION;
      announcements.add(
          () -> {
            announce(events -> events.updated(type, id, changes.values().keySet(), links));
            announceCreated(created, ids);
          });
    }

    @Override
    public void delete(EntityType type, long id) {
      tx.delete(type, id);
      streamsChanged |= type != EntityType.OBSERVATION;
    }

    @Override
    public Optional<CompletableFuture<Entity>> ingest(
        EntityRequest request, Optional<Scope> parent, String idempotencyKey) {
      return Optional.empty();
    }
  }

  /**
   * Accepts one Observation through the group-commit ingest path. Validation happens before this
   * returns (and throws); the future completes once the Observation is durably committed.
   */
  CompletableFuture<Entity> ingest(EntityRequest request, Optional<Scope> parent) {
    return ingest(request, parent, null);
  }

  /**
   * As {@link #ingest(EntityRequest, Optional)}, under the sender's idempotency key: when the
   * stream already holds an Observation with that key, nothing is stored or announced, and the
   * future completes with that Observation as stored.
   *
   * @param idempotencyKey null for none
   */
  CompletableFuture<Entity> ingest(
      EntityRequest request, Optional<Scope> parent, String idempotencyKey) {
    Prepared prepared = prepare(request, parent, new HashSet<>());
    if (idempotencyKey == null) {
      return store.ingest().submit(prepared.observation()).thenApply(id -> stored(prepared, id));
    }
    return store
        .ingest()
        .submitAllWithOutcomes(List.of(prepared.observation().withIdempotencyKey(idempotencyKey)))
        .thenCompose(
            outcomes -> {
              IngestOutcome outcome = outcomes.getFirst();
              // The stored one is read off the ingest path's acknowledgement thread.
              return outcome.duplicate()
                  ? CompletableFuture.supplyAsync(() -> storedBefore(outcome.id()))
                  : CompletableFuture.completedFuture(stored(prepared, outcome.id()));
            });
  }

  /** The Observation a redelivery repeats, as stored by the first delivery. */
  private Entity storedBefore(long id) {
    return store
        .find(EntityType.OBSERVATION, id, Set.of())
        .orElseThrow(
            () ->
                new NotFoundException(
                    "the Observation " + id + " stored under this idempotency key is gone",
                    "path"));
  }

  /**
   * Accepts Observations through the ingest path, each checked as {@link #ingest} checks one, but
   * queued together: a request that breaks a rule fails alone (its future fails), the others are
   * submitted as one batch, so they commit together (or all fail if storage refuses the batch).
   * Each FeatureOfInterest they name is looked up once.
   *
   * @return one future per request, in the same order
   */
  List<CompletableFuture<Entity>> ingestEach(List<EntityRequest> requests) {
    Set<Long> checkedFeatures = new HashSet<>();
    List<CompletableFuture<Entity>> results = new ArrayList<>(requests.size());
    List<Prepared> accepted = new ArrayList<>();
    List<CompletableFuture<Entity>> pending = new ArrayList<>();
    for (EntityRequest request : requests) {
      try {
        accepted.add(prepare(request, Optional.empty(), checkedFeatures));
        CompletableFuture<Entity> result = new CompletableFuture<>();
        pending.add(result);
        results.add(result);
      } catch (RuntimeException e) {
        results.add(CompletableFuture.failedFuture(e));
      }
    }
    if (!accepted.isEmpty()) {
      store
          .ingest()
          .submitAll(accepted.stream().map(Prepared::observation).toList())
          .whenComplete(
              (ids, failure) -> {
                for (int i = 0; i < pending.size(); i++) {
                  if (failure != null) {
                    pending.get(i).completeExceptionally(failure);
                  } else {
                    pending.get(i).complete(stored(accepted.get(i), ids.get(i)));
                  }
                }
              });
    }
    return results;
  }

  /** An Observation checked and ready for the ingest path, with what its event announces. */
  private record Prepared(
      NewObservation observation, Map<String, Object> values, Map<Navigation, List<Long>> links) {}

  /**
   * Checks one Observation for the ingest path and resolves its FeatureOfInterest.
   *
   * @param checkedFeatures ids of FeaturesOfInterest known to exist; grows as they are checked
   */
  private Prepared prepare(
      EntityRequest request, Optional<Scope> parent, Set<Long> checkedFeatures) {
    Map<Navigation, List<Long>> links = new LinkedHashMap<>();
    parent.ifPresent(scope -> links.put(scope.navigation().inverse(), List.of(scope.parentId())));
    request
        .references()
        .forEach(
            (navigation, references) ->
                links.put(
                    navigation,
                    references.stream().map(r -> ((Reference.Existing) r).id()).toList()));
    Map<String, Object> values = withDefaults(request.values());
    ObservationStream stream = streamOf(links, request.field());
    StreamInfo info = requireStream(stream, request.field());
    guard.admit(stream);
    ObservationStreams.requireResultFits(info, (Json) values.get("result"), "result");
    List<Long> given = links.getOrDefault(OBSERVATION_FEATURE, List.of());
    long feature =
        !given.isEmpty() && checkedFeatures.contains(given.getFirst())
            ? given.getFirst()
            : featureOf(links, stream, request.field(), true);
    checkedFeatures.add(feature);
    NewObservation observation = newObservation(stream, feature, values);
    links.put(OBSERVATION_FEATURE, List.of(feature));
    return new Prepared(observation, values, links);
  }

  /** The stored Observation, announced to listeners once it is committed. */
  private Entity stored(Prepared prepared, long id) {
    Entity entity = new Entity(EntityType.OBSERVATION, id, prepared.values());
    announce(events -> events.created(entity, prepared.links()));
    return entity;
  }

  /**
   * Accepts many Observations of one Datastream through the ingest path, all or none.
   *
   * @throws NotFoundException if the Datastream does not exist
   */
  CompletableFuture<List<Long>> ingestAll(long datastreamId, List<EntityRequest> requests) {
    return ingestAll(datastreamId, requests, java.util.Collections.nCopies(requests.size(), null))
        .thenApply(outcomes -> outcomes.stream().map(IngestOutcome::id).toList());
  }

  /**
   * As {@link #ingestAll(long, List)}, each Observation under the idempotency key at the same
   * position of {@code keys} (null for none): those already stored on the Datastream are not stored
   * again nor announced, and their outcome names the stored one.
   */
  CompletableFuture<List<IngestOutcome>> ingestAll(
      long datastreamId, List<EntityRequest> requests, List<String> keys) {
    ObservationStream stream = new ObservationStream.Datastream(datastreamId);
    StreamInfo info =
        streams
            .info(reader, stream)
            .orElseThrow(
                () -> new NotFoundException("no Datastream with id " + datastreamId, "path"));
    guard.admit(stream);
    List<NewObservation> observations = new ArrayList<>(requests.size());
    List<EntityDraft> drafts = new ArrayList<>(requests.size());
    Long derived = null;
    Set<Long> knownFeatures = new java.util.HashSet<>();
    for (int index = 0; index < requests.size(); index++) {
      EntityRequest request = requests.get(index);
      Map<String, Object> values = withDefaults(request.values());
      ObservationStreams.requireResultFits(
          info, (Json) values.get("result"), request.field() + "result");
      List<Reference> feature = request.references().getOrDefault(OBSERVATION_FEATURE, List.of());
      if (request.references().size() > (feature.isEmpty() ? 0 : 1)) {
        throw new InvalidInputException(
            "an Observation posted to a Datastream links only a FeatureOfInterest",
            request.field());
      }
      long featureId;
      if (!feature.isEmpty()) {
        featureId = ((Reference.Existing) feature.getFirst()).id();
        if (!knownFeatures.contains(featureId)) {
          knownFeatures.add(requireFeature(featureId, request.field()));
        }
      } else {
        if (derived == null) {
          derived =
              streams.derivedFeature(
                  reader, this::createAlone, stream, request.field() + "FeatureOfInterest", true);
        }
        featureId = derived;
      }
      observations.add(
          newObservation(stream, featureId, values).withIdempotencyKey(keys.get(index)));
      drafts.add(
          new EntityDraft(
              EntityType.OBSERVATION,
              values,
              Map.of(
                  OBSERVATION_DATASTREAM,
                  List.of(datastreamId),
                  OBSERVATION_FEATURE,
                  List.of(featureId))));
    }
    return store
        .ingest()
        .submitAllWithOutcomes(observations)
        .thenApply(
            outcomes -> {
              List<EntityDraft> fresh = new ArrayList<>(drafts.size());
              List<Long> freshIds = new ArrayList<>(drafts.size());
              for (int i = 0; i < outcomes.size(); i++) {
                if (!outcomes.get(i).duplicate()) {
                  fresh.add(drafts.get(i));
                  freshIds.add(outcomes.get(i).id());
                }
              }
              announceCreated(fresh, freshIds);
              return outcomes;
            });
  }

  private long createAlone(EntityDraft draft) {
    long id = store.inTransaction(tx -> tx.create(draft));
    announceCreated(List.of(draft), List.of(id));
    return id;
  }

  /** Tells the listener of entities created by a transaction that has committed. */
  private void announceCreated(List<EntityDraft> drafts, List<Long> ids) {
    for (int i = 0; i < drafts.size(); i++) {
      EntityDraft draft = drafts.get(i);
      Entity entity = new Entity(draft.type(), ids.get(i), draft.values());
      announce(events -> events.created(entity, draft.links()));
    }
  }

  /** A listener's failure must not turn a committed write into an error for the client. */
  private void announce(java.util.function.Consumer<SensingEvents> event) {
    try {
      event.accept(events);
    } catch (RuntimeException e) {
      LOG.warn("A listener of sensing events failed; the change itself is committed", e);
    }
  }

  /** The property values of an Observation in specification order, with server defaults. */
  private Map<String, Object> withDefaults(Map<String, Object> given) {
    Map<String, Object> values = new LinkedHashMap<>();
    for (Property property : EntityType.OBSERVATION.properties()) {
      values.put(property.name(), given.get(property.name()));
    }
    if (values.get("phenomenonTime") == null) {
      // OGC 18-088: an Observation created without phenomenonTime gets the server's time, in the
      // microseconds storage keeps, so the 201 answer and MQTT messages say what a GET will.
      values.put(
          "phenomenonTime",
          new TimeValue.Instant(clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MICROS)));
    }
    return values;
  }

  private static NewObservation newObservation(
      ObservationStream stream, long feature, Map<String, Object> values) {
    TimeValue resultTime = (TimeValue) values.get("resultTime");
    return new NewObservation(
        stream,
        feature,
        (TimeValue) values.get("phenomenonTime"),
        resultTime == null ? null : resultTime.start(),
        (Json) values.get("result"),
        (Json) values.get("resultQuality"),
        (TimeValue.Interval) values.get("validTime"),
        (Json) values.get("parameters"));
  }

  private static ObservationStream streamOf(Map<Navigation, List<Long>> links, String field) {
    List<Long> datastream = links.getOrDefault(OBSERVATION_DATASTREAM, List.of());
    List<Long> multi = links.getOrDefault(OBSERVATION_MULTI_DATASTREAM, List.of());
    if (datastream.isEmpty() == multi.isEmpty()) {
      throw new InvalidInputException(
          "an Observation belongs to exactly one Datastream or MultiDatastream",
          field + "Datastream");
    }
    return datastream.isEmpty()
        ? new ObservationStream.MultiDatastream(multi.getFirst())
        : new ObservationStream.Datastream(datastream.getFirst());
  }

  private StreamInfo requireStream(ObservationStream stream, String field) {
    EntityType type = ObservationStreams.streamType(stream);
    return streams
        .info(reader, stream)
        .orElseThrow(
            () ->
                new InvalidInputException(
                    "no " + type.singular() + " with id " + stream.id(), field + type.singular()));
  }

  private long featureOf(
      Map<Navigation, List<Long>> links, ObservationStream stream, String field, boolean remember) {
    List<Long> given = links.getOrDefault(OBSERVATION_FEATURE, List.of());
    if (!given.isEmpty()) {
      return requireFeature(given.getFirst(), field);
    }
    return streams.derivedFeature(
        reader, this::createAlone, stream, field + "FeatureOfInterest", remember);
  }

  private long requireFeature(long id, String field) {
    if (store.find(EntityType.FEATURE_OF_INTEREST, id, Set.of("name")).isEmpty()) {
      throw new InvalidInputException(
          "no FeatureOfInterest with id " + id, field + "FeatureOfInterest");
    }
    return id;
  }

  private static Navigation nav(EntityType type, String name) {
    return type.navigation(name).orElseThrow();
  }

  /** The writes of one transaction, with the rules that go with them. */
  private final class Writer {
    private final SensingTransaction tx;
    private final EntityReader txReader;
    private final List<EntityDraft> created;
    private final List<Long> createdIds;

    /** Records each entity it creates in {@code created}, its id at the same index. */
    Writer(SensingTransaction tx, List<EntityDraft> created, List<Long> createdIds) {
      this.tx = tx;
      this.txReader = EntityReader.of(tx);
      this.created = created;
      this.createdIds = createdIds;
    }

    private long insert(EntityDraft draft) {
      long id = tx.create(draft);
      created.add(draft);
      createdIds.add(id);
      return id;
    }

    long create(EntityRequest request, Map<Navigation, List<Long>> inherited) {
      EntityType type = request.type();
      Map<Navigation, List<Long>> links = new LinkedHashMap<>();
      inherited.forEach((navigation, ids) -> links.put(navigation, new ArrayList<>(ids)));
      List<Map.Entry<Navigation, EntityRequest>> afterwards = new ArrayList<>();
      request
          .references()
          .forEach(
              (navigation, references) -> {
                // In a one-to-many link the child holds the link, so it is created after its
                // parent; everything else (to-one targets, many-to-many members) exists first.
                boolean childAfterParent = navigation.many() && !navigation.inverse().many();
                for (Reference reference : references) {
                  switch (reference) {
                    case Reference.Existing existing ->
                        links
                            .computeIfAbsent(navigation, n -> new ArrayList<>())
                            .add(existing.id());
                    case Reference.Created created -> {
                      if (childAfterParent) {
                        afterwards.add(Map.entry(navigation, created.entity()));
                      } else {
                        links
                            .computeIfAbsent(navigation, n -> new ArrayList<>())
                            .add(create(created.entity(), Map.of()));
                      }
                    }
                  }
                }
              });
      Map<String, Object> values = new LinkedHashMap<>(request.values());
      StreamRules.checkValues(type, values, request.field());
      if (type == EntityType.TASKING_CAPABILITY) {
        TaskRules.checkCapability(values, request.field());
      }
      if (type == EntityType.TASK) {
        values = new LinkedHashMap<>(newTask(values, links, request.field()));
      }
      if (type == EntityType.MULTI_DATASTREAM) {
        StreamRules.checkMultiDatastreamSizes(values, links, request.field());
      }
      if (type == EntityType.OBSERVATION) {
        values = withDefaults(values);
        ObservationStream stream = streamOf(links, request.field());
        StreamInfo info =
            streams
                .info(txReader, stream)
                .orElseThrow(
                    () ->
                        new InvalidInputException(
                            "no "
                                + ObservationStreams.streamType(stream).singular()
                                + " with id "
                                + stream.id(),
                            request.field() + ObservationStreams.streamType(stream).singular()));
        guard.admit(stream);
        ObservationStreams.requireResultFits(
            info, (Json) values.get("result"), request.field() + "result");
        if (links.getOrDefault(OBSERVATION_FEATURE, List.of()).isEmpty()) {
          long feature =
              streams.derivedFeature(
                  txReader, this::insert, stream, request.field() + "FeatureOfInterest", false);
          links.put(OBSERVATION_FEATURE, List.of(feature));
        }
      }
      long id = insert(new EntityDraft(type, values, links));
      for (var child : afterwards) {
        create(child.getValue(), Map.of(child.getKey().inverse(), List.of(id)));
      }
      recordLocationChanges(type, id, links);
      return id;
    }

    /** Returns the links the update set. */
    Map<Navigation, List<Long>> update(EntityType type, long id, EntityRequest changes) {
      if (tx.find(type, id, Set.of()).isEmpty()) {
        throw new NotFoundException("no " + type.singular() + " with id " + id, "path");
      }
      Map<Navigation, List<Long>> links = new LinkedHashMap<>();
      changes
          .references()
          .forEach(
              (navigation, references) ->
                  links.put(
                      navigation,
                      references.stream().map(r -> ((Reference.Existing) r).id()).toList()));
      StreamRules.checkValues(type, changes.values(), "");
      if (type == EntityType.TASKING_CAPABILITY) {
        TaskRules.checkCapability(changes.values(), "");
      }
      if (type == EntityType.OBSERVATION
          && (changes.values().get("result") != null
              || links.containsKey(OBSERVATION_DATASTREAM)
              || links.containsKey(OBSERVATION_MULTI_DATASTREAM))) {
        checkChangedObservation(id, changes, links);
      }
      if (links.containsKey(THING_LOCATIONS)) {
        // OGC 18-088: a Thing's Locations are where it is now (several only as encodings of
        // one place), so new Locations replace the old ones; the old are kept in its history.
        tx.unlinkAll(id, THING_LOCATIONS);
      }
      tx.update(id, new EntityDraft(type, changes.values(), links));
      recordLocationChanges(type, id, links);
      return links;
    }

    /** A new Task's values checked against its TaskingCapability, delivery state added. */
    private Map<String, Object> newTask(
        Map<String, Object> values, Map<Navigation, List<Long>> links, String field) {
      List<Long> capability = links.getOrDefault(TASK_CAPABILITY, List.of());
      if (capability.size() != 1) {
        throw new InvalidInputException(
            "a Task needs its TaskingCapability", field + "TaskingCapability");
      }
      Entity found =
          txReader
              .find(
                  EntityType.TASKING_CAPABILITY,
                  capability.getFirst(),
                  Set.of("taskingParameters", "properties"))
              .orElseThrow(
                  () ->
                      new InvalidInputException(
                          "no TaskingCapability with id " + capability.getFirst(),
                          field + "TaskingCapability"));
      return TaskRules.newTask(values, found, field);
    }

    private void checkChangedObservation(
        long id, EntityRequest changes, Map<Navigation, List<Long>> links) {
      ObservationStream stream;
      if (links.containsKey(OBSERVATION_DATASTREAM)
          || links.containsKey(OBSERVATION_MULTI_DATASTREAM)) {
        stream = streamOf(links, "");
      } else {
        EntityPage datastream = txReader.query(PathResolver.scoped(OBSERVATION_DATASTREAM, id, 1));
        stream =
            datastream.entities().isEmpty()
                ? new ObservationStream.MultiDatastream(
                    txReader
                        .query(PathResolver.scoped(OBSERVATION_MULTI_DATASTREAM, id, 1))
                        .entities()
                        .getFirst()
                        .id())
                : new ObservationStream.Datastream(datastream.entities().getFirst().id());
      }
      StreamInfo info =
          streams
              .info(txReader, stream)
              .orElseThrow(
                  () ->
                      new InvalidInputException(
                          "no "
                              + ObservationStreams.streamType(stream).singular()
                              + " with id "
                              + stream.id(),
                          ObservationStreams.streamType(stream).singular()));
      if (links.containsKey(OBSERVATION_DATASTREAM)
          || links.containsKey(OBSERVATION_MULTI_DATASTREAM)) {
        // Moving an Observation into a stream is collecting it there.
        guard.admit(stream);
      }
      Json result = (Json) changes.values().get("result");
      if (result == null) {
        result =
            (Json)
                txReader
                    .find(EntityType.OBSERVATION, id, Set.of("result"))
                    .orElseThrow()
                    .value("result");
      }
      ObservationStreams.requireResultFits(info, result, "result");
    }

    /**
     * OGC 18-088: when a Thing gets (new) Locations, the service records a HistoricalLocation for
     * it, at the current time, with those Locations.
     */
    private void recordLocationChanges(
        EntityType type, long id, Map<Navigation, List<Long>> links) {
      if (type == EntityType.THING) {
        List<Long> locations = links.getOrDefault(THING_LOCATIONS, List.of());
        if (!locations.isEmpty()) {
          historicalLocation(id, locations);
        }
      } else if (type == EntityType.LOCATION) {
        for (long thing : links.getOrDefault(LOCATION_THINGS, List.of())) {
          historicalLocation(thing, List.of(id));
        }
      }
    }

    private void historicalLocation(long thing, List<Long> locations) {
      Map<Navigation, List<Long>> links = new LinkedHashMap<>();
      links.put(HISTORICAL_THING, List.of(thing));
      links.put(HISTORICAL_LOCATIONS, locations);
      insert(
          new EntityDraft(
              EntityType.HISTORICAL_LOCATION,
              Map.of("time", new TimeValue.Instant(clock.instant())),
              links));
    }
  }
}
