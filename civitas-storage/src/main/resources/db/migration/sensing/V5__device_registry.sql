-- The device registry: devices, their profiles (which codec reads their payloads), the Datastreams their payload
-- fields feed, and their activity. One script for H2 (PostgreSQL mode) and PostgreSQL, with the conventions of V1.
--
-- Rules kept by foreign keys:
-- * A device is the hardware of one Thing: deleting the Thing deletes its devices (ON DELETE CASCADE), and with
--   them their field mappings and activity. A device never outlives what it reports for.
-- * A field mapping goes with its Datastream: deleting a Datastream drops the mappings to it, and the field is
--   then reported as unmapped by the ingest pipeline instead of failing every uplink.
-- * A device's profile must exist; profiles are never deleted.
--
-- credential_hash is the SHA-256 of the device's secret (hex); never the secret. It is null once the device is
-- revoked, so a revoked device cannot authenticate whatever any cache says. Unique, so that an HTTP bearer token
-- finds its device by one index lookup (NULLs do not collide on either engine).
--
-- device_activity is written in batches (every few seconds) by the ingest pipeline, never once per uplink.

CREATE TABLE device_profile (
  name VARCHAR(64) PRIMARY KEY,
  codec VARCHAR(32) NOT NULL,
  codec_spec VARCHAR
);

CREATE TABLE device (
  id VARCHAR(64) PRIMARY KEY,
  thing_id BIGINT NOT NULL,
  name VARCHAR NOT NULL,
  profile VARCHAR(64),
  district VARCHAR,
  dev_eui CHAR(16),
  expected_interval_seconds BIGINT,
  state VARCHAR(16) NOT NULL,
  created_at TIMESTAMP WITH TIME ZONE NOT NULL,
  revoked_at TIMESTAMP WITH TIME ZONE,
  credential_hash CHAR(64),
  CONSTRAINT device_state_check CHECK (state IN ('ACTIVE', 'REVOKED')),
  CONSTRAINT device_dev_eui_unique UNIQUE (dev_eui),
  CONSTRAINT device_credential_hash_unique UNIQUE (credential_hash)
);
CREATE INDEX device_thing ON device (thing_id);
CREATE INDEX device_district ON device (district, id);
CREATE INDEX device_profile_name ON device (profile);

CREATE TABLE device_field (
  device_id VARCHAR(64) NOT NULL,
  field VARCHAR(64) NOT NULL,
  datastream_id BIGINT NOT NULL,
  position INT NOT NULL,
  PRIMARY KEY (device_id, field)
);
CREATE INDEX device_field_datastream ON device_field (datastream_id);

CREATE TABLE device_activity (
  device_id VARCHAR(64) PRIMARY KEY,
  last_seen TIMESTAMP WITH TIME ZONE NOT NULL,
  uplinks BIGINT NOT NULL,
  rssi_dbm DOUBLE PRECISION,
  snr_db DOUBLE PRECISION,
  battery_percent DOUBLE PRECISION
);

ALTER TABLE device ADD CONSTRAINT device_thing_fk
  FOREIGN KEY (thing_id) REFERENCES thing (id) ON DELETE CASCADE;
ALTER TABLE device ADD CONSTRAINT device_profile_fk
  FOREIGN KEY (profile) REFERENCES device_profile (name);
ALTER TABLE device_field ADD CONSTRAINT device_field_device_fk
  FOREIGN KEY (device_id) REFERENCES device (id) ON DELETE CASCADE;
ALTER TABLE device_field ADD CONSTRAINT device_field_datastream_fk
  FOREIGN KEY (datastream_id) REFERENCES datastream (id) ON DELETE CASCADE;
ALTER TABLE device_activity ADD CONSTRAINT device_activity_device_fk
  FOREIGN KEY (device_id) REFERENCES device (id) ON DELETE CASCADE;
