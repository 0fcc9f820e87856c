/** The public register of the technologies the city deploys, each with its Triple Test. */
package org.civitas.governance.register;
