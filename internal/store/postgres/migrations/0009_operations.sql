-- One-time operations (push all, pull all, full resync, ...): durable,
-- with their progress, so a runner that stops midway leaves them to be
-- resumed.

CREATE TABLE operations (
	id               text PRIMARY KEY,
	workspace_id     text NOT NULL,
	connection_id    text NOT NULL,
	kind             text NOT NULL,
	status           text NOT NULL,
	step             text NOT NULL,
	done             bigint NOT NULL,
	total            bigint NOT NULL,
	api_calls        bigint NOT NULL,
	estimated_calls  bigint NOT NULL,
	result           jsonb,
	error            text NOT NULL,
	cancel_requested boolean NOT NULL,
	attempt          integer NOT NULL,
	heartbeat        timestamptz,
	created_at       timestamptz NOT NULL,
	started_at       timestamptz,
	finished_at      timestamptz,
	FOREIGN KEY (workspace_id, connection_id)
		REFERENCES connections (workspace_id, id) ON DELETE CASCADE
);

CREATE INDEX operations_page ON operations (connection_id, created_at, id);
-- What runners look for: queued operations, and running ones whose
-- heartbeat stopped.
CREATE INDEX operations_runnable ON operations (status, created_at)
	WHERE status IN ('queued', 'running');
