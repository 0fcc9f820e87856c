/**
 * Who is asking, for the routes of every module: the governance gate sets the request's principal
 * ({@link org.civitas.server.access.Callers}); the server itself enforces nothing here.
 */
package org.civitas.server.access;
