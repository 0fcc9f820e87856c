/**
 * The storage API of the public technology register: what each kind of deployed technology is
 * ({@link org.civitas.governance.register.store.Technology}), the Triple Test recorded for it and
 * the data protection officer's review ({@link org.civitas.governance.register.store.Review}),
 * behind {@link org.civitas.governance.register.store.RegisterStore}; implemented in {@code
 * civitas-storage}.
 */
package org.civitas.governance.register.store;
