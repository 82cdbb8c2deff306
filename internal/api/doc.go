// Package api is sfbridge's HTTP JSON API, version 1: workspaces, API
// keys, connections and their OAuth lifecycle, the app schema (app
// types), object and field mappings checked against the org's describe,
// manual sync runs with their counts and record errors, the synced
// records and the host's writes to them, two-way sync's outbox and
// conflicts, the event feed, webhooks and their delivery log, health,
// Prometheus metrics and the OpenAPI document that describes it all.
//
// # Syncing
//
// A manual sync (POST .../connections/{id}/sync) runs the engine in the
// request and holds the connection's run lock ([Config.Locker], the
// scheduler's), so it never overlaps a scheduled run: a second one
// answers 409 conflict. Routes whose component is not configured (no
// engine, no sealer for webhook secrets) answer 503 unavailable.
//
// # Two-way sync
//
// The host writes its records through POST, PATCH and DELETE on
// .../records/{type} and POST .../records:batch (all or none), checked
// against the app type. A write folds an entry into the outbox of every
// connection that maps the type with create_direction or
// update_direction both; the connection's write_enabled switch lets the
// push (after the inbound runs of a manual or scheduled sync) write them.
// Failed entries wait in the outbox until retried, or linked to an
// existing Salesforce record; conflicts are decided by the connection's
// conflict_policy and listed. Creating an External ID field is the one
// route that changes the org's schema, so it runs only when called; its
// 409 (the connected user cannot edit the new field) leaves the field
// created in Salesforce, with the message saying how to finish.
//
// # Authentication
//
// Every /v1 route but the OAuth callback and the OpenAPI document needs
// "Authorization: Bearer <key>". The admin key (configured, compared by
// hash in constant time) acts for the host product on every workspace.
// A workspace key, created by the admin and shaped sfb_<prefix>_<secret>,
// acts only on its own workspace: on any other workspace's URL it gets
// 404 not_found, exactly as if the workspace did not exist, so ids do
// not leak across tenants. Only the SHA-256 of a key is stored; the
// prefix finds its row.
//
// # Errors
//
// Every JSON error has one shape:
//
//	{"error": {"code": "not_found", "message": "...", "request_id": "..."}}
//
// The codes are stable (see the Code constants); the message says what
// to do. A 4xx answer never changes sfbridge's state.
//
// # Pagination
//
// Lists take ?limit (1 to 200, default 50) and ?after, and answer
// {"data": [...], "next_cursor": "..."}; next_cursor is absent on the
// last page.
package api
