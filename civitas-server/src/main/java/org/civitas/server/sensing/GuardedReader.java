package org.civitas.server.sensing;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.civitas.error.ForbiddenException;
import org.civitas.sensing.model.Entity;
import org.civitas.sensing.model.EntityType;
import org.civitas.sensing.model.Navigation;
import org.civitas.sensing.query.EntityPage;
import org.civitas.sensing.query.EntityQuery;
import org.civitas.sensing.query.Scope;
import org.civitas.sensing.query.filter.Filter;
import org.civitas.sensing.query.filter.FilterExpression;
import org.civitas.sensing.query.filter.FilterExpression.BooleanLiteral;
import org.civitas.sensing.query.filter.FilterExpression.Comparison;
import org.civitas.sensing.query.filter.FilterExpression.ComparisonOperator;
import org.civitas.sensing.query.filter.FilterExpression.Logical;
import org.civitas.sensing.query.filter.FilterExpression.LogicalOperator;
import org.civitas.sensing.query.filter.FilterExpression.Not;
import org.civitas.sensing.query.filter.FilterExpression.NumberLiteral;
import org.civitas.sensing.query.filter.FilterExpression.PropertyPath;
import org.civitas.server.access.Places;
import org.civitas.server.access.ReadAccess;
import org.civitas.server.access.Visibility;
import org.civitas.timeseries.ObservationStream;

/**
 * The reads of one request as its {@link ReadAccess} allows them: every read of the SensorThings
 * routes (paths, entities, collections, {@code $expand}, dataArray) goes through here, so no route
 * needs to know the rules.
 *
 * <ul>
 *   <li>A direct read of a Datastream, MultiDatastream or Observation (or a query scoped to one,
 *       such as {@code Datastreams(12)/Observations}) fails as the access says (401, 403).
 *   <li>Collections of those types get the access's restriction added to their filter, so storage
 *       leaves hidden streams out before counting and paging: {@code $count}, {@code
 *       @iot.nextLink} and {@code $top} see only what is shown.
 *   <li>A {@code $filter} that reaches streams through other entities ({@code
 *       Things?$filter=Datastreams/Observations/result gt 5}) would let a reader probe hidden data,
 *       so it is refused unless the reader sees every stream; one on subjects' identifiers is
 *       refused unless they are shown.
 *   <li>So do the places of Things with personal streams the reader may not read ({@link
 *       ReadAccess#places}): their Locations and HistoricalLocations, and FeaturesOfInterest only
 *       their Observations point to, are left out of collections, fail a direct read as the stream
 *       would, and a {@code $filter} may not reach them through other entities.
 *   <li>Returned Things and Datastreams pass {@link ReadAccess#present} (pseudonyms), and the
 *       access hears of every stream whose data goes out (to audit it) before the answer is
 *       written.
 * </ul>
 */
final class GuardedReader implements EntityReader {

  private static final Set<EntityType> STREAM_DATA =
      EnumSet.of(EntityType.DATASTREAM, EntityType.MULTI_DATASTREAM, EntityType.OBSERVATION);
  private static final Navigation OBSERVATION_DATASTREAM =
      EntityType.OBSERVATION.navigation("Datastream").orElseThrow();
  private static final Navigation OBSERVATION_MULTI_DATASTREAM =
      EntityType.OBSERVATION.navigation("MultiDatastream").orElseThrow();
  private static final Set<EntityType> PLACES =
      EnumSet.of(
          EntityType.LOCATION, EntityType.HISTORICAL_LOCATION, EntityType.FEATURE_OF_INTEREST);

  // The paths from a place to the Datastreams that may withhold it, and back.
  private static final PropertyPath LOCATION_STREAMS =
      path(EntityType.LOCATION, "Things", "Datastreams");
  private static final PropertyPath PAST_LOCATION_STREAMS =
      path(EntityType.LOCATION, "HistoricalLocations", "Thing", "Datastreams");
  private static final PropertyPath HISTORICAL_LOCATION_STREAMS =
      path(EntityType.HISTORICAL_LOCATION, "Thing", "Datastreams");
  private static final PropertyPath FEATURE_STREAMS =
      path(EntityType.FEATURE_OF_INTEREST, "Observations", "Datastream");

