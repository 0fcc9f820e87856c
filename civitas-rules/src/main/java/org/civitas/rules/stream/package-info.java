/**
 * The event stream of committed observations that rules are evaluated on, partitioned by Datastream
 * ({@link org.civitas.rules.stream.ObservationEvents}); in one process {@link
 * org.civitas.rules.stream.InProcessObservationEvents}, fed after commit by {@code
 * SensingApi.listen} and catching up from the observation table; a Kafka implementation (partition
 * = Datastream hash, one consumer group) takes the same interface.
 */
package org.civitas.rules.stream;
