package org.civitas.sensing.store;

/**
 * The state of the storage engine for readiness checks.
 *
 * @param up whether it answered a trivial query just now
 * @param engine {@code embedded} or {@code postgres}
 * @param detail what went wrong when it is down, or a short description when it is up
 */
public record StorageStatus(boolean up, String engine, String detail) {}
