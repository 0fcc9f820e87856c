/**
 * The hash-chained audit log: {@link org.civitas.governance.audit.HashChainedAudit} records events
 * (the shared {@link org.civitas.governance.audit.Audit}), {@link
 * org.civitas.governance.audit.AuditVerifier} checks the chain, {@link
 * org.civitas.governance.audit.AuditRoutes} lets the data protection officer read and verify it.
 */
package org.civitas.governance.audit;
