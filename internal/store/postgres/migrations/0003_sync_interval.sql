-- A connection's own inbound sync interval, in milliseconds (as in the
-- SQLite store); 0 means the scheduler's default interval.
ALTER TABLE connections ADD COLUMN sync_interval_ms bigint NOT NULL DEFAULT 0 CHECK (sync_interval_ms >= 0);
