package org.civitas.rules.evaluation;

/**
 * Told every outcome of every rule, in the order the engine decided them for one source. Called on
 * the engine's thread: implementations hand slow work (a webhook, an e-mail) to threads of their
 * own and never throw for one outcome's failure.
 */
@FunctionalInterface
public interface RuleOutcomeListener {
  void on(RuleOutcome outcome);
}
