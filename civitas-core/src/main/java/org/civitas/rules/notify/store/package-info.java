/**
 * The storage API of notifications: channel definitions (kept as their JSON, read and checked by
 * {@code org.civitas.rules.notify}) and the durable queue and log of deliveries, behind {@link
 * org.civitas.rules.notify.store.NotificationStore}.
 */
package org.civitas.rules.notify.store;
