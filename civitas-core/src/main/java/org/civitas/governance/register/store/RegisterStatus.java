package org.civitas.governance.register.store;

/** Where a register entry's Triple Test stands. */
public enum RegisterStatus {
  /** Written or changed since the last review: not approved. */
  DRAFT,
  /** The data protection officer approved the Triple Test as recorded. */
  APPROVED,
  /** The data protection officer found the Triple Test wanting. */
  REJECTED
}
