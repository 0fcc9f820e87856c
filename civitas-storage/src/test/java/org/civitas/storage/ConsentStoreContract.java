package org.civitas.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.civitas.governance.consent.ConsentDecision;
import org.civitas.governance.consent.ConsentDecision.Channel;
import org.civitas.governance.consent.ConsentDecision.Decision;
import org.civitas.governance.consent.ConsentStore;
import org.civitas.sensing.store.SensingStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The consent history ({@link ConsentStore}, migration V14), run once per engine by a subclass. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class ConsentStoreContract {
  private static final Instant T0 = Instant.parse("2026-03-01T08:00:00Z");

  protected SensingStore sensing;
  protected ConsentStore consents;

  protected abstract StorageSettings settings();

  protected void afterStoreClosed() {}

  @BeforeAll
  void openStore() {
    sensing = Storage.open(settings());
    consents = Storage.consents(sensing);
  }

  @AfterAll
  void closeStore() {
    if (sensing != null) {
      sensing.close();
    }
    afterStoreClosed();
  }

  private static String subject() {
    return "resident-" + UUID.randomUUID();
  }

  private static ConsentDecision decision(
      String subject, String purpose, Decision decision, Instant at) {
    return new ConsentDecision(0, subject, purpose, decision, at, "portal-key", Channel.WEB);
  }

  @Test
  void decisions_are_kept_in_the_order_recorded_with_everything_they_say() {
    String subject = subject();
    ConsentDecision given =
        consents.append(decision(subject, "leak-detection", Decision.GIVEN, T0));
    ConsentDecision withdrawn =
        consents.append(
            new ConsentDecision(
                0,
                subject,
                "leak-detection",
                Decision.WITHDRAWN,
                T0.plusSeconds(60),
                "clerk-anna",
                Channel.STAFFED));
    consents.append(decision(subject(), "leak-detection", Decision.GIVEN, T0));

    assertThat(withdrawn.seq()).isGreaterThan(given.seq());
    assertThat(consents.history(subject))
        .containsExactly(
            given,
            new ConsentDecision(
                withdrawn.seq(),
                subject,
                "leak-detection",
                Decision.WITHDRAWN,
                T0.plusSeconds(60),
                "clerk-anna",
                Channel.STAFFED));
  }

  @Test
  void decisions_after_a_seq_come_in_pages_in_seq_order() {
    String subject = subject();
    ConsentDecision first = consents.append(decision(subject, "a", Decision.GIVEN, T0));
    ConsentDecision second = consents.append(decision(subject, "b", Decision.GIVEN, T0));
    ConsentDecision third = consents.append(decision(subject, "a", Decision.WITHDRAWN, T0));

    assertThat(consents.after(first.seq() - 1, 2)).containsExactly(first, second);
    assertThat(consents.after(second.seq(), 10)).startsWith(third);
  }

  @Test
  void decisions_recorded_since_a_time_include_that_instant_and_exclude_older_ones() {
    String subject = subject();
    Instant later = Instant.parse("2030-01-01T00:00:00Z");
    consents.append(decision(subject, "a", Decision.GIVEN, later.minusMillis(1)));
    ConsentDecision at = consents.append(decision(subject, "a", Decision.WITHDRAWN, later));

    List<ConsentDecision> since = consents.recordedSince(later);

    assertThat(since).containsExactly(at);
  }
}
