/**
 * Notifications of alarm events: channels as data ({@link
 * org.civitas.rules.notify.NotificationChannel}, {@code /api/v1/notification-channels}), signed
 * webhooks, e-mail over SMTP and MQTT topics, a durable queue with retries, back-off and dead
 * letters, quiet hours and escalation ({@link org.civitas.rules.notify.Notifier}).
 */
package org.civitas.rules.notify;
