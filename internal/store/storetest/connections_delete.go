package storetest

import (
	"testing"

	"github.com/sfbridge/sfbridge/internal/store"
)

// connectionDeleteTests check DeleteConnection: what goes, what stays.
var connectionDeleteTests = []test{
	{"DeleteConnectionRemovesItsStateKeepsEvents", func(t *testing.T, s store.Store) {
		ctx := t.Context()
		w := newWorkspace(t, s)
		c := newConnection(t, s, w.ID)
		other := newConnection(t, s, w.ID)
		for _, id := range []string{c.ID, other.ID} {
			_, err := s.CreateFieldMapping(ctx, store.FieldMapping{ConnectionID: id, Object: "Contact", SFField: "Email", AppField: "email"})
			noErr(t, "CreateFieldMapping", err)
		}
		ev, err := s.AppendEvent(ctx, store.Event{WorkspaceID: w.ID, ConnectionID: c.ID, Type: "connection.connected"})
		noErr(t, "AppendEvent", err)

		// Another workspace cannot delete it.
		w2 := newWorkspace(t, s)
		isErr(t, "DeleteConnection from another workspace", s.DeleteConnection(ctx, w2.ID, c.ID), store.ErrNotFound)

		noErr(t, "DeleteConnection", s.DeleteConnection(ctx, w.ID, c.ID))
		_, err = s.GetConnection(ctx, w.ID, c.ID)
		isErr(t, "GetConnection after delete", err, store.ErrNotFound)
		fms, err := s.ListFieldMappings(ctx, c.ID)
		noErr(t, "ListFieldMappings", err)
		if len(fms) != 0 {
			t.Errorf("field mappings of the deleted connection: %d, want 0", len(fms))
		}
		if fms, err = s.ListFieldMappings(ctx, other.ID); err != nil || len(fms) != 1 {
			t.Errorf("the other connection's mappings: %d %v, want 1", len(fms), err)
		}
		got, err := s.GetEvent(ctx, ev.ID)
		noErr(t, "GetEvent after delete", err)
		if got.ConnectionID != "" || got.Type != ev.Type {
			t.Errorf("event after delete: %+v, want it kept without a connection id", got)
		}
		isErr(t, "DeleteConnection again", s.DeleteConnection(ctx, w.ID, c.ID), store.ErrNotFound)
	}},
}
