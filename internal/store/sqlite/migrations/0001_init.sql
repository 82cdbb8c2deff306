-- Times are INTEGER microseconds since the Unix epoch, UTC. Sealed
-- secrets are BLOBs, NULL when absent. Optional references are NULL.

CREATE TABLE workspaces (
	id           TEXT PRIMARY KEY,
	external_key TEXT NOT NULL UNIQUE,
	name         TEXT NOT NULL,
	created_at   INTEGER NOT NULL,
	updated_at   INTEGER NOT NULL
) STRICT;

CREATE INDEX workspaces_page ON workspaces (created_at, id);

CREATE TABLE api_keys (
	id           TEXT PRIMARY KEY,
	workspace_id TEXT REFERENCES workspaces (id) ON DELETE CASCADE,
	name         TEXT NOT NULL,
	prefix       TEXT NOT NULL UNIQUE,
	hash         BLOB,
	created_at   INTEGER NOT NULL,
	revoked_at   INTEGER
) STRICT;

CREATE INDEX api_keys_workspace ON api_keys (workspace_id);

CREATE TABLE connections (
	id                   TEXT PRIMARY KEY,
	workspace_id         TEXT NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
	name                 TEXT NOT NULL,
	capability           TEXT NOT NULL,
	environment          TEXT NOT NULL,
	login_url            TEXT NOT NULL,
	pull_by              TEXT NOT NULL,
	client_id            TEXT NOT NULL,
	client_secret_sealed BLOB,
	status               TEXT NOT NULL,
	status_reason        TEXT NOT NULL,
	status_message       TEXT NOT NULL,
	status_at            INTEGER NOT NULL,
	org_id               TEXT NOT NULL,
	user_id              TEXT NOT NULL,
	username             TEXT NOT NULL,
	instance_url         TEXT NOT NULL,
	access_token_sealed  BLOB,
	refresh_token_sealed BLOB,
	connected_at         INTEGER,
	disconnected_at      INTEGER,
	created_at           INTEGER NOT NULL,
	updated_at           INTEGER NOT NULL,
	version              INTEGER NOT NULL,
	UNIQUE (workspace_id, name),
	-- The target of the (workspace_id, connection_id) references below,
	-- which keep a row from pointing at another workspace's connection.
	UNIQUE (workspace_id, id)
) STRICT;

CREATE INDEX connections_page ON connections (workspace_id, created_at, id);

CREATE TABLE oauth_states (
	state           TEXT PRIMARY KEY,
	workspace_id    TEXT NOT NULL,
	connection_id   TEXT NOT NULL,
	verifier_sealed BLOB,
	return_url      TEXT NOT NULL,
	created_at      INTEGER NOT NULL,
	expires_at      INTEGER NOT NULL,
	consumed_at     INTEGER,
	FOREIGN KEY (workspace_id, connection_id)
		REFERENCES connections (workspace_id, id) ON DELETE CASCADE
) STRICT;

CREATE INDEX oauth_states_connection ON oauth_states (workspace_id, connection_id);

CREATE TABLE field_mappings (
	id            TEXT PRIMARY KEY,
	connection_id TEXT NOT NULL REFERENCES connections (id) ON DELETE CASCADE,
	object        TEXT NOT NULL,
	sf_field      TEXT NOT NULL,
	app_field     TEXT NOT NULL,
	direction     TEXT NOT NULL,
	created_at    INTEGER NOT NULL
) STRICT;

CREATE INDEX field_mappings_connection ON field_mappings (connection_id, created_at, id);

-- One app record and one Salesforce record per link, per object.
CREATE TABLE record_links (
	connection_id TEXT NOT NULL REFERENCES connections (id) ON DELETE CASCADE,
	object        TEXT NOT NULL,
	app_id        TEXT NOT NULL,
	salesforce_id TEXT NOT NULL,
	updated_at    INTEGER NOT NULL,
	PRIMARY KEY (connection_id, object, app_id),
	UNIQUE (connection_id, object, salesforce_id)
) STRICT;

CREATE TABLE cursors (
	connection_id TEXT NOT NULL REFERENCES connections (id) ON DELETE CASCADE,
	object        TEXT NOT NULL,
	watermark     INTEGER NOT NULL,
	updated_at    INTEGER NOT NULL,
	PRIMARY KEY (connection_id, object)
) STRICT;

-- AUTOINCREMENT: an event id is never reused, even after the newest row
-- is deleted, so a feed reader's position stays valid.
CREATE TABLE events (
	id            INTEGER PRIMARY KEY AUTOINCREMENT,
	workspace_id  TEXT NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
	connection_id TEXT,
	type          TEXT NOT NULL,
	data          TEXT,
	created_at    INTEGER NOT NULL,
	FOREIGN KEY (workspace_id, connection_id)
		REFERENCES connections (workspace_id, id) ON DELETE CASCADE
) STRICT;

CREATE INDEX events_page ON events (workspace_id, id);
