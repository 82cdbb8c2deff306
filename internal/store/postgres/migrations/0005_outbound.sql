-- Two-way sync: writing app changes to Salesforce. JSON is jsonb; an
-- outbox entry's changed is an object of app field to the RFC 3339 time
-- of its latest change.

ALTER TABLE connections
	ADD COLUMN write_enabled boolean NOT NULL DEFAULT false,
	ADD COLUMN conflict_policy text NOT NULL DEFAULT '';

ALTER TABLE object_mappings
	ADD COLUMN create_direction text NOT NULL DEFAULT '',
	ADD COLUMN update_direction text NOT NULL DEFAULT '',
	ADD COLUMN outbound_delete text NOT NULL DEFAULT '',
	ADD COLUMN external_id_field text NOT NULL DEFAULT '';

-- The app side of a link's merge base, and its app-side tombstone.
ALTER TABLE record_links
	ADD COLUMN app_synced jsonb,
	ADD COLUMN app_deleted boolean NOT NULL DEFAULT false;

ALTER TABLE record_errors ADD COLUMN app_id text NOT NULL DEFAULT '';

-- At most one entry per connection, object and app record; later
-- changes fold into it. No reference to app_records: a delete's entry
-- outlives its record.
CREATE TABLE outbox (
	workspace_id    text NOT NULL,
	connection_id   text NOT NULL REFERENCES connections (id) ON DELETE CASCADE,
	object          text NOT NULL,
	app_id          text NOT NULL,
	op              text NOT NULL,
	changed         jsonb NOT NULL,
	seq             bigint NOT NULL,
	status          text NOT NULL,
	attempts        integer NOT NULL,
	next_attempt_at timestamptz NOT NULL,
	error_code      text NOT NULL,
	error_message   text NOT NULL,
	created_at      timestamptz NOT NULL,
	updated_at      timestamptz NOT NULL,
	PRIMARY KEY (connection_id, object, app_id)
);

-- app_id in byte order, as the store orders it (and as SQLite does).
CREATE INDEX outbox_due ON outbox (connection_id, object, status, next_attempt_at, app_id COLLATE "C");

-- The create ledger: creates sent (or about to be) whose outcome is not
-- stored yet.
CREATE TABLE create_intents (
	connection_id text NOT NULL REFERENCES connections (id) ON DELETE CASCADE,
	object        text NOT NULL,
	app_id        text NOT NULL,
	sent          jsonb NOT NULL,
	started_at    timestamptz NOT NULL,
	attempts      integer NOT NULL,
	PRIMARY KEY (connection_id, object, app_id)
);

CREATE TABLE conflicts (
	id               text PRIMARY KEY,
	workspace_id     text NOT NULL,
	connection_id    text NOT NULL REFERENCES connections (id) ON DELETE CASCADE,
	object           text NOT NULL,
	app_id           text NOT NULL,
	salesforce_id    text NOT NULL,
	field            text NOT NULL,
	app_field        text NOT NULL,
	app_value        jsonb NOT NULL,
	salesforce_value jsonb NOT NULL,
	base_value       jsonb NOT NULL,
	policy           text NOT NULL,
	winner           text NOT NULL,
	created_at       timestamptz NOT NULL
);

CREATE INDEX conflicts_page ON conflicts (connection_id, created_at, id);
