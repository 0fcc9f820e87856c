/**
 * The governance vocabulary every layer shares: who asks ({@link
 * org.civitas.governance.identity.Principal}), for what purpose under which data class ({@link
 * org.civitas.governance.classes}), and the audit trail every access to personal data and every
 * governance change leaves ({@link org.civitas.governance.audit.Audit}). The services that enforce
 * it live in the {@code civitas-governance} module; the stores behind them in {@code
 * civitas-storage}.
 */
package org.civitas.governance;
