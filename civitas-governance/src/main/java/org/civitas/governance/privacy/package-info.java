/**
 * What the privacy features (consent, retention, data-subject requests) share at their HTTP edge:
 * the data protection officer's authorisation and the reading of request bodies.
 */
package org.civitas.governance.privacy;
