/** Consent of data subjects to purposes, for citizen-contributed data. */
package org.civitas.governance.consent;
