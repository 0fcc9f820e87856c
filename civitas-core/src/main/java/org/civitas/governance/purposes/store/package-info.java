/**
 * The storage API of the register of purposes ({@link org.civitas.governance.classes.Purpose}s
 * behind {@link org.civitas.governance.purposes.store.PurposeStore}), implemented in {@code
 * civitas-storage}.
 */
package org.civitas.governance.purposes.store;