  private final EntityReader inner;
  private final ReadAccess access;

  /** Observations this request already showed: visible, so queries scoped to them need no probe. */
  private final Set<Long> shownObservations = new HashSet<>();

  GuardedReader(EntityReader inner, ReadAccess access) {
    this.inner = inner;
    this.access = access;
  }

  @Override
  public Optional<Entity> find(EntityType type, long id, Set<String> select) {
    Optional<Entity> found = inner.find(type, id, select);
    if (found.isEmpty()) {
      return found;
    }
    switch (type) {
      case DATASTREAM -> allowDirect(new ObservationStream.Datastream(id));
      case MULTI_DATASTREAM -> allowDirect(new ObservationStream.MultiDatastream(id));
      case OBSERVATION -> {
        if (!shownObservations.contains(id)) {
          allowDirect(streamOf(id));
          shownObservations.add(id);
        }
      }
      case LOCATION, HISTORICAL_LOCATION, FEATURE_OF_INTEREST -> requirePlaceShown(type, id);
      default -> {}
    }
    return Optional.of(access.present(found.get()));
  }

  @Override
  public EntityPage query(EntityQuery query) {
    query.filter().ifPresent(filter -> checkFilter(filter.expression()));
    Optional<ObservationStream> parentStream = query.scope().flatMap(this::checkScope);
    EntityType type = query.type();
    Optional<FilterExpression> restriction =
        switch (type) {
          case DATASTREAM -> idRestriction(access.datastreams(), idOf(type));
          case MULTI_DATASTREAM -> idRestriction(access.multiDatastreams(), idOf(type));
          // All Observations of a readable stream are readable: the scope was checked.
          case OBSERVATION ->
              parentStream.isPresent() ? Optional.empty() : observationRestriction();
          case LOCATION, HISTORICAL_LOCATION, FEATURE_OF_INTEREST ->
              placeRestriction(type, access.places());
          default -> Optional.empty();
        };
    EntityPage page = inner.query(restriction.map(r -> restricted(query, r)).orElse(query));
    if (!page.entities().isEmpty()) {
      switch (type) {
        case DATASTREAM ->
            page.entities().forEach(e -> access.reading(new ObservationStream.Datastream(e.id())));
        case MULTI_DATASTREAM ->
            page.entities()
                .forEach(e -> access.reading(new ObservationStream.MultiDatastream(e.id())));
        case OBSERVATION -> {
          parentStream.ifPresentOrElse(access::reading, access::readingAnyVisible);
          page.entities().forEach(e -> shownObservations.add(e.id()));
        }
        default -> {}
      }
    }
    List<Entity> shown = new ArrayList<>(page.entities().size());
    page.entities().forEach(entity -> shown.add(access.present(entity)));
    return new EntityPage(shown, page.totalCount(), page.more());
  }

  private void allowDirect(ObservationStream stream) {
    access.requireReadable(stream);
    access.reading(stream);
  }

  /**
   * Checks the entity a scoped query starts from when it is stream data; returns its stream when
   * the query lists that stream's own Observations.
   */
  private Optional<ObservationStream> checkScope(Scope scope) {
    long parent = scope.parentId();
    ObservationStream stream =
        switch (scope.parentType()) {
          case DATASTREAM -> new ObservationStream.Datastream(parent);
          case MULTI_DATASTREAM -> new ObservationStream.MultiDatastream(parent);
          case OBSERVATION -> shownObservations.contains(parent) ? null : streamOf(parent);
          default -> null;
        };
    if (stream != null) {
      access.requireReadable(stream);
    }
    boolean ownObservations =
        scope.navigation().target() == EntityType.OBSERVATION
            && (scope.parentType() == EntityType.DATASTREAM
                || scope.parentType() == EntityType.MULTI_DATASTREAM);
    return ownObservations ? Optional.of(stream) : Optional.empty();
  }

