package org.civitas.server.ops;

/**
 * The state of a part of the node other than storage (the connection to an external MQTT broker),
 * as {@code GET /health} reports it under {@code components}. It informs and does not decide
 * readiness: only storage does (see docs/ARCHITECTURE.md, Operations).
 *
 * @param up whether the part works now
 * @param detail one line for a person
 */
public record ComponentHealth(boolean up, String detail) {}
