package org.civitas.timeseries;

import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;

/**
 * The widths of time buckets for aggregation, from one minute to one calendar month. Buckets are
 * aligned in UTC: hours on the hour, days at midnight, weeks on Monday, months on the first.
 */
public enum BucketWidth {
  MINUTE("1m", Duration.ofMinutes(1)),
  FIVE_MINUTES("5m", Duration.ofMinutes(5)),
  FIFTEEN_MINUTES("15m", Duration.ofMinutes(15)),
  HOUR("1h", Duration.ofHours(1)),
  SIX_HOURS("6h", Duration.ofHours(6)),
  DAY("1d", Duration.ofDays(1)),
  WEEK("1w", Duration.ofDays(7)),
  /** A calendar month: its length varies, so it has no fixed duration. */
  MONTH("1mo", null);

  private final String code;
  private final Duration duration;

  BucketWidth(String code, Duration duration) {
    this.code = code;
    this.duration = duration;
  }

  /** The short name used in the API, e.g. {@code 1h}. */
  public String code() {
    return code;
  }

  /** The fixed length of a bucket; empty for {@link #MONTH}. */
  public Optional<Duration> duration() {
    return Optional.ofNullable(duration);
  }

  public static Optional<BucketWidth> byCode(String code) {
    return Arrays.stream(values()).filter(w -> w.code.equals(code)).findFirst();
  }
}
