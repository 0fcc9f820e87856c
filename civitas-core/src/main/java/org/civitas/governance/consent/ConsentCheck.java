package org.civitas.governance.consent;

/**
 * Whether a data subject consents now: asked on the ingest path for every Observation of a
 * Datastream that needs consent, so implementations answer from memory. A withdrawal takes effect
 * on the node that records it before the withdrawal returns. Thread-safe.
 */
@FunctionalInterface
public interface ConsentCheck {

  /** Whether {@code subject}'s latest decision on {@code purposeId} is to consent. */
  boolean consents(String subject, String purposeId);
}
