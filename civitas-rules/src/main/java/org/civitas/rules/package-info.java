/**
 * Rules: turning what sensors report into action. Rules are data ({@code definition}), evaluated on
 * the event stream of committed observations ({@code evaluation}, {@code stream}), never by polling
 * the database; what they conclude ({@link org.civitas.rules.evaluation.RuleOutcome}) opens and
 * clears alarms and notifies people ({@code alarm}, {@code notify}), creates Tasks for devices, and
 * issues public alerts in OASIS CAP 1.2 ({@code cap}).
 */
package org.civitas.rules;