  /** The stream an existing Observation belongs to, read without restriction. */
  private ObservationStream streamOf(long observation) {
    EntityPage datastream =
        inner.query(PathResolver.scoped(OBSERVATION_DATASTREAM, observation, 1));
    if (!datastream.entities().isEmpty()) {
      return new ObservationStream.Datastream(datastream.entities().getFirst().id());
    }
    EntityPage multi =
        inner.query(PathResolver.scoped(OBSERVATION_MULTI_DATASTREAM, observation, 1));
    if (!multi.entities().isEmpty()) {
      return new ObservationStream.MultiDatastream(multi.entities().getFirst().id());
    }
    // Deleted meanwhile: nothing of it can be shown, and nobody may read what is not there.
    throw new ForbiddenException("Observation " + observation + " belongs to no stream", "path");
  }

  // ---------------------------------------------------------------------------- $filter checks

  private void checkFilter(FilterExpression expression) {
    switch (expression) {
      case PropertyPath path -> checkPath(path);
      case Comparison comparison -> {
        checkFilter(comparison.left());
        checkFilter(comparison.right());
      }
      case Logical logical -> {
        checkFilter(logical.left());
        checkFilter(logical.right());
      }
      case Not not -> checkFilter(not.operand());
      case FilterExpression.Arithmetic arithmetic -> {
        checkFilter(arithmetic.left());
        checkFilter(arithmetic.right());
      }
      case FilterExpression.Negation negation -> checkFilter(negation.operand());
      case FilterExpression.FunctionCall call -> call.arguments().forEach(this::checkFilter);
      case FilterExpression.Literal literal -> {}
    }
  }

  private void checkPath(PropertyPath path) {
    boolean seesEverything =
        access.datastreams() instanceof Visibility.All
            && access.multiDatastreams() instanceof Visibility.All;
    if (!seesEverything && reachesOtherStreams(path)) {
      throw new ForbiddenException(
          "a $filter may reach Datastreams, MultiDatastreams and Observations only from the"
              + " stream data it filters, not through other entities: '"
              + path
              + "' could reveal data this request may not read",
          Filter.OPTION);
    }
    if (reachesOtherPlaces(path) && !access.places().all()) {
      throw new ForbiddenException(
          "a $filter may reach Locations, HistoricalLocations and FeaturesOfInterest only as the"
              + " entities it filters (or an Observation's own FeatureOfInterest), not through"
              + " other entities: '"
              + path
              + "' could reveal places this request may not see",
          Filter.OPTION);
    }
    if (!access.revealsSubjects() && namesSubject(path)) {
      throw new ForbiddenException(
          "a $filter on the data subject ('"
              + path
              + "') needs a purpose that identifies people; subjects are shown as pseudonyms",
          Filter.OPTION);
    }
  }

  /**
   * Whether the path enters stream data other than the filtered entity's own stream: from a
   * Datastream to its Observations and back stays in one stream, anything through a Thing, Sensor,
   * FeatureOfInterest... does not.
   */
  private static boolean reachesOtherStreams(PropertyPath path) {
    EntityType at = path.root();
    boolean ownStream = STREAM_DATA.contains(at);
    for (Navigation navigation : path.navigations()) {
      EntityType to = navigation.target();
      if (STREAM_DATA.contains(to)) {
        boolean withinStream =
            ownStream
                && (at == EntityType.OBSERVATION
                    ? to != EntityType.OBSERVATION
                    : to == EntityType.OBSERVATION);
        if (!withinStream) {
          return true;
        }
      } else {
        ownStream = false;
      }
      at = to;
    }
    return false;
  }

  /**
   * Whether the path enters a place from another entity: a Thing's Locations could locate a
   * household. An Observation's own FeatureOfInterest is fine: a reader sees the feature of every
   * Observation it sees (only features that nothing but withheld streams point to are withheld).
   */
  private static boolean reachesOtherPlaces(PropertyPath path) {
    EntityType at = path.root();
    for (Navigation navigation : path.navigations()) {
      EntityType to = navigation.target();
      boolean ownFeature = to == EntityType.FEATURE_OF_INTEREST && at == EntityType.OBSERVATION;
      if (PLACES.contains(to) && !ownFeature) {
        return true;
      }
      at = to;
    }
    return false;
  }

  private static boolean namesSubject(PropertyPath path) {
    EntityType owner = path.owner();
    return (owner == EntityType.THING || owner == EntityType.DATASTREAM)
        && path.property().map(p -> p.name().equals("properties")).orElse(false)
        && (path.jsonPath().isEmpty() || path.jsonPath().getFirst().equals("subject"));
  }

