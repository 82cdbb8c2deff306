// Package postgres is the [store.Store] on PostgreSQL, through pgx and a
// pgxpool connection pool, for deployments that run several sfbridge
// processes on one database.
//
// Times are timestamptz (microsecond precision; finer is dropped on
// write) and come back in UTC; sealed secrets are bytea; Event.Data is
// jsonb, so it comes back as equivalent JSON, not byte for byte (key
// order and spacing may change). Ids the caller leaves empty are generated
// ("ws_", "key_", "conn_", "map_", "rec_", "run_", "rerr_", "wh_",
// "dlv_", "cfl_" and 26 random base32 characters); zero timestamps are
// set from the store's clock; event ids come from a sequence. Record
// fields, links' bases, outbox changes, create intents and conflict
// values are jsonb too. Text keys the store pages or orders by (outbox
// entries' object and app id) compare bytewise (COLLATE "C"), as in
// SQLite.
//
// The transactions that read and write a workspace's records and links
// (inbound batches, app writes, push results) hold the workspace's
// advisory lock, so they never merge over each other's changes.
//
// The schema lives in migrations/NNNN_name.sql, embedded and applied in
// order by [Store.Migrate] under an advisory lock (so processes starting
// together migrate once), each version recorded in schema_migrations.
// Tables go to the first schema of the connection's search_path, which a
// URL can set (search_path=name); Open runs Migrate.
package postgres
