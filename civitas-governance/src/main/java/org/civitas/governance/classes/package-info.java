/**
 * Data classes on every Datastream and their enforcement: the policies and their rules ({@link
 * org.civitas.governance.classes.DatastreamPolicies}, in memory for per-request and per-Observation
 * checks), their HTTP routes ({@link org.civitas.governance.classes.DatastreamPolicyRoutes}), and
 * the guard the server asks on every read and every Observation ({@link
 * org.civitas.governance.classes.DataClassGuard}), with keyed pseudonyms of data subjects ({@link
 * org.civitas.governance.classes.Pseudonyms}).
 */
package org.civitas.governance.classes;
