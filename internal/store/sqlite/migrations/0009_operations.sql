-- One-time operations (push all, pull all, full resync, ...): durable,
-- with their progress, so a runner that stops midway leaves them to be
-- resumed. result is JSON (TEXT); times are microseconds since the epoch.

CREATE TABLE operations (
	id               TEXT PRIMARY KEY,
	workspace_id     TEXT NOT NULL,
	connection_id    TEXT NOT NULL,
	kind             TEXT NOT NULL,
	status           TEXT NOT NULL,
	step             TEXT NOT NULL,
	done             INTEGER NOT NULL,
	total            INTEGER NOT NULL,
	api_calls        INTEGER NOT NULL,
	estimated_calls  INTEGER NOT NULL,
	result           TEXT,
	error            TEXT NOT NULL,
	cancel_requested INTEGER NOT NULL,
	attempt          INTEGER NOT NULL,
	heartbeat        INTEGER,
	created_at       INTEGER NOT NULL,
	started_at       INTEGER,
	finished_at      INTEGER,
	FOREIGN KEY (workspace_id, connection_id)
		REFERENCES connections (workspace_id, id) ON DELETE CASCADE
) STRICT;

CREATE INDEX operations_page ON operations (connection_id, created_at, id);
-- What runners look for: queued operations, and running ones whose
-- heartbeat stopped.
CREATE INDEX operations_runnable ON operations (status, created_at)
	WHERE status IN ('queued', 'running');
