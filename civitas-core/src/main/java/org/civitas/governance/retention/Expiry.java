package org.civitas.governance.retention;

/**
 * What one bounded step of expiring a Datastream's old Observations did.
 *
 * @param removed Observations deleted
 * @param buckets hourly aggregates written or extended (0 for {@link RetentionAction#DELETE})
 * @param more whether Observations older than the cut-off may remain (the step reached its bound)
 */
public record Expiry(long removed, long buckets, boolean more) {}