  // ---------------------------------------------------------------------------- places

  /**
   * Checks a direct read of a place: when the reader's restriction leaves it out, it fails as a
   * direct read of a Datastream withholding it does (401 anonymous, 403 without an allowed
   * purpose), so a household's Location answers like its meter.
   */
  private void requirePlaceShown(EntityType type, long id) {
    Places places = access.places();
    Optional<FilterExpression> restriction = placeRestriction(type, places);
    if (restriction.isEmpty()) {
      return;
    }
    FilterExpression thisOne = new Comparison(ComparisonOperator.EQ, idOf(type), number(id));
    if (!inner
        .query(filtered(type, new Logical(LogicalOperator.AND, thisOne, restriction.get())))
        .entities()
        .isEmpty()) {
      return;
    }
    FilterExpression reaches =
        switch (type) {
          case LOCATION ->
              new Logical(
                  LogicalOperator.OR,
                  new Comparison(
                      ComparisonOperator.EQ,
                      path(EntityType.DATASTREAM, "Thing", "Locations"),
                      number(id)),
                  new Comparison(
                      ComparisonOperator.EQ,
                      path(EntityType.DATASTREAM, "Thing", "HistoricalLocations", "Locations"),
                      number(id)));
          case HISTORICAL_LOCATION ->
              new Comparison(
                  ComparisonOperator.EQ,
                  path(EntityType.DATASTREAM, "Thing", "HistoricalLocations"),
                  number(id));
          default ->
              new Comparison(
                  ComparisonOperator.EQ,
                  path(EntityType.DATASTREAM, "Observations", "FeatureOfInterest"),
                  number(id));
        };
    EntityPage withholding =
        inner.query(
            filtered(
                EntityType.DATASTREAM,
                new Logical(
                    LogicalOperator.AND,
                    anyOf(idOf(EntityType.DATASTREAM), places.withheldBy()),
                    reaches)));
    if (!withholding.entities().isEmpty()) {
      access.requireReadable(
          new ObservationStream.Datastream(withholding.entities().getFirst().id()));
    }
    // The streams changed meanwhile (or the access allows what it withholds): still withheld.
    throw new ForbiddenException(
        "the " + type.singular() + " " + id + " is a place of personal data", "path");
  }

  /**
   * What a collection of places may show: a Location or HistoricalLocation of no Thing that has a
   * withheld Datastream (a Location also of no such Thing in the past), a FeatureOfInterest that no
   * withheld Datastream's Observation points to, or one a shown Datastream's Observation points to
   * as well.
   *
   * <p>Why through Datastreams rather than Thing ids known in advance: storage joins from the place
   * to the Datastreams of its Things (indexed links, the terms are primary keys of the in-memory
   * policies), so the restriction is always current, also when a Datastream moves to another Thing
   * or a Thing to another Location, which no cache refreshed on policy changes would notice. The
   * cost per request is one condition per withheld Datastream, as for the Datastreams themselves.
   */
  private static Optional<FilterExpression> placeRestriction(EntityType type, Places places) {
    if (places.all()) {
      return Optional.empty();
    }
    Set<Long> withheld = places.withheldBy();
    return Optional.of(
        switch (type) {
          case LOCATION ->
              new Logical(
                  LogicalOperator.AND,
                  new Not(anyOf(LOCATION_STREAMS, withheld)),
                  new Not(anyOf(PAST_LOCATION_STREAMS, withheld)));
          case HISTORICAL_LOCATION -> new Not(anyOf(HISTORICAL_LOCATION_STREAMS, withheld));
          case FEATURE_OF_INTEREST ->
              places.shownBy().isEmpty()
                  ? new Not(anyOf(FEATURE_STREAMS, withheld))
                  : new Logical(
                      LogicalOperator.OR,
                      new Not(anyOf(FEATURE_STREAMS, withheld)),
                      anyOf(FEATURE_STREAMS, places.shownBy()));
          default -> throw new IllegalArgumentException(type + " is not a place");
        });
  }

