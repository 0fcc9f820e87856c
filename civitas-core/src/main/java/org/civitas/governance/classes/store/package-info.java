/** The storage API of Datastream policies; the JDBC implementation is in civitas-storage. */
package org.civitas.governance.classes.store;
