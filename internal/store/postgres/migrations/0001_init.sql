-- Times are timestamptz (microsecond precision). Sealed secrets are
-- bytea, NULL when absent. Optional references are NULL.

CREATE TABLE workspaces (
	id           text PRIMARY KEY,
	external_key text NOT NULL UNIQUE,
	name         text NOT NULL,
	created_at   timestamptz NOT NULL,
	updated_at   timestamptz NOT NULL
);

CREATE INDEX workspaces_page ON workspaces (created_at, id);

CREATE TABLE api_keys (
	id           text PRIMARY KEY,
	workspace_id text REFERENCES workspaces (id) ON DELETE CASCADE,
	name         text NOT NULL,
	prefix       text NOT NULL UNIQUE,
	hash         bytea,
	created_at   timestamptz NOT NULL,
	revoked_at   timestamptz
);

CREATE INDEX api_keys_workspace ON api_keys (workspace_id);

CREATE TABLE connections (
	id                   text PRIMARY KEY,
	workspace_id         text NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
	name                 text NOT NULL,
	capability           text NOT NULL,
	environment          text NOT NULL,
	login_url            text NOT NULL,
	pull_by              text NOT NULL,
	client_id            text NOT NULL,
	client_secret_sealed bytea,
	status               text NOT NULL,
	status_reason        text NOT NULL,
	status_message       text NOT NULL,
	status_at            timestamptz NOT NULL,
	org_id               text NOT NULL,
	user_id              text NOT NULL,
	username             text NOT NULL,
	instance_url         text NOT NULL,
	access_token_sealed  bytea,
	refresh_token_sealed bytea,
	connected_at         timestamptz,
	disconnected_at      timestamptz,
	created_at           timestamptz NOT NULL,
	updated_at           timestamptz NOT NULL,
	version              bigint NOT NULL,
	UNIQUE (workspace_id, name),
	-- The target of the (workspace_id, connection_id) references below,
	-- which keep a row from pointing at another workspace's connection.
	UNIQUE (workspace_id, id)
);

CREATE INDEX connections_page ON connections (workspace_id, created_at, id);

CREATE TABLE oauth_states (
	state           text PRIMARY KEY,
	workspace_id    text NOT NULL,
	connection_id   text NOT NULL,
	verifier_sealed bytea,
	return_url      text NOT NULL,
	created_at      timestamptz NOT NULL,
	expires_at      timestamptz NOT NULL,
	consumed_at     timestamptz,
	FOREIGN KEY (workspace_id, connection_id)
		REFERENCES connections (workspace_id, id) ON DELETE CASCADE
);

CREATE INDEX oauth_states_connection ON oauth_states (workspace_id, connection_id);

CREATE TABLE field_mappings (
	id            text PRIMARY KEY,
	connection_id text NOT NULL REFERENCES connections (id) ON DELETE CASCADE,
	object        text NOT NULL,
	sf_field      text NOT NULL,
	app_field     text NOT NULL,
	direction     text NOT NULL,
	created_at    timestamptz NOT NULL
);

CREATE INDEX field_mappings_connection ON field_mappings (connection_id, created_at, id);

-- One app record and one Salesforce record per link, per object.
CREATE TABLE record_links (
	connection_id text NOT NULL REFERENCES connections (id) ON DELETE CASCADE,
	object        text NOT NULL,
	app_id        text NOT NULL,
	salesforce_id text NOT NULL,
	updated_at    timestamptz NOT NULL,
	PRIMARY KEY (connection_id, object, app_id),
	UNIQUE (connection_id, object, salesforce_id)
);

CREATE TABLE cursors (
	connection_id text NOT NULL REFERENCES connections (id) ON DELETE CASCADE,
	object        text NOT NULL,
	watermark     timestamptz NOT NULL,
	updated_at    timestamptz NOT NULL,
	PRIMARY KEY (connection_id, object)
);

-- Ids come from a sequence: increasing, never reused. AppendEvent holds a
-- per-workspace advisory lock from nextval to commit, so within a
-- workspace ids become visible in order and a reader paging by id never
-- skips an event that commits late.
CREATE TABLE events (
	id            bigserial PRIMARY KEY,
	workspace_id  text NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
	connection_id text,
	type          text NOT NULL,
	data          jsonb,
	created_at    timestamptz NOT NULL,
	FOREIGN KEY (workspace_id, connection_id)
		REFERENCES connections (workspace_id, id) ON DELETE CASCADE
);

CREATE INDEX events_page ON events (workspace_id, id);
