/**
 * The storage API of alarms: {@link org.civitas.rules.alarm.store.Alarm}s with their lifecycle,
 * behind {@link org.civitas.rules.alarm.store.AlarmStore}. It lives in the domain module, like the
 * device registry's store, because {@code civitas-storage} implements it and cannot see {@code
 * civitas-rules}; the alarm service of {@code org.civitas.rules.alarm} is its one user.
 */
package org.civitas.rules.alarm.store;
