package org.civitas.governance.classes;

import java.util.Optional;

/** Looks up the register of purposes; what the rest of governance needs of it. Thread-safe. */
@FunctionalInterface
public interface PurposeRegister {

  /** The registered purpose of that id, if there is one. */
  Optional<Purpose> find(String id);
}
