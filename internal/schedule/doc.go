// Package schedule runs inbound syncs in the background: every interval
// it walks the workspaces and their connections and, for each connection
// whose status is synced, runs each enabled object mapping through the
// sync engine, one connection at a time.
//
// A connection may have a sync interval of its own
// (store.Connection.SyncInterval). It is synced when that interval has
// passed since its last sync finished, at a full pass or at a pass the
// scheduler makes between full ones for the purpose; a connection
// without one is synced on every full pass, every Config.Interval. When
// each connection last finished is kept in memory only, so after a
// restart every synced connection is due and is synced once at the
// first pass, then keeps its interval from there.
//
// A connection never has two runs at once. The scheduler takes a
// per-connection lock ([Scheduler.TryLock]) around its runs, and the API
// takes the same lock for a manual trigger, so a manual sync and a
// scheduled one of the same connection cannot overlap: whoever comes
// second skips (the scheduler) or is refused (the API).
//
// Failures are logged with the workspace, connection, object and run
// ids and the engine's error, which carries Salesforce's message but
// never a token or secret; they do not stop the other connections.
package schedule
