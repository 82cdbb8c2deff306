// Package storetest is the conformance suite of [store.Store]: every
// implementation runs [Exercise] from its own tests, so sqlite and postgres
// are held to one behaviour — ids and defaults, time precision, tenancy,
// the sentinel errors, pagination, upserts and atomic OAuth state use,
// and the sync engine's state: app types, object mappings, idempotent
// inbound apply with pending references, runs, record errors, webhook
// deliveries, and two-way sync: app writes, the outbox, create intents,
// push results and conflicts.
package storetest

import (
	"crypto/rand"
	"encoding/json"
	"reflect"
	"testing"
	"time"

	"github.com/sfbridge/sfbridge/internal/store"
)

// test is one conformance case, run on a fresh store.
type test struct {
	name string
	run  func(t *testing.T, s store.Store)
}

// Exercise runs the suite. open must return a store on a fresh, empty,
// migrated database and register its Close (and the database's removal)
// with t.Cleanup; it is called once per case, and cases run in parallel.
func Exercise(t *testing.T, open func(t *testing.T) store.Store) {
	t.Helper()
	groups := []struct {
		name  string
		tests []test
	}{
		{"Workspaces", workspaceTests},
		{"APIKeys", apiKeyTests},
		{"Connections", connectionTests},
		{"ConnectionDelete", connectionDeleteTests},
		{"OAuthStates", oauthStateTests},
		{"FieldMappings", fieldMappingTests},
		{"FieldMappingReplace", fieldMappingReplaceTests},
		{"RecordLinks", recordLinkTests},
		{"Cursors", cursorTests},
		{"Events", eventTests},
		{"Authorizations", authorizationTests},
		{"AppTypes", appTypeTests},
		{"ObjectMappings", objectMappingTests},
		{"Inbound", inboundTests},
		{"Runs", runTests},
		{"RecordErrors", recordErrorTests},
		{"Webhooks", webhookTests},
		{"AppWrites", appWriteTests},
		{"Outbox", outboxTests},
		{"OutboxDue", outboxDueTests},
		{"CompleteOutbound", completeOutboundTests},
		{"TwoWayInbound", twoWayInboundTests},
		{"Operations", operationTests},
		{"Exclusions", exclusionTests},
		{"Users", userTests},
	}
	for _, g := range groups {
		t.Run(g.name, func(t *testing.T) {
			t.Parallel()
			for _, tc := range g.tests {
				t.Run(tc.name, func(t *testing.T) {
					t.Parallel()
					tc.run(t, open(t))
				})
			}
		})
	}
}

// exact is a time with more than microsecond precision in a zone other
// than UTC; stores return it as at (UTC, microseconds).
var (
	exact = time.Date(2024, 3, 10, 14, 15, 16, 123456789, time.FixedZone("UTC+5", 5*3600))
	at    = time.Date(2024, 3, 10, 9, 15, 16, 123456000, time.UTC)
)

// ptr returns a pointer to v.
func ptr[T any](v T) *T { return &v }

// token returns a fresh random string, for unique keys and names.
func token() string { return rand.Text()[:12] }

// equal fails t unless got and want are deeply equal.
func equal[T any](t *testing.T, what string, got, want T) {
	t.Helper()
	if !reflect.DeepEqual(got, want) {
		t.Errorf("%s:\n got  %+v\n want %+v", what, got, want)
	}
}

// sameJSON fails t unless got and want hold the same JSON value (a store
// may reformat it: PostgreSQL jsonb does).
func sameJSON(t *testing.T, what string, got, want json.RawMessage) {
	t.Helper()
	if (got == nil) != (want == nil) {
		t.Errorf("%s: got %s, want %s", what, got, want)
		return
	}
	if got == nil {
		return
	}
	var g, w any
	if err := json.Unmarshal(got, &g); err != nil {
		t.Errorf("%s: got invalid JSON %s: %v", what, got, err)
		return
	}
	if err := json.Unmarshal(want, &w); err != nil {
		t.Fatalf("%s: bad test JSON %s: %v", what, want, err)
	}
	if !reflect.DeepEqual(g, w) {
		t.Errorf("%s: got %s, want %s", what, got, want)
	}
}

// recent fails t unless tm is a UTC time close to now: a store's own
// clock filled it.
func recent(t *testing.T, what string, tm time.Time) {
	t.Helper()
	if tm.Location() != time.UTC || time.Since(tm).Abs() > time.Minute {
		t.Errorf("%s = %v, want a UTC time close to now", what, tm)
	}
	if tm.Nanosecond()%1000 != 0 {
		t.Errorf("%s = %v, want microsecond precision", what, tm)
	}
}
