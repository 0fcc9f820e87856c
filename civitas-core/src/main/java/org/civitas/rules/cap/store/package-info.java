/**
 * The storage API of public alerts in OASIS CAP 1.2 ({@link
 * org.civitas.rules.cap.store.PublicAlertStore}): the messages the {@code org.civitas.rules.cap}
 * package of {@code civitas-rules} issues, kept here so that {@code civitas-storage} can implement
 * it without depending on the rules.
 */
package org.civitas.rules.cap.store;
