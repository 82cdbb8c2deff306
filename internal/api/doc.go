// Package api is sfbridge's HTTP JSON API, version 1: workspaces, API
// keys, connections and their OAuth lifecycle, the event feed, health,
// Prometheus metrics and the OpenAPI document that describes it all.
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
