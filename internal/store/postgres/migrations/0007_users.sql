-- The host's users and, per connection, the Salesforce user each active
-- one matched by email (issue 8: sync users).

CREATE TABLE app_users (
	workspace_id text NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
	id           text NOT NULL,
	email        text NOT NULL,
	name         text NOT NULL,
	status       text NOT NULL,
	created_at   timestamptz NOT NULL,
	updated_at   timestamptz NOT NULL,
	PRIMARY KEY (workspace_id, id)
);

-- id in byte order, as the store orders it (and as SQLite does).
CREATE INDEX app_users_created ON app_users (workspace_id, created_at, id COLLATE "C");

-- workspace_id is the connection's, so the foreign key keeps a mapping
-- inside its workspace.
CREATE TABLE user_mappings (
	workspace_id       text NOT NULL,
	connection_id      text NOT NULL REFERENCES connections (id) ON DELETE CASCADE,
	app_user_id        text NOT NULL,
	salesforce_user_id text NOT NULL,
	email              text NOT NULL,
	matched_at         timestamptz NOT NULL,
	PRIMARY KEY (connection_id, app_user_id),
	FOREIGN KEY (workspace_id, app_user_id) REFERENCES app_users (workspace_id, id) ON DELETE CASCADE
);

CREATE INDEX user_mappings_app_user ON user_mappings (workspace_id, app_user_id);
