package org.civitas.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.civitas.governance.subjects.HeldObservation;
import org.civitas.governance.subjects.LegalHold;
import org.civitas.governance.subjects.SubjectRequest;
import org.civitas.governance.subjects.SubjectRequest.Kind;
import org.civitas.governance.subjects.SubjectRequest.Status;
import org.civitas.governance.subjects.SubjectRequestStore;
import org.civitas.sensing.model.Entity;
import org.civitas.sensing.model.EntityType;
import org.civitas.sensing.store.SensingStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Data-subject requests, legal holds and the Observation reads and deletes behind them ({@link
 * SubjectRequestStore}, migration V14), run once per engine by a subclass.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class SubjectRequestStoreContract {
  private static final Instant RECEIVED = Instant.parse("2026-04-02T09:30:00Z");

  protected SensingStore sensing;
  protected SubjectRequestStore requests;

  protected abstract StorageSettings settings();

  protected void afterStoreClosed() {}

  @BeforeAll
  void openStore() {
    sensing = Storage.open(settings());
    requests = Storage.subjectRequests(sensing);
  }

  @AfterAll
  void closeStore() {
    if (sensing != null) {
      sensing.close();
    }
    afterStoreClosed();
  }

  private static SubjectRequest received(String subject, Kind kind) {
    return new SubjectRequest(
        0,
        subject,
        kind,
        Status.RECEIVED,
        RECEIVED,
        Instant.parse("2026-05-02T09:30:00Z"),
        Optional.empty(),
        Optional.empty(),
        "dpo-maria",
        RECEIVED,
        Optional.empty());
  }

  @Test
  void a_request_is_stored_found_and_listed_newest_first() {
    SubjectRequest first = requests.create(received("resident-1", Kind.ACCESS));
    SubjectRequest second = requests.create(received("resident-2", Kind.ERASURE));

    assertThat(requests.find(first.id())).contains(first);
    assertThat(requests.list()).containsSubsequence(second, first);
    assertThat(requests.find(second.id() + 1000)).isEmpty();
  }

  @Test
  void an_update_applies_only_while_the_status_is_the_expected_one() {
    SubjectRequest request = requests.create(received("resident-3", Kind.ERASURE));
    SubjectRequest started =
        new SubjectRequest(
            request.id(),
            request.subject(),
            request.kind(),
            Status.IN_PROGRESS,
            request.received(),
            Instant.parse("2026-07-02T09:30:00Z"),
            Optional.of("many systems to search"),
            Optional.empty(),
            "dpo-jonas",
            RECEIVED.plusSeconds(3600),
            Optional.of("{\"erased\":[]}"));

    assertThat(requests.update(started, Status.RECEIVED)).isTrue();
    assertThat(requests.update(started, Status.RECEIVED)).isFalse();
    assertThat(requests.find(request.id())).contains(started);
  }

  @Test
  void holds_name_a_subject_or_a_datastream_and_can_be_removed() {
    LegalHold bySubject =
        requests.addHold(
            new LegalHold(
                0,
                Optional.of("resident-4"),
                Optional.empty(),
                "pending court case 4 O 12/26",
                Instant.parse("2027-01-01T00:00:00Z"),
                "dpo-maria",
                RECEIVED));
    LegalHold byDatastream =
        requests.addHold(
            new LegalHold(
                0,
                Optional.empty(),
                Optional.of(42L),
                "billing dispute",
                Instant.parse("2026-12-01T00:00:00Z"),
                "dpo-maria",
                RECEIVED));

    assertThat(requests.holds()).contains(bySubject, byDatastream);
    assertThat(requests.removeHold(bySubject.id())).isTrue();
    assertThat(requests.removeHold(bySubject.id())).isFalse();
    assertThat(requests.holds()).contains(byDatastream).doesNotContain(bySubject);
  }

  @Test
  void observations_are_read_in_time_order_in_pages_and_deleted_in_batches() {
    SensingFixtures.Graph graph = SensingFixtures.graph(sensing, "meter-" + System.nanoTime());
    Instant t = Instant.parse("2026-03-03T00:00:00Z");
    List<Long> ids = new ArrayList<>();
    // Two at the same time: the id breaks the tie, so a page boundary between them loses neither.
    for (int i : new int[] {3, 1, 1, 2, 0}) {
      ids.add(
          sensing
              .ingest()
              .submit(
                  SensingFixtures.observation(
                      graph.datastream(),
                      graph.featureOfInterest(),
                      t.plusSeconds(i),
                      i == 2 ? "{\"valve\":\"open\"}" : Integer.toString(i)))
              .join());
    }
    List<HeldObservation> read = new ArrayList<>();
    Optional<HeldObservation> after = Optional.empty();
    for (int page = 0; page < 10; page++) {
      List<HeldObservation> next = requests.observations(graph.datastream(), after, 2);
      read.addAll(next);
      if (next.size() < 2) {
        break;
      }
      after = Optional.of(next.get(next.size() - 1));
    }

    assertThat(read)
        .extracting(HeldObservation::phenomenonTimeStart)
        .containsExactly(t, t.plusSeconds(1), t.plusSeconds(1), t.plusSeconds(2), t.plusSeconds(3));
    assertThat(read).extracting(HeldObservation::id).doesNotHaveDuplicates();
    assertThat(read.get(0).resultNumber()).contains(0.0);
    assertThat(read.get(3).resultNumber()).isEmpty();
    assertThat(read.get(3).resultJson()).contains("{\"valve\":\"open\"}");

    assertThat(requests.deleteObservations(graph.datastream(), 3)).isEqualTo(3);
    assertThat(requests.deleteObservations(graph.datastream(), 3)).isEqualTo(2);
    assertThat(requests.observations(graph.datastream(), Optional.empty(), 10)).isEmpty();
  }

  @Test
  void clearing_a_datastreams_metadata_keeps_its_name_and_drops_description_and_properties() {
    SensingFixtures.Graph graph = SensingFixtures.graph(sensing, "home-" + System.nanoTime());

    assertThat(requests.clearDatastreamMetadata(graph.datastream(), "erased (request 7)")).isTrue();
    assertThat(requests.clearDatastreamMetadata(graph.datastream() + 10_000, "x")).isFalse();

    Entity datastream =
        sensing.find(EntityType.DATASTREAM, graph.datastream(), java.util.Set.of()).orElseThrow();
    assertThat(datastream.value("description")).isEqualTo("erased (request 7)");
    assertThat(datastream.value("properties")).isNull();
    assertThat((String) datastream.value("name")).endsWith("datastream");
  }
}
