package org.civitas.timeseries;

import java.time.Instant;
import java.util.Objects;
import org.civitas.error.InvalidInputException;
import org.civitas.sensing.model.Json;
import org.civitas.sensing.model.TimeValue;

/**
 * An Observation ready to be stored: validated, with its FeatureOfInterest already resolved.
 *
 * @param stream the Datastream or MultiDatastream it belongs to
 * @param featureOfInterestId the FeatureOfInterest it observes
 * @param phenomenonTime when the observed phenomenon happened
 * @param resultTime when the result was produced, or null
 * @param result the result as JSON (a number, a string, an object...); numbers are also stored as
 *     such for aggregation
 * @param resultQuality nullable
 * @param validTime nullable
 * @param parameters nullable
 * @param idempotencyKey nullable: what the sender calls this delivery, so that a redelivery (an
 *     HTTP retry, an MQTT or LoRaWAN redelivery after a crash) is recognised and stored only once.
 *     Keys are scoped to the {@code stream}: the same key on two streams names two Observations.
 *     Between 1 and {@link #MAX_IDEMPOTENCY_KEY_LENGTH} characters of printable ASCII (space to
 *     {@code ~}), the characters of an HTTP structured-field string; an observation without a key
 *     costs the ingest path nothing extra.
 */
public record NewObservation(
    ObservationStream stream,
    long featureOfInterestId,
    TimeValue phenomenonTime,
    Instant resultTime,
    Json result,
    Json resultQuality,
    TimeValue.Interval validTime,
    Json parameters,
    String idempotencyKey) {

  /** The longest idempotency key, in characters. */
  public static final int MAX_IDEMPOTENCY_KEY_LENGTH = 200;

  /**
   * @throws InvalidInputException (field {@code idempotencyKey}) if the key is empty, too long or
   *     holds characters other than printable ASCII
   */
  public NewObservation {
    Objects.requireNonNull(stream, "stream");
    Objects.requireNonNull(phenomenonTime, "phenomenonTime");
    Objects.requireNonNull(result, "result");
    if (idempotencyKey != null) {
      checkIdempotencyKey(idempotencyKey, "idempotencyKey");
    }
  }

  /** An Observation without idempotency key: each submission stores a new one. */
  public NewObservation(
      ObservationStream stream,
      long featureOfInterestId,
      TimeValue phenomenonTime,
      Instant resultTime,
      Json result,
      Json resultQuality,
      TimeValue.Interval validTime,
      Json parameters) {
    this(
        stream,
        featureOfInterestId,
        phenomenonTime,
        resultTime,
        result,
        resultQuality,
        validTime,
        parameters,
        null);
  }

  /** This Observation with {@code key} as its idempotency key (null for none). */
  public NewObservation withIdempotencyKey(String key) {
    return new NewObservation(
        stream,
        featureOfInterestId,
        phenomenonTime,
        resultTime,
        result,
        resultQuality,
        validTime,
        parameters,
        key);
  }

  /**
   * Checks an idempotency key as the constructor does, naming {@code field} (a transport's name for
   * it, such as the {@code Idempotency-Key} header) in the error.
   *
   * @return the key
   * @throws InvalidInputException if the key is empty, too long or not printable ASCII
   */
  public static String checkIdempotencyKey(String key, String field) {
    if (key.isEmpty() || key.length() > MAX_IDEMPOTENCY_KEY_LENGTH) {
      throw new InvalidInputException(
          "an idempotency key has 1 to "
              + MAX_IDEMPOTENCY_KEY_LENGTH
              + " characters, found "
              + key.length(),
          field);
    }
    for (int i = 0; i < key.length(); i++) {
      char c = key.charAt(i);
      if (c < 0x20 || c > 0x7e) {
        throw new InvalidInputException(
            "an idempotency key holds printable ASCII only (space to ~), found character "
                + (int) c
                + " at position "
                + i,
            field);
      }
    }
    return key;
  }
}
