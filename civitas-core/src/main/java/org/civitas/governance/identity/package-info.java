/** Who is asking: operators, systems and citizens, and the roles they hold. */
package org.civitas.governance.identity;
