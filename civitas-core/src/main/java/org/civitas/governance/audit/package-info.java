/** The tamper-evident record of who accessed personal data and who changed governance. */
package org.civitas.governance.audit;
