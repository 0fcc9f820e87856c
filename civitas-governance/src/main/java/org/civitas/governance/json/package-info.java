/** Strict reading of governance request bodies: every field typed, unknown ones refused. */
package org.civitas.governance.json;
