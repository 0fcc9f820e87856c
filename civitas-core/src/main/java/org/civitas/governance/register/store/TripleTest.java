package org.civitas.governance.register.store;

import java.util.Objects;

/**
 * The three questions every technology must answer before it may collect personal data.
 *
 * @param appropriate does it achieve the goal?
 * @param necessary is there no less intrusive way to achieve it?
 * @param proportionate do the burdens on people not outweigh the benefit?
 */
public record TripleTest(Answer appropriate, Answer necessary, Answer proportionate) {

  public TripleTest {
    Objects.requireNonNull(appropriate, "appropriate");
    Objects.requireNonNull(necessary, "necessary");
    Objects.requireNonNull(proportionate, "proportionate");
  }

  /** Whether all three answers are yes: the one state a data protection officer may approve. */
  public boolean passes() {
    return appropriate.yes() && necessary.yes() && proportionate.yes();
  }

  /**
   * One answer with the reasoning behind it; an answer without reasons is not an answer.
   *
   * @param reasoning why, in plain words; not blank
   */
  public record Answer(boolean yes, String reasoning) {
    public Answer {
      Objects.requireNonNull(reasoning, "reasoning");
      if (reasoning.isBlank()) {
        throw new IllegalArgumentException("an answer of the Triple Test needs its reasoning");
      }
    }
  }
}
