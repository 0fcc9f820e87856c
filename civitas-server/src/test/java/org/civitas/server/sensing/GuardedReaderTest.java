package org.civitas.server.sensing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.civitas.error.ForbiddenException;
import org.civitas.sensing.model.Entity;
import org.civitas.sensing.model.EntityType;
import org.civitas.sensing.query.EntityPage;
import org.civitas.sensing.query.EntityQuery;
import org.civitas.sensing.query.filter.Filter;
import org.civitas.server.access.ReadAccess;
import org.civitas.server.access.Visibility;
import org.civitas.timeseries.ObservationStream;
import org.junit.jupiter.api.Test;

/**
 * The query rewriting of {@link GuardedReader} against a recording reader: which filters are
 * refused and what restriction reaches storage. The access is a small fake that hides Datastream
 * 12.
 */
class GuardedReaderTest {

  private final AtomicReference<EntityQuery> asked = new AtomicReference<>();

  private final EntityReader recording =
      new EntityReader() {
        @Override
        public Optional<Entity> find(EntityType type, long id, Set<String> select) {
          return Optional.empty();
        }

        @Override
        public EntityPage query(EntityQuery query) {
          asked.set(query);
          return new EntityPage(List.of(), java.util.OptionalLong.empty(), false);
        }
      };

  private final ReadAccess hides12 =
      new ReadAccess() {
        @Override
        public void requireReadable(ObservationStream stream) {
          if (stream.id() == 12) {
            throw new ForbiddenException("hidden", "path");
          }
        }

        @Override
        public Visibility datastreams() {
          return new Visibility.AllExcept(Set.of(12L));
        }

        @Override
        public Visibility multiDatastreams() {
          return Visibility.ALL;
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

  private final GuardedReader reader = new GuardedReader(recording, hides12);

  private static EntityQuery filtered(EntityType type, String filter) {
    return EntityQuery.all(type, 10).withFilter(Filter.parse(filter, type));
  }

  @Test
  void filters_into_stream_data_through_other_entities_are_refused() {
    for (var refused :
        List.of(
            filtered(EntityType.THING, "Datastreams/Observations/result gt 5"),
            filtered(EntityType.FEATURE_OF_INTEREST, "Observations/result gt 5"),
            filtered(EntityType.OBSERVATION, "FeatureOfInterest/Observations/result gt 5"),
            filtered(EntityType.DATASTREAM, "Thing/Datastreams/name eq 'x'"),
            filtered(EntityType.OBSERVATION, "Datastream/Thing/MultiDatastreams/name eq 'x'"))) {
      assertThatThrownBy(() -> reader.query(refused))
          .as(refused.filter().orElseThrow().text())
          .isInstanceOf(ForbiddenException.class)
          .satisfies(e -> assertThat(((ForbiddenException) e).field()).contains("$filter"));
    }
  }

  @Test
  void filters_along_the_entitys_own_stream_pass_with_the_restriction_added() {
    reader.query(filtered(EntityType.OBSERVATION, "Datastream/Observations/result gt 5"));

    String text = asked.get().filter().orElseThrow().expression().toString();
    assertThat(text).contains("Datastream/Observations/result").contains("12");
  }

  @Test
  void a_filter_on_subjects_is_refused_when_they_are_pseudonymised() {
    assertThatThrownBy(
            () -> reader.query(filtered(EntityType.THING, "properties/subject eq 'resident-1'")))
        .isInstanceOf(ForbiddenException.class);
    reader.query(filtered(EntityType.THING, "properties/district eq 'Mitte'"));
    assertThat(asked.get().filter()).isPresent();
  }

  @Test
  void a_query_scoped_to_a_hidden_datastream_is_refused_before_storage_is_asked() {
    EntityQuery scoped =
        PathResolver.scoped(EntityType.DATASTREAM.navigation("Observations").orElseThrow(), 12, 5);

    assertThatThrownBy(() -> reader.query(scoped)).isInstanceOf(ForbiddenException.class);
    assertThat(asked.get()).isNull();
  }

  @Test
  void datastream_collections_get_the_hidden_ids_excluded_in_the_query() {
    reader.query(EntityQuery.all(EntityType.DATASTREAM, 10));

    assertThat(asked.get().filter().orElseThrow().expression().toString()).contains("12");
  }
}
