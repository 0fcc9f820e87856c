/**
 * The rules engine's storage API: rule definitions and their version history ({@link
 * org.civitas.rules.store.RuleVersion}), the evaluation state of each stream partition with the
 * last observation it covers ({@link org.civitas.rules.store.PartitionCheckpoint}), partition
 * leases between nodes, and the committed observations read back in id order for catch-up ({@link
 * org.civitas.rules.store.LoggedObservation}), all behind {@link
 * org.civitas.rules.store.RuleStore}. Definitions and state are opaque JSON text here: the rules
 * module reads and writes them.
 */
package org.civitas.rules.store;
