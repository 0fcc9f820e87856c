package org.civitas.governance.classes;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.civitas.governance.audit.Audit;
import org.civitas.governance.consent.ConsentCheck;
import org.civitas.governance.identity.Department;
import org.civitas.governance.register.TechnologyApprovals;

/**
 * Small in-test implementations of the shared governance interfaces whose real ones other parts of
 * issue 7 build (the purpose register, the technology register, consent, the audit log): as simple
 * as the contracts allow, and observable by the tests.
 */
final class Governance {
  private Governance() {}

  /** The register of purposes of the tests. */
  static final Map<String, Purpose> PURPOSES =
      Map.of(
          "care-visits",
          new Purpose(
              "care-visits",
              "Planning care visits",
              "how often residents need a visit, without knowing who they are",
              LegalBasis.PUBLIC_TASK,
              Set.of(Department.HEALTH),
              false),
          "care-emergency",
          new Purpose(
              "care-emergency",
              "Emergency response to a fall",
              "sending help to the resident who fell",
              LegalBasis.VITAL_INTERESTS,
              Set.of(Department.HEALTH, Department.EMERGENCY),
              true),
          "traffic-planning",
          new Purpose(
              "traffic-planning",
              "Traffic planning",
              "counting trips to plan roads",
              LegalBasis.PUBLIC_TASK,
              Set.of(Department.TRANSPORT),
              false),
          "metering",
          new Purpose(
              "metering",
              "Metering and billing",
              "billing households for what their meters read",
              LegalBasis.CONTRACT,
              Set.of(Department.UTILITIES),
              false));

  static final PurposeRegister REGISTER = id -> Optional.ofNullable(PURPOSES.get(id));

  /** Technology register entries and whether their Triple Test is approved. */
  static final class Approvals implements TechnologyApprovals {
    private final Map<String, Boolean> approved = new ConcurrentHashMap<>();

    void enter(String technology, boolean isApproved) {
      approved.put(technology, isApproved);
    }

    @Override
    public Optional<String> whyNotApproved(String technologyId) {
      Boolean state = approved.get(technologyId);
      if (state == null) {
        return Optional.of("no register entry '" + technologyId + "'");
      }
      return state
          ? Optional.empty()
          : Optional.of("the Triple Test of '" + technologyId + "' is not approved");
    }
  }

  /** Consent decisions by subject and purpose; withdrawing takes effect at once. */
  static final class Consents implements ConsentCheck {
    private final Set<String> given = ConcurrentHashMap.newKeySet();

    void give(String subject, String purpose) {
      given.add(subject + "|" + purpose);
    }

    void withdraw(String subject, String purpose) {
      given.remove(subject + "|" + purpose);
    }

    @Override
    public boolean consents(String subject, String purposeId) {
      return given.contains(subject + "|" + purposeId);
    }
  }

  /** One audited event. */
  record Event(String actor, String action, String target, Map<String, String> details) {}

  /** Keeps every event in order. */
  static final class RecordingAudit implements Audit {
    private final List<Event> events = new ArrayList<>();

    @Override
    public synchronized void record(
        String actor, String action, String target, Map<String, String> details) {
      events.add(new Event(actor, action, target, Map.copyOf(details)));
    }

    synchronized List<Event> events() {
      return List.copyOf(events);
    }

    synchronized List<Event> of(String action, String target) {
      return events.stream()
          .filter(e -> e.action().equals(action) && e.target().equals(target))
          .toList();
    }
  }
}
