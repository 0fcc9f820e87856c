/**
 * The storage API of identities: local {@link org.civitas.governance.identity.store.Account}s,
 * their sign-in {@link org.civitas.governance.identity.store.Session}s and systems' {@link
 * org.civitas.governance.identity.store.ApiKey}s, behind {@link
 * org.civitas.governance.identity.store.IdentityStore}. It lives in the domain module because
 * {@code civitas-storage} implements it and cannot see {@code civitas-governance}, whose identity
 * service is its one user. Nothing here holds a password, a session token or a key secret: only
 * their Argon2id or SHA-256 hashes.
 */
package org.civitas.governance.identity.store;
