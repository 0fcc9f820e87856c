/**
 * Rules as data: what a rule watches ({@link org.civitas.rules.definition.RuleTarget}), when it
 * fires ({@link org.civitas.rules.definition.Condition}), what it asks for, its versions and author
 * ({@link org.civitas.rules.definition.Rule}), their JSON form ({@link
 * org.civitas.rules.definition.RuleJson}), the service that stores and versions them ({@link
 * org.civitas.rules.definition.RuleBook}) and their HTTP API ({@link
 * org.civitas.rules.definition.RuleRoutes}).
 */
package org.civitas.rules.definition;
