package org.civitas.timeseries;

/**
 * What became of one submitted observation once its submission committed.
 *
 * @param id the Observation's {@code @iot.id}
 * @param duplicate true when nothing was stored because an Observation with the same idempotency
 *     key on the same stream already was (or came earlier in the same batch); {@code id} is then
 *     that Observation's
 */
public record IngestOutcome(long id, boolean duplicate) {}
