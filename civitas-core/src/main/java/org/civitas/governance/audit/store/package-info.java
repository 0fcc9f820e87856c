/**
 * The storage API of the hash-chained audit log: {@link
 * org.civitas.governance.audit.store.AuditEntry}s behind {@link
 * org.civitas.governance.audit.store.AuditStore}, and the one definition of how an entry is hashed
 * ({@link org.civitas.governance.audit.store.AuditChain}), shared by the store that writes the
 * chain and the verifier that checks it. It lives in the domain module because {@code
 * civitas-storage} implements it.
 */
package org.civitas.governance.audit.store;
