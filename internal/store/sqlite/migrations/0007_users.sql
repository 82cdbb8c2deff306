-- The host's users and, per connection, the Salesforce user each active
-- one matched by email (issue 8: sync users).

CREATE TABLE app_users (
	workspace_id TEXT NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
	id           TEXT NOT NULL,
	email        TEXT NOT NULL,
	name         TEXT NOT NULL,
	status       TEXT NOT NULL,
	created_at   INTEGER NOT NULL,
	updated_at   INTEGER NOT NULL,
	PRIMARY KEY (workspace_id, id)
) STRICT;

CREATE INDEX app_users_created ON app_users (workspace_id, created_at, id);

-- workspace_id is the connection's, so the foreign key keeps a mapping
-- inside its workspace.
CREATE TABLE user_mappings (
	workspace_id       TEXT NOT NULL,
	connection_id      TEXT NOT NULL REFERENCES connections (id) ON DELETE CASCADE,
	app_user_id        TEXT NOT NULL,
	salesforce_user_id TEXT NOT NULL,
	email              TEXT NOT NULL,
	matched_at         INTEGER NOT NULL,
	PRIMARY KEY (connection_id, app_user_id),
	FOREIGN KEY (workspace_id, app_user_id) REFERENCES app_users (workspace_id, id) ON DELETE CASCADE
) STRICT;

CREATE INDEX user_mappings_app_user ON user_mappings (workspace_id, app_user_id);
