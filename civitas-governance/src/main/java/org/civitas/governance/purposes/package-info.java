/**
 * The register of purposes: {@link org.civitas.governance.purposes.Purposes} (the shared {@link
 * org.civitas.governance.classes.PurposeRegister}, changed by the data protection officer only,
 * every change audited) and its public HTTP API {@link
 * org.civitas.governance.purposes.PurposeRoutes}.
 */
package org.civitas.governance.purposes;