  private static EntityQuery filtered(EntityType type, FilterExpression condition) {
    return new EntityQuery(
        type,
        Optional.empty(),
        List.of(),
        0,
        1,
        false,
        Set.of(),
        Optional.of(new Filter("(a place withheld from this request)", condition)));
  }

  /** The id at the end of the navigations named from {@code root}. */
  private static PropertyPath path(EntityType root, String... navigations) {
    List<Navigation> steps = new ArrayList<>();
    EntityType at = root;
    for (String name : navigations) {
      Navigation navigation = at.navigation(name).orElseThrow();
      steps.add(navigation);
      at = navigation.target();
    }
    return new PropertyPath(root, steps, Optional.empty(), List.of());
  }

  // ---------------------------------------------------------------------------- restrictions

  private Optional<FilterExpression> observationRestriction() {
    Visibility datastreams = access.datastreams();
    Visibility multis = access.multiDatastreams();
    if (datastreams instanceof Visibility.All && multis instanceof Visibility.All) {
      return Optional.empty();
    }
    // An Observation belongs to exactly one of the two, and a path through the other is false.
    return Optional.of(
        new Logical(
            LogicalOperator.OR,
            streamCondition(datastreams, via(OBSERVATION_DATASTREAM)),
            streamCondition(multis, via(OBSERVATION_MULTI_DATASTREAM))));
  }

  /** Whether the Observation belongs to a visible stream reached by {@code id}. */
  private static FilterExpression streamCondition(Visibility visibility, PropertyPath id) {
    FilterExpression belongs = new Comparison(ComparisonOperator.GT, id, number(0));
    return switch (visibility) {
      case Visibility.All all -> belongs;
      case Visibility.AllExcept except ->
          except.hidden().isEmpty()
              ? belongs
              : new Logical(LogicalOperator.AND, belongs, new Not(anyOf(id, except.hidden())));
      case Visibility.Only only -> anyOf(id, only.shown());
    };
  }

  private static Optional<FilterExpression> idRestriction(Visibility visibility, PropertyPath id) {
    return switch (visibility) {
      case Visibility.All all -> Optional.empty();
      case Visibility.AllExcept except ->
          except.hidden().isEmpty()
              ? Optional.empty()
              : Optional.of(new Not(anyOf(id, except.hidden())));
      case Visibility.Only only -> Optional.of(anyOf(id, only.shown()));
    };
  }

  /** {@code id eq a or id eq b ...} as a balanced tree (shallow SQL), false for none. */
  private static FilterExpression anyOf(PropertyPath id, Set<Long> ids) {
    if (ids.isEmpty()) {
      return new BooleanLiteral(false);
    }
    List<FilterExpression> terms = new ArrayList<>();
    for (long each : new TreeSet<>(ids)) {
      terms.add(new Comparison(ComparisonOperator.EQ, id, number(each)));
    }
    while (terms.size() > 1) {
      List<FilterExpression> joined = new ArrayList<>((terms.size() + 1) / 2);
      for (int i = 0; i < terms.size(); i += 2) {
        joined.add(
            i + 1 < terms.size()
                ? new Logical(LogicalOperator.OR, terms.get(i), terms.get(i + 1))
                : terms.get(i));
      }
      terms = joined;
    }
    return terms.getFirst();
  }

  private static EntityQuery restricted(EntityQuery query, FilterExpression restriction) {
    Filter filter =
        query
            .filter()
            .map(
                given ->
                    new Filter(
                        given.text(),
                        new Logical(LogicalOperator.AND, given.expression(), restriction)))
            .orElse(new Filter("(restricted to the streams this request may read)", restriction));
    return new EntityQuery(
        query.type(),
        query.scope(),
        query.orderBy(),
        query.skip(),
        query.top(),
        query.count(),
        query.select(),
        Optional.of(filter));
  }

  private static PropertyPath idOf(EntityType type) {
    return new PropertyPath(type, List.of(), Optional.empty(), List.of());
  }

  private static PropertyPath via(Navigation navigation) {
    return new PropertyPath(navigation.owner(), List.of(navigation), Optional.empty(), List.of());
  }

  private static NumberLiteral number(long value) {
    return new NumberLiteral(BigDecimal.valueOf(value), true);
  }
}
