/**
 * The governance layer every read and write passes through: identity and roles ({@code identity}),
 * the HTTP access gate ({@code access}), data classes and purposes ({@code classes}), the public
 * technology register with its Triple Tests ({@code register}), consent, retention, data-subject
 * requests and the hash-chained audit log ({@code audit}).
 */
package org.civitas.governance;
