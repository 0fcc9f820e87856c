package org.civitas.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.civitas.error.ConflictException;
import org.civitas.error.NotFoundException;
import org.civitas.governance.classes.DataClass;
import org.civitas.governance.classes.LegalBasis;
import org.civitas.governance.classes.Purpose;
import org.civitas.governance.identity.Department;
import org.civitas.governance.purposes.store.PurposeStore;
import org.civitas.governance.register.store.RegisterEntry;
import org.civitas.governance.register.store.RegisterStore;
import org.civitas.governance.register.store.Review;
import org.civitas.governance.register.store.Technology;
import org.civitas.governance.register.store.TripleTest;
import org.civitas.sensing.store.SensingStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The register of purposes ({@link PurposeStore}) and the technology register ({@link
 * RegisterStore}), migration V12, run once per engine by a subclass. Nothing can be deleted, so
 * every test uses ids of its own.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class GovernanceRegistersContract {
  protected SensingStore sensing;
  protected PurposeStore purposes;
  protected RegisterStore register;

  protected abstract StorageSettings settings();

  protected void afterStoreClosed() {}

  @BeforeAll
  void openStore() {
    sensing = Storage.open(settings());
    purposes = Storage.purposes(sensing);
    register = Storage.register(sensing);
  }

  @AfterAll
  void closeStore() {
    if (sensing != null) {
      sensing.close();
    }
    afterStoreClosed();
  }

  private static Purpose purpose(String id, Set<Department> departments) {
    return new Purpose(
        id,
        "Leak detection",
        "Finding leaks in the mains",
        LegalBasis.PUBLIC_TASK,
        departments,
        false);
  }

  private static Technology technology(String id, List<String> districts) {
    return new Technology(
        id,
        "Traffic counting cameras",
        "Counts of vehicles and cyclists per minute; no images leave the camera",
        List.of("traffic-planning"),
        districts.isEmpty(),
        districts,
        Department.TRANSPORT,
        Set.of(DataClass.PUBLIC, DataClass.INTERNAL),
        List.of("vehicle-counting", "cyclist-counting"),
        new TripleTest(
            new TripleTest.Answer(true, "counts are what planning needs"),
            new TripleTest.Answer(true, "induction loops cannot count cyclists"),
            new TripleTest.Answer(false, "not yet assessed fully")));
  }

  @Test
  void a_purpose_is_stored_listed_and_changed_with_every_field() {
    Purpose leak = purpose("leak-detection-1", Set.of(Department.UTILITIES, Department.EMERGENCY));
    purposes.create(leak);
    purposes.create(purpose("air-quality-1", Set.of()));

    assertThat(purposes.find("leak-detection-1")).contains(leak);
    assertThat(purposes.list())
        .extracting(Purpose::id)
        .containsSubsequence("air-quality-1", "leak-detection-1");

    Purpose changed =
        new Purpose(
            "leak-detection-1",
            "Leaks",
            "Finding leaks",
            LegalBasis.LEGAL_OBLIGATION,
            Set.of(Department.UTILITIES),
            true);
    purposes.update(changed);
    assertThat(purposes.find("leak-detection-1")).contains(changed);
  }

  @Test
  void a_purpose_id_is_taken_once_and_an_unknown_one_cannot_be_changed() {
    purposes.create(purpose("once-only", Set.of()));

    assertThatThrownBy(() -> purposes.create(purpose("once-only", Set.of())))
        .isInstanceOfSatisfying(ConflictException.class, e -> assertThat(e.field()).contains("id"));
    assertThatThrownBy(() -> purposes.update(purpose("never-created", Set.of())))
        .isInstanceOf(NotFoundException.class);
    assertThat(purposes.find("never-created")).isEmpty();
  }

  @Test
  void a_register_entry_starts_as_a_draft_at_version_1_and_reads_back_whole() {
    Technology cameras = technology("cameras-1", List.of("Harbour", "Old Town"));

    RegisterEntry created = register.create(cameras);

    assertThat(created).isEqualTo(new RegisterEntry(cameras, Review.DRAFT, 1));
    assertThat(register.find("cameras-1")).contains(created);
    assertThat(register.list()).contains(created);
    assertThat(register.create(technology("citywide-1", List.of())).technology().cityWide())
        .isTrue();
    assertThat(register.find("citywide-1").orElseThrow().technology().districts()).isEmpty();
  }

  @Test
  void an_update_stores_the_review_and_moves_the_version_on() {
    register.create(technology("cameras-2", List.of("Harbour")));
    Instant at = Instant.parse("2026-12-01T10:15:30.123456Z");

    RegisterEntry approved =
        register.update(technology("cameras-2", List.of("Harbour")), Review.approved("dpo", at), 1);
    RegisterEntry rejected =
        register.update(
            technology("cameras-2", List.of("Harbour")),
            Review.rejected("dpo", at, "proportionality not shown"),
            2);

    assertThat(approved.version()).isEqualTo(2);
    assertThat(register.find("cameras-2")).contains(rejected);
    assertThat(rejected.review().note()).contains("proportionality not shown");
    assertThat(rejected.version()).isEqualTo(3);
  }

  @Test
  void an_update_from_a_stale_reading_conflicts_and_changes_nothing() {
    register.create(technology("cameras-3", List.of("Harbour")));
    register.update(technology("cameras-3", List.of("Eastfield")), Review.DRAFT, 1);

    assertThatThrownBy(
            () -> register.update(technology("cameras-3", List.of("Riverside")), Review.DRAFT, 1))
        .isInstanceOfSatisfying(
            ConflictException.class, e -> assertThat(e.field()).contains("version"));
    assertThat(register.find("cameras-3").orElseThrow().technology().districts())
        .containsExactly("Eastfield");
    assertThatThrownBy(() -> register.update(technology("nowhere", List.of()), Review.DRAFT, 1))
        .isInstanceOf(NotFoundException.class);
    assertThatThrownBy(() -> register.create(technology("cameras-3", List.of())))
        .isInstanceOf(ConflictException.class);
  }
}
