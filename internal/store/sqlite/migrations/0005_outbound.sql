-- Two-way sync: writing app changes to Salesforce. JSON is TEXT; an
-- outbox entry's changed is an object of app field to the RFC 3339 time
-- of its latest change.

ALTER TABLE connections ADD COLUMN write_enabled INTEGER NOT NULL DEFAULT 0;
ALTER TABLE connections ADD COLUMN conflict_policy TEXT NOT NULL DEFAULT '';

ALTER TABLE object_mappings ADD COLUMN create_direction TEXT NOT NULL DEFAULT '';
ALTER TABLE object_mappings ADD COLUMN update_direction TEXT NOT NULL DEFAULT '';
ALTER TABLE object_mappings ADD COLUMN outbound_delete TEXT NOT NULL DEFAULT '';
ALTER TABLE object_mappings ADD COLUMN external_id_field TEXT NOT NULL DEFAULT '';

-- The app side of a link's merge base, and its app-side tombstone.
ALTER TABLE record_links ADD COLUMN app_synced TEXT;
ALTER TABLE record_links ADD COLUMN app_deleted INTEGER NOT NULL DEFAULT 0;

ALTER TABLE record_errors ADD COLUMN app_id TEXT NOT NULL DEFAULT '';

-- At most one entry per connection, object and app record; later
-- changes fold into it. No reference to app_records: a delete's entry
-- outlives its record.
CREATE TABLE outbox (
	workspace_id    TEXT NOT NULL,
	connection_id   TEXT NOT NULL REFERENCES connections (id) ON DELETE CASCADE,
	object          TEXT NOT NULL,
	app_id          TEXT NOT NULL,
	op              TEXT NOT NULL,
	changed         TEXT NOT NULL,
	seq             INTEGER NOT NULL,
	status          TEXT NOT NULL,
	attempts        INTEGER NOT NULL,
	next_attempt_at INTEGER NOT NULL,
	error_code      TEXT NOT NULL,
	error_message   TEXT NOT NULL,
	created_at      INTEGER NOT NULL,
	updated_at      INTEGER NOT NULL,
	PRIMARY KEY (connection_id, object, app_id)
) STRICT;

CREATE INDEX outbox_due ON outbox (connection_id, object, status, next_attempt_at, app_id);

-- The create ledger: creates sent (or about to be) whose outcome is not
-- stored yet.
CREATE TABLE create_intents (
	connection_id TEXT NOT NULL REFERENCES connections (id) ON DELETE CASCADE,
	object        TEXT NOT NULL,
	app_id        TEXT NOT NULL,
	sent          TEXT NOT NULL,
	started_at    INTEGER NOT NULL,
	attempts      INTEGER NOT NULL,
	PRIMARY KEY (connection_id, object, app_id)
) STRICT;

CREATE TABLE conflicts (
	id               TEXT PRIMARY KEY,
	workspace_id     TEXT NOT NULL,
	connection_id    TEXT NOT NULL REFERENCES connections (id) ON DELETE CASCADE,
	object           TEXT NOT NULL,
	app_id           TEXT NOT NULL,
	salesforce_id    TEXT NOT NULL,
	field            TEXT NOT NULL,
	app_field        TEXT NOT NULL,
	app_value        TEXT NOT NULL,
	salesforce_value TEXT NOT NULL,
	base_value       TEXT NOT NULL,
	policy           TEXT NOT NULL,
	winner           TEXT NOT NULL,
	created_at       INTEGER NOT NULL
) STRICT;

CREATE INDEX conflicts_page ON conflicts (connection_id, created_at, id);
