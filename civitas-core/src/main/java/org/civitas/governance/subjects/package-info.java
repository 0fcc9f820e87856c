/**
 * Data-subject rights: requests to access or erase what the city holds about a person, tracked to
 * their deadline, and the legal holds that keep data an erasure would otherwise remove.
 */
package org.civitas.governance.subjects;
