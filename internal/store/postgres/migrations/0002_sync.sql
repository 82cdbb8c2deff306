-- Sync engine, part 1: the app's schema and records, object mappings,
-- inbound state on links, pending references, runs, record errors and
-- webhooks. JSON is jsonb.

-- workspace_id is '' for a type declared for every workspace, so it can
-- be part of the key; PutAppType checks that any other workspace exists.
CREATE TABLE app_types (
	workspace_id text NOT NULL,
	name         text NOT NULL,
	label        text NOT NULL,
	fields       jsonb NOT NULL,
	created_at   timestamptz NOT NULL,
	updated_at   timestamptz NOT NULL,
	PRIMARY KEY (workspace_id, name)
);

CREATE TABLE object_mappings (
	connection_id text NOT NULL REFERENCES connections (id) ON DELETE CASCADE,
	object        text NOT NULL,
	app_type      text NOT NULL,
	delete_policy text NOT NULL,
	enabled       boolean NOT NULL,
	created_at    timestamptz NOT NULL,
	updated_at    timestamptz NOT NULL,
	PRIMARY KEY (connection_id, object)
);

CREATE TABLE app_records (
	id           text PRIMARY KEY,
	workspace_id text NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
	type         text NOT NULL,
	fields       jsonb NOT NULL,
	deleted      boolean NOT NULL,
	created_at   timestamptz NOT NULL,
	updated_at   timestamptz NOT NULL
);

CREATE INDEX app_records_page ON app_records (workspace_id, type, created_at, id);

-- What inbound sync last applied through a link: the Salesforce values,
-- the SystemModstamp, and whether the Salesforce record is deleted (a
-- repeated delete then changes nothing).
ALTER TABLE record_links
	ADD COLUMN synced jsonb,
	ADD COLUMN system_modstamp timestamptz,
	ADD COLUMN deleted boolean NOT NULL DEFAULT false;

-- A reference field of app record app_id waiting for the Salesforce
-- record (object, salesforce_id) to be linked. from_object and
-- from_salesforce_id name the waiting record's own Salesforce record.
CREATE TABLE pending_refs (
	connection_id      text NOT NULL REFERENCES connections (id) ON DELETE CASCADE,
	app_id             text NOT NULL REFERENCES app_records (id) ON DELETE CASCADE,
	field              text NOT NULL,
	from_object        text NOT NULL,
	from_salesforce_id text NOT NULL,
	object             text NOT NULL,
	salesforce_id      text NOT NULL,
	PRIMARY KEY (connection_id, app_id, field)
);

CREATE INDEX pending_refs_target ON pending_refs (connection_id, object, salesforce_id);
CREATE INDEX pending_refs_record ON pending_refs (app_id);

CREATE TABLE runs (
	id            text PRIMARY KEY,
	workspace_id  text NOT NULL,
	connection_id text NOT NULL,
	object        text NOT NULL,
	kind          text NOT NULL,
	status        text NOT NULL,
	started_at    timestamptz NOT NULL,
	finished_at   timestamptz,
	n_read        bigint NOT NULL,
	n_created     bigint NOT NULL,
	n_updated     bigint NOT NULL,
	n_deleted     bigint NOT NULL,
	n_unchanged   bigint NOT NULL,
	n_failed      bigint NOT NULL,
	api_calls     bigint NOT NULL,
	error         text NOT NULL,
	FOREIGN KEY (workspace_id, connection_id)
		REFERENCES connections (workspace_id, id) ON DELETE CASCADE
);

CREATE INDEX runs_page ON runs (connection_id, started_at, id);
CREATE INDEX runs_workspace ON runs (workspace_id, connection_id);

CREATE TABLE record_errors (
	id            text PRIMARY KEY,
	connection_id text NOT NULL REFERENCES connections (id) ON DELETE CASCADE,
	run_id        text REFERENCES runs (id) ON DELETE CASCADE,
	object        text NOT NULL,
	salesforce_id text NOT NULL,
	field         text NOT NULL,
	code          text NOT NULL,
	message       text NOT NULL,
	created_at    timestamptz NOT NULL
);

CREATE INDEX record_errors_page ON record_errors (connection_id, created_at, id);
CREATE INDEX record_errors_run ON record_errors (run_id);

CREATE TABLE webhook_endpoints (
	id            text PRIMARY KEY,
	workspace_id  text NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
	url           text NOT NULL,
	secret_sealed bytea,
	active        boolean NOT NULL,
	created_at    timestamptz NOT NULL
);

CREATE INDEX webhook_endpoints_workspace ON webhook_endpoints (workspace_id, created_at, id);

-- One delivery per endpoint and event, whatever enqueues it twice.
CREATE TABLE webhook_deliveries (
	id              text PRIMARY KEY,
	endpoint_id     text NOT NULL REFERENCES webhook_endpoints (id) ON DELETE CASCADE,
	workspace_id    text NOT NULL,
	event_id        bigint NOT NULL REFERENCES events (id) ON DELETE CASCADE,
	status          text NOT NULL,
	attempts        integer NOT NULL,
	last_status     integer NOT NULL,
	last_error      text NOT NULL,
	next_attempt_at timestamptz NOT NULL,
	created_at      timestamptz NOT NULL,
	updated_at      timestamptz NOT NULL,
	UNIQUE (endpoint_id, event_id)
);

CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt_at, event_id, id) WHERE status = 'pending';
CREATE INDEX webhook_deliveries_event ON webhook_deliveries (event_id);
