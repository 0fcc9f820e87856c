/**
 * The HTTP access gate every request passes before any route runs ({@link
 * org.civitas.governance.access.AccessGate} with its {@link
 * org.civitas.governance.access.AccessPolicy}), and the identity API: sign-in, sign-out, the
 * caller's own account, and the administrator's accounts and API keys ({@link
 * org.civitas.governance.access.IdentityRoutes}).
 */
package org.civitas.governance.access;
