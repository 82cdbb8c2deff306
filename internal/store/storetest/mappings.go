package storetest

import (
	"strings"
	"testing"
	"time"

	"github.com/sfbridge/sfbridge/internal/store"
)

var fieldMappingTests = []test{
	{"CreateListDelete", func(t *testing.T, s store.Store) {
		w := newWorkspace(t, s)
		c, other := newConnection(t, s, w.ID), newConnection(t, s, w.ID)
		var want []store.FieldMapping
		for i, id := range []string{"map_b", "map_a", ""} {
			m, err := s.CreateFieldMapping(t.Context(), store.FieldMapping{ID: id, ConnectionID: c.ID, Object: "Contact",
				SFField: "Email", AppField: "email", Direction: "both", CreatedAt: exact.Add(time.Duration(i/2) * time.Second)})
			noErr(t, "CreateFieldMapping", err)
			want = append(want, m)
		}
		if !strings.HasPrefix(want[2].ID, "map_") {
			t.Errorf("ID = %q, want a map_ prefix", want[2].ID)
		}
		equal(t, "CreatedAt", want[0].CreatedAt, at)
		_, err := s.CreateFieldMapping(t.Context(), store.FieldMapping{ConnectionID: other.ID, Object: "Account", SFField: "Name", AppField: "name", Direction: "inbound"})
		noErr(t, "CreateFieldMapping", err)

		got, err := s.ListFieldMappings(t.Context(), c.ID)
		noErr(t, "ListFieldMappings", err)
		equal(t, "ListFieldMappings", got, []store.FieldMapping{want[1], want[0], want[2]})

		n, err := s.DeleteFieldMappings(t.Context(), c.ID)
		noErr(t, "DeleteFieldMappings", err)
		if n != 3 {
			t.Errorf("DeleteFieldMappings = %d, want 3", n)
		}
		got, err = s.ListFieldMappings(t.Context(), c.ID)
		noErr(t, "ListFieldMappings", err)
		if got == nil || len(got) != 0 {
			t.Errorf("after delete: %#v, want an empty non-nil slice", got)
		}
		n, err = s.DeleteFieldMappings(t.Context(), c.ID)
		noErr(t, "DeleteFieldMappings again", err)
		if n != 0 {
			t.Errorf("DeleteFieldMappings again = %d, want 0", n)
		}
		got, err = s.ListFieldMappings(t.Context(), other.ID)
		noErr(t, "ListFieldMappings", err)
		if len(got) != 1 {
			t.Errorf("the other connection has %d mappings, want 1 kept", len(got))
		}
	}},
	{"UnknownConnection", func(t *testing.T, s store.Store) {
		_, err := s.CreateFieldMapping(t.Context(), store.FieldMapping{ConnectionID: "conn_missing", Object: "Contact"})
		isErr(t, "CreateFieldMapping", err, store.ErrNotFound)
		got, err := s.ListFieldMappings(t.Context(), "conn_missing")
		noErr(t, "ListFieldMappings", err)
		if got == nil || len(got) != 0 {
			t.Errorf("ListFieldMappings = %#v, want an empty non-nil slice", got)
		}
	}},
	{"DuplicateID", func(t *testing.T, s store.Store) {
		w := newWorkspace(t, s)
		c := newConnection(t, s, w.ID)
		m := store.FieldMapping{ID: "map_x", ConnectionID: c.ID, Object: "Contact"}
		_, err := s.CreateFieldMapping(t.Context(), m)
		noErr(t, "CreateFieldMapping", err)
		_, err = s.CreateFieldMapping(t.Context(), m)
		isErr(t, "same id", err, store.ErrDuplicate)
	}},
}
