// Package sqlite is the embedded [store.Store]: one SQLite file through the
// pure-Go driver modernc.org/sqlite, so the binary needs no cgo.
//
// The file runs in WAL mode with synchronous=NORMAL, foreign keys on and a
// busy timeout. Writes go through a pool of exactly one connection, which
// serialises them inside the process (no SQLITE_BUSY between our own
// writers, and ConsumeOAuthState and UpdateConnection are atomic); reads
// go through a separate pool of query-only connections that WAL lets run
// beside the writer.
//
// Times are stored as INTEGER microseconds since the Unix epoch and come
// back in UTC; finer precision is dropped on write. Ids the caller leaves
// empty are generated ("ws_", "key_", "conn_", "map_", "rec_", "run_",
// "rerr_", "wh_", "dlv_", "cfl_" and 26 random base32 characters); zero
// timestamps are set from the store's clock. JSON (app types' fields,
// record fields, links' bases, outbox changes, create intents, conflict
// values, event data) is TEXT.
//
// The schema lives in migrations/NNNN_name.sql, embedded and applied in
// order by [Store.Migrate], which records each version in
// schema_migrations; Open runs it.
package sqlite
