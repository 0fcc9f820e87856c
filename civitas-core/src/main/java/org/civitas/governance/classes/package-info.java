/** Data classes, and the register of purposes personal data may be used for. */
package org.civitas.governance.classes;
