/**
 * Who is asking: local accounts with Argon2id passwords and their sessions, API keys of systems
 * ({@link org.civitas.governance.identity.IdentityService}), tokens of the city's identity provider
 * ({@link org.civitas.governance.identity.OidcAuthenticator}), and the one place that turns a
 * request's credentials into a {@link org.civitas.governance.identity.Principal} ({@link
 * org.civitas.governance.identity.Authenticator}).
 */
package org.civitas.governance.identity;
