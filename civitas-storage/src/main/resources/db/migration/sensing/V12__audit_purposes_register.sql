-- Governance (issue 7): the hash-chained audit log, the register of purposes and the technology register. One
-- script for H2 (PostgreSQL mode) and PostgreSQL, with the conventions of V1.
--
-- audit_entry is append-only. seq is assigned by the store as the head's seq + 1 (not by an identity, whose
-- rolled-back values would leave gaps a verifier must treat as deleted entries). hash chains each entry to the
-- one before (org.civitas.governance.audit.store.AuditChain); details is a JSON object of strings.
-- audit_chain_head is the one row every append locks (SELECT ... FOR UPDATE), so appends from several nodes are
-- serialised and the chain never forks; it also keeps the last seq and hash apart from the entries, so a tail
-- cut off while the head was left alone is noticed. The triggers refusing UPDATE, DELETE and TRUNCATE on
-- audit_entry are created by the Java migration V12_1 (they differ between the engines).
--
-- purpose.departments and the register's purposes, districts, data_classes and capabilities are JSON arrays of
-- strings, written by the stores; purposes named by a register entry are checked by the register service.

CREATE TABLE audit_entry (
  seq BIGINT PRIMARY KEY,
  at TIMESTAMP WITH TIME ZONE NOT NULL,
  actor VARCHAR(200) NOT NULL,
  action VARCHAR(100) NOT NULL,
  target VARCHAR(500) NOT NULL,
  details VARCHAR NOT NULL,
  prev_hash VARCHAR(64) NOT NULL,
  hash VARCHAR(64) NOT NULL,
  CONSTRAINT audit_entry_seq_positive CHECK (seq > 0)
);
CREATE INDEX audit_entry_actor ON audit_entry (actor, seq);
CREATE INDEX audit_entry_action ON audit_entry (action, seq);
CREATE INDEX audit_entry_at ON audit_entry (at, seq);

CREATE TABLE audit_chain_head (
  id INT PRIMARY KEY,
  seq BIGINT NOT NULL,
  hash VARCHAR(64) NOT NULL,
  CONSTRAINT audit_chain_head_one_row CHECK (id = 1)
);
INSERT INTO audit_chain_head (id, seq, hash)
  VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');

CREATE TABLE purpose (
  id VARCHAR(64) PRIMARY KEY,
  name VARCHAR(200) NOT NULL,
  description VARCHAR NOT NULL,
  legal_basis VARCHAR(32) NOT NULL,
  departments VARCHAR NOT NULL,
  identifying BOOLEAN NOT NULL
);

CREATE TABLE technology_register_entry (
  id VARCHAR(64) PRIMARY KEY,
  name VARCHAR(200) NOT NULL,
  collects VARCHAR NOT NULL,
  purposes VARCHAR NOT NULL,
  city_wide BOOLEAN NOT NULL,
  districts VARCHAR NOT NULL,
  department VARCHAR(32) NOT NULL,
  data_classes VARCHAR NOT NULL,
  capabilities VARCHAR NOT NULL,
  appropriate BOOLEAN NOT NULL,
  appropriate_reasoning VARCHAR NOT NULL,
  necessary BOOLEAN NOT NULL,
  necessary_reasoning VARCHAR NOT NULL,
  proportionate BOOLEAN NOT NULL,
  proportionate_reasoning VARCHAR NOT NULL,
  status VARCHAR(16) NOT NULL,
  reviewed_by VARCHAR(200),
  reviewed_at TIMESTAMP WITH TIME ZONE,
  review_note VARCHAR,
  version BIGINT NOT NULL,
  CONSTRAINT technology_register_status_check CHECK (status IN ('DRAFT', 'APPROVED', 'REJECTED')),
  CONSTRAINT technology_register_reviewed_iff_decided
    CHECK ((status = 'DRAFT') = (reviewed_by IS NULL AND reviewed_at IS NULL))
);
