// Package api is sfbridge's HTTP JSON API, version 1: workspaces, API
// keys, connections and their OAuth lifecycle, the app schema (app
// types), object and field mappings checked against the org's describe,
// manual sync runs with their counts and record errors, the synced
// records, the event feed, webhooks and their delivery log, health,
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
// to do. A 4xx answer never changes anything.
//
// # Pagination
//
// Lists take ?limit (1 to 200, default 50) and ?after, and answer
// {"data": [...], "next_cursor": "..."}; next_cursor is absent on the
// last page.
package api
