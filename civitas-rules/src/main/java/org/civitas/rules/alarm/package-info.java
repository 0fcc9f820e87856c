/**
 * Alarms with a lifecycle: {@link org.civitas.rules.alarm.AlarmService} turns rule outcomes into
 * alarms (one open alarm per rule and source) and carries operators' acknowledgements, clearings,
 * assignees and comments; {@link org.civitas.rules.alarm.AlarmRoutes} serves them at {@code
 * /api/v1/alarms}. What changes is told to an {@link org.civitas.rules.alarm.AlarmListener} (the
 * notifications).
 */
package org.civitas.rules.alarm;
