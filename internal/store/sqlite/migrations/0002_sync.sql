-- Sync engine, part 1: the app's schema and records, object mappings,
-- inbound state on links, pending references, runs, record errors and
-- webhooks. JSON is TEXT.

-- workspace_id is '' for a type declared for every workspace, so it can
-- be part of the key; PutAppType checks that any other workspace exists.
CREATE TABLE app_types (
	workspace_id TEXT NOT NULL,
	name         TEXT NOT NULL,
	label        TEXT NOT NULL,
	fields       TEXT NOT NULL,
	created_at   INTEGER NOT NULL,
	updated_at   INTEGER NOT NULL,
	PRIMARY KEY (workspace_id, name)
) STRICT;

CREATE TABLE object_mappings (
	connection_id TEXT NOT NULL REFERENCES connections (id) ON DELETE CASCADE,
	object        TEXT NOT NULL,
	app_type      TEXT NOT NULL,
	delete_policy TEXT NOT NULL,
	enabled       INTEGER NOT NULL,
	created_at    INTEGER NOT NULL,
	updated_at    INTEGER NOT NULL,
	PRIMARY KEY (connection_id, object)
) STRICT;

CREATE TABLE app_records (
	id           TEXT PRIMARY KEY,
	workspace_id TEXT NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
	type         TEXT NOT NULL,
	fields       TEXT NOT NULL,
	deleted      INTEGER NOT NULL,
	created_at   INTEGER NOT NULL,
	updated_at   INTEGER NOT NULL
) STRICT;

CREATE INDEX app_records_page ON app_records (workspace_id, type, created_at, id);

-- What inbound sync last applied through a link: the Salesforce values
-- (JSON), the SystemModstamp, and whether the Salesforce record is
-- deleted (a repeated delete then changes nothing).
ALTER TABLE record_links ADD COLUMN synced TEXT;
ALTER TABLE record_links ADD COLUMN system_modstamp INTEGER;
ALTER TABLE record_links ADD COLUMN deleted INTEGER NOT NULL DEFAULT 0;

-- A reference field of app record app_id waiting for the Salesforce
-- record (object, salesforce_id) to be linked. from_object and
-- from_salesforce_id name the waiting record's own Salesforce record.
CREATE TABLE pending_refs (
	connection_id      TEXT NOT NULL REFERENCES connections (id) ON DELETE CASCADE,
	app_id             TEXT NOT NULL REFERENCES app_records (id) ON DELETE CASCADE,
	field              TEXT NOT NULL,
	from_object        TEXT NOT NULL,
	from_salesforce_id TEXT NOT NULL,
	object             TEXT NOT NULL,
	salesforce_id      TEXT NOT NULL,
	PRIMARY KEY (connection_id, app_id, field)
) STRICT;

CREATE INDEX pending_refs_target ON pending_refs (connection_id, object, salesforce_id);
CREATE INDEX pending_refs_record ON pending_refs (app_id);

CREATE TABLE runs (
	id            TEXT PRIMARY KEY,
	workspace_id  TEXT NOT NULL,
	connection_id TEXT NOT NULL,
	object        TEXT NOT NULL,
	kind          TEXT NOT NULL,
	status        TEXT NOT NULL,
	started_at    INTEGER NOT NULL,
	finished_at   INTEGER,
	n_read        INTEGER NOT NULL,
	n_created     INTEGER NOT NULL,
	n_updated     INTEGER NOT NULL,
	n_deleted     INTEGER NOT NULL,
	n_unchanged   INTEGER NOT NULL,
	n_failed      INTEGER NOT NULL,
	api_calls     INTEGER NOT NULL,
	error         TEXT NOT NULL,
	FOREIGN KEY (workspace_id, connection_id)
		REFERENCES connections (workspace_id, id) ON DELETE CASCADE
) STRICT;

CREATE INDEX runs_page ON runs (connection_id, started_at, id);
CREATE INDEX runs_workspace ON runs (workspace_id, connection_id);

CREATE TABLE record_errors (
	id            TEXT PRIMARY KEY,
	connection_id TEXT NOT NULL REFERENCES connections (id) ON DELETE CASCADE,
	run_id        TEXT REFERENCES runs (id) ON DELETE CASCADE,
	object        TEXT NOT NULL,
	salesforce_id TEXT NOT NULL,
	field         TEXT NOT NULL,
	code          TEXT NOT NULL,
	message       TEXT NOT NULL,
	created_at    INTEGER NOT NULL
) STRICT;

CREATE INDEX record_errors_page ON record_errors (connection_id, created_at, id);
CREATE INDEX record_errors_run ON record_errors (run_id);

CREATE TABLE webhook_endpoints (
	id            TEXT PRIMARY KEY,
	workspace_id  TEXT NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
	url           TEXT NOT NULL,
	secret_sealed BLOB,
	active        INTEGER NOT NULL,
	created_at    INTEGER NOT NULL
) STRICT;

CREATE INDEX webhook_endpoints_workspace ON webhook_endpoints (workspace_id, created_at, id);

-- One delivery per endpoint and event, whatever enqueues it twice.
CREATE TABLE webhook_deliveries (
	id              TEXT PRIMARY KEY,
	endpoint_id     TEXT NOT NULL REFERENCES webhook_endpoints (id) ON DELETE CASCADE,
	workspace_id    TEXT NOT NULL,
	event_id        INTEGER NOT NULL REFERENCES events (id) ON DELETE CASCADE,
	status          TEXT NOT NULL,
	attempts        INTEGER NOT NULL,
	last_status     INTEGER NOT NULL,
	last_error      TEXT NOT NULL,
	next_attempt_at INTEGER NOT NULL,
	created_at      INTEGER NOT NULL,
	updated_at      INTEGER NOT NULL,
	UNIQUE (endpoint_id, event_id)
) STRICT;

CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt_at, event_id, id) WHERE status = 'pending';
CREATE INDEX webhook_deliveries_event ON webhook_deliveries (event_id);
