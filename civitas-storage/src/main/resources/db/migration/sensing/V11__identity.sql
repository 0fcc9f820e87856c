-- Local accounts, their sign-in sessions and the API keys of systems (issue 7, identity and roles). One script for
-- H2 (PostgreSQL mode) and PostgreSQL, with the conventions of V1.
--
-- Nothing here lets anyone sign in: passwords are stored as their encoded Argon2id hash ($argon2id$...), session
-- tokens and key secrets as the lower-case hex SHA-256 of the secret (they are 256 random bits, so a fast hash is
-- enough; a slow one would only slow every request). roles is a JSON array of role wire names (operator:waste@Old
-- Town, dpo, admin), written and parsed by the store: district names may hold spaces and commas.
-- A session names its account by foreign key; deleting an account deletes its sessions. API keys belong to no account.

CREATE TABLE identity_account (
  name VARCHAR(64) PRIMARY KEY,
  password_hash VARCHAR(200) NOT NULL,
  roles VARCHAR NOT NULL,
  disabled BOOLEAN NOT NULL,
  created_at TIMESTAMP WITH TIME ZONE NOT NULL,
  failed_attempts INT NOT NULL,
  locked_until TIMESTAMP WITH TIME ZONE,
  CONSTRAINT identity_account_failed_check CHECK (failed_attempts >= 0)
);

CREATE TABLE identity_session (
  token_hash CHAR(64) PRIMARY KEY,
  account VARCHAR(64) NOT NULL REFERENCES identity_account (name) ON DELETE CASCADE,
  created_at TIMESTAMP WITH TIME ZONE NOT NULL,
  expires_at TIMESTAMP WITH TIME ZONE NOT NULL,
  revoked BOOLEAN NOT NULL,
  CONSTRAINT identity_session_expiry_check CHECK (expires_at > created_at)
);
CREATE INDEX identity_session_account ON identity_session (account);
CREATE INDEX identity_session_expiry ON identity_session (expires_at);

CREATE TABLE identity_api_key (
  id CHAR(16) PRIMARY KEY,
  name VARCHAR(100) NOT NULL,
  secret_hash CHAR(64) NOT NULL,
  roles VARCHAR NOT NULL,
  created_at TIMESTAMP WITH TIME ZONE NOT NULL,
  revoked BOOLEAN NOT NULL
);
CREATE INDEX identity_api_key_created ON identity_api_key (created_at, id);
