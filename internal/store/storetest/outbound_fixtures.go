package storetest

import (
	"testing"
	"time"

	"github.com/sfbridge/sfbridge/internal/store"
)

// twoWay is a workspace with a connection whose Contact mapping (type
// contact) pushes email (both ways) and title (outbound); phone is
// inbound only.
type twoWay struct {
	s store.Store
	w store.Workspace
	c store.Connection
}

func newTwoWay(t *testing.T, s store.Store) twoWay {
	t.Helper()
	e := twoWay{s: s, w: newWorkspace(t, s)}
	e.c = newConnection(t, s, e.w.ID)
	mapContact(t, s, e.c.ID, "Contact")
	return e
}

// mapContact maps type contact on object of the connection, with the
// field mappings of twoWay.
func mapContact(t *testing.T, s store.Store, connectionID, object string) {
	t.Helper()
	_, err := s.PutObjectMapping(t.Context(), store.ObjectMapping{ConnectionID: connectionID, Object: object,
		AppType: "contact", Enabled: true, CreateDirection: store.DirectionBoth, UpdateDirection: store.DirectionBoth})
	noErr(t, "PutObjectMapping", err)
	for _, f := range []struct{ sf, app, dir string }{
		{"Email", "email", "both"}, {"Title", "title", "outbound"}, {"Phone", "phone", "inbound"},
	} {
		_, err := s.CreateFieldMapping(t.Context(), store.FieldMapping{ConnectionID: connectionID, Object: object,
			SFField: f.sf, AppField: f.app, Direction: f.dir})
		noErr(t, "CreateFieldMapping", err)
	}
}

// write applies writes at now and returns the records.
func (e twoWay) write(t *testing.T, now time.Time, writes ...store.AppWrite) []store.AppRecord {
	t.Helper()
	recs, err := e.s.WriteAppRecords(t.Context(), e.w.ID, writes, now)
	noErr(t, "WriteAppRecords", err)
	return recs
}

// create creates a contact of fields at now and returns its id.
func (e twoWay) create(t *testing.T, now time.Time, fields map[string]any) string {
	t.Helper()
	return e.write(t, now, store.AppWrite{Op: store.AppCreate, Type: "contact", Fields: fields})[0].ID
}

// entries lists the connection's outbox entries.
func (e twoWay) entries(t *testing.T, connectionID string) []store.OutboxEntry {
	t.Helper()
	p, err := e.s.ListOutbox(t.Context(), connectionID, store.OutboxFilter{}, store.ListParams{Limit: store.MaxLimit})
	noErr(t, "ListOutbox", err)
	return p.Items
}

// entry returns the only outbox entry of the connection.
func (e twoWay) entry(t *testing.T, connectionID string) store.OutboxEntry {
	t.Helper()
	all := e.entries(t, connectionID)
	if len(all) != 1 {
		t.Fatalf("outbox of %s = %+v, want one entry", connectionID, all)
	}
	return all[0]
}

// complete stores results at now.
func (e twoWay) complete(t *testing.T, runID string, now time.Time, results ...store.OutboundResult) {
	t.Helper()
	noErr(t, "CompleteOutbound", e.s.CompleteOutbound(t.Context(), e.w.ID, runID, results, now))
}

// link returns the link of app record id on Contact.
func (e twoWay) link(t *testing.T, id string) store.RecordLink {
	t.Helper()
	l, err := e.s.GetRecordLink(t.Context(), e.c.ID, "Contact", id)
	noErr(t, "GetRecordLink", err)
	return l
}

// changedAt is a Changed map of fields all changed at tm.
func changedAt(tm time.Time, fields ...string) map[string]time.Time {
	m := make(map[string]time.Time, len(fields))
	for _, f := range fields {
		m[f] = tm
	}
	return m
}
