-- The department that runs a device (transport, environment, waste, health, utilities, emergency, as
-- org.civitas.governance.identity.Department names them); its operators see and change the device. NULL for a
-- device of no department, which every signed-in operator sees (devices provisioned before departments existed).
ALTER TABLE device ADD COLUMN department VARCHAR(32);
CREATE INDEX device_department ON device (department, id);
