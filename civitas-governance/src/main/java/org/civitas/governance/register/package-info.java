/**
 * The public technology register and its Triple Tests: {@link
 * org.civitas.governance.register.TechnologyRegister} (the shared {@link
 * org.civitas.governance.register.TechnologyApprovals}), the capabilities Civitas does not offer
 * ({@link org.civitas.governance.register.NotOffered}), and the HTTP API {@link
 * org.civitas.governance.register.RegisterRoutes}.
 */
package org.civitas.governance.register;
