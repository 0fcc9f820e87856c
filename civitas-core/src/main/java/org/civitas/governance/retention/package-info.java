/**
 * How long Observations are kept: rules per data class and purpose, the hourly anonymous aggregates
 * expired personal data may be downsampled to, and the reports of each retention run.
 */
package org.civitas.governance.retention;
