-- Idempotency keys of Observations: what a sender (an HTTP client with an Idempotency-Key header, a device
-- gateway) calls one delivery, so that a redelivery after a timeout or a crash is recognised and answered with
-- the Observation stored the first time instead of storing it twice.
--
-- A table of its own rather than a column of observation: most Observations carry no key, and these then pay
-- nothing (no column, no index entry, no constraint check on the hot ingest path). Only keyed Observations
-- write a row here, in the same transaction as the Observation itself.
--
-- Keys are scoped to a stream: stream_kind 'D' (Datastream) or 'M' (MultiDatastream) with stream_id; the same
-- key on two streams names two Observations. The primary key leads with the key, so that the ingest writer's
-- one look-up per batch (idempotency_key IN (...)) reads a few index entries per key, whatever the size of a
-- stream's history. The unique primary key is also what keeps two nodes on one PostgreSQL from storing the same
-- key twice: the second insert waits for the first transaction and then fails, and the writer reads the
-- winner's Observation id (GroupCommitIngest).
--
-- A key lives as long as its Observation: deleting the Observation (or its Datastream, its Thing, ...) deletes
-- the key by cascade, after which the key may be used again.
CREATE TABLE observation_key (
  idempotency_key VARCHAR(200) NOT NULL,
  stream_id BIGINT NOT NULL,
  stream_kind CHAR(1) NOT NULL,
  observation_id BIGINT NOT NULL,
  CONSTRAINT observation_key_pk PRIMARY KEY (idempotency_key, stream_id, stream_kind),
  CONSTRAINT observation_key_stream_kind CHECK (stream_kind IN ('D', 'M'))
);
-- For the cascade: deleting an Observation finds its key without scanning the table.
CREATE INDEX observation_key_observation ON observation_key (observation_id);
ALTER TABLE observation_key ADD CONSTRAINT observation_key_observation_fk
  FOREIGN KEY (observation_id) REFERENCES observation (id) ON DELETE CASCADE;
