-- The governance policy of each classified Datastream (issue 7: data classes, purposes, activation). One script for
-- H2 (PostgreSQL mode) and PostgreSQL, with the conventions of V1.
--
-- A Datastream without a row is unclassified (internal, active). The row goes with its Datastream (ON DELETE
-- CASCADE): a deleted Datastream's policy must not apply to a later one. purposes holds purpose ids (slugs, which
-- never contain a comma) joined by commas, in sorted order; the empty text for none. retention_seconds is the
-- retention period in whole seconds.

CREATE TABLE datastream_policy (
  datastream_id BIGINT PRIMARY KEY,
  data_class VARCHAR(32) NOT NULL,
  department VARCHAR(32),
  purposes VARCHAR NOT NULL,
  retention_seconds BIGINT,
  technology VARCHAR(200),
  subject VARCHAR(500),
  consent_required BOOLEAN NOT NULL,
  active BOOLEAN NOT NULL,
  CONSTRAINT datastream_policy_datastream FOREIGN KEY (datastream_id) REFERENCES datastream (id) ON DELETE CASCADE,
  CONSTRAINT datastream_policy_class_check
    CHECK (data_class IN ('public', 'internal', 'personal', 'sensitive-personal')),
  CONSTRAINT datastream_policy_retention_check CHECK (retention_seconds IS NULL OR retention_seconds > 0)
);
