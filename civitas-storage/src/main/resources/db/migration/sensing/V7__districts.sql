-- The city's districts (GeoJSON Features), replaced whole by PUT /api/v1/districts. One script for H2 (PostgreSQL
-- mode) and PostgreSQL, with the conventions of V1.
--
-- geometry and properties are JSON text, checked by the HTTP edge; position keeps the order they were given in.
-- A device's district names a row here by name but is not a foreign key: a device may be provisioned before the
-- district map is published, and replacing the map must not fail or cascade over the devices.

CREATE TABLE district (
  name VARCHAR(200) PRIMARY KEY,
  position INT NOT NULL,
  geometry VARCHAR NOT NULL,
  properties VARCHAR NOT NULL
);
