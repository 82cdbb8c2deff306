// Package store holds sfbridge's domain types and the [Store] interface
// behind which all persistent state lives: workspaces, API keys,
// connections with their sealed tokens, OAuth states, field mappings,
// record links, cursors and the event feed, and the sync engine's state:
// app types, object mappings, app records with pending references, runs,
// record errors and webhook endpoints and deliveries.
//
// Two implementations share one conformance suite (package storetest):
// sqlite (pure Go, WAL, one writer connection; the embedded default) and
// postgres (pgx), each with its own embedded migrations.
package store
