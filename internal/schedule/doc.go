// Package schedule runs inbound syncs in the background: every interval
// it walks the workspaces and their connections and, for each connection
// whose status is synced, runs each enabled object mapping through the
// sync engine, one connection at a time.
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
