package org.civitas.rules.evaluation;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/** What a rule asks for when it raises (besides the alarm, which every outcome opens or clears). */
public sealed interface RuleAction {

  /** Open (RAISE) or clear (CLEAR) the alarm of this rule and source; implied for every rule. */
  record RaiseAlarm() implements RuleAction {}

  /**
   * Create a SensorThings Task (close a flood gate, dim streetlights), delivered by the Tasking
   * path.
   */
  record CreateTask(long taskingCapabilityId, Map<String, Object> taskingParameters)
      implements RuleAction {
    public CreateTask {
      taskingParameters = Map.copyOf(taskingParameters);
    }
  }

  /**
   * Issue a public alert in OASIS CAP 1.2: an Alert on RAISE, an Update on a repeated RAISE, a
   * Cancel on CLEAR.
   *
   * @param event the CAP event text ("Flood warning")
   * @param urgency CAP urgency (Immediate, Expected, Future, Past, Unknown)
   * @param severity CAP severity (Extreme, Severe, Moderate, Minor, Unknown)
   * @param certainty CAP certainty (Observed, Likely, Possible, Unlikely, Unknown)
   * @param districts the names of the districts the alert's area covers
   */
  record IssuePublicAlert(
      String event,
      String urgency,
      String severity,
      String certainty,
      List<String> districts,
      String headline,
      String instruction)
      implements RuleAction {
    public IssuePublicAlert {
      Objects.requireNonNull(event, "event");
      districts = List.copyOf(districts);
    }
  }

  /** Notify through these notification channels (by name) besides the alarm's default ones. */
  record Notify(List<String> channels) implements RuleAction {
    public Notify {
      channels = List.copyOf(channels);
    }
  }
}
