package storetest

import (
	"strings"
	"testing"
	"time"

	"github.com/sfbridge/sfbridge/internal/store"
)

// fieldMappingReplaceTests cover ReplaceFieldMappings: one object's
// mappings replaced in one transaction, the others left alone.
var fieldMappingReplaceTests = []test{
	{"ReplacesOneObject", func(t *testing.T, s store.Store) {
		w := newWorkspace(t, s)
		c, other := newConnection(t, s, w.ID), newConnection(t, s, w.ID)
		before := seedFieldMappings(t, s, c.ID)
		otherMs := seedFieldMappings(t, s, other.ID)

		kept := before[0] // Contact.Email, kept with its id and time
		kept.CreatedAt = exact
		ms := []store.FieldMapping{kept}
		for _, f := range []string{"Phone", "MobilePhone", "Fax", "HomePhone", "OtherPhone", "AssistantPhone"} {
			ms = append(ms, store.FieldMapping{ConnectionID: c.ID, Object: "Contact", SFField: f, AppField: strings.ToLower(f), Direction: "outbound"})
		}
		got, err := s.ReplaceFieldMappings(t.Context(), c.ID, "Contact", ms)
		noErr(t, "ReplaceFieldMappings", err)
		if len(got) != len(ms) {
			t.Fatalf("ReplaceFieldMappings returned %d mappings, want %d", len(got), len(ms))
		}
		kept.CreatedAt = at
		equal(t, "the kept mapping", got[0], kept)
		for i, m := range got[1:] {
			if !strings.HasPrefix(m.ID, "map_") {
				t.Errorf("ID = %q, want a map_ prefix", m.ID)
			}
			recent(t, "CreatedAt", m.CreatedAt)
			want := ms[i+1]
			want.ID, want.CreatedAt = m.ID, m.CreatedAt
			equal(t, "a new mapping", m, want)
		}

		// Contact.LastName and contact.Title went (objects match ignoring
		// case); Account.Name stayed as it was. The new mappings are
		// listed in the order given.
		list, err := s.ListFieldMappings(t.Context(), c.ID)
		noErr(t, "ListFieldMappings", err)
		equal(t, "ListFieldMappings", list, append([]store.FieldMapping{got[0], before[3]}, got[1:]...))
		list, err = s.ListFieldMappings(t.Context(), other.ID)
		noErr(t, "ListFieldMappings of the other connection", err)
		equal(t, "the other connection's mappings", list, otherMs)
	}},
	{"Empty", func(t *testing.T, s store.Store) {
		w := newWorkspace(t, s)
		c := newConnection(t, s, w.ID)
		before := seedFieldMappings(t, s, c.ID)
		for _, ms := range [][]store.FieldMapping{nil, {}} {
			got, err := s.ReplaceFieldMappings(t.Context(), c.ID, "CONTACT", ms)
			noErr(t, "ReplaceFieldMappings", err)
			if got == nil || len(got) != 0 {
				t.Errorf("ReplaceFieldMappings = %#v, want an empty non-nil slice", got)
			}
			list, err := s.ListFieldMappings(t.Context(), c.ID)
			noErr(t, "ListFieldMappings", err)
			equal(t, "after removing Contact's mappings", list, before[3:])
		}
	}},
	{"Refused", func(t *testing.T, s store.Store) {
		w := newWorkspace(t, s)
		c, other := newConnection(t, s, w.ID), newConnection(t, s, w.ID)
		before := seedFieldMappings(t, s, c.ID)
		// fm is a valid Contact mapping on c, changed by edit.
		fm := func(edit func(m *store.FieldMapping)) store.FieldMapping {
			m := store.FieldMapping{ConnectionID: c.ID, Object: "Contact", SFField: "Phone", AppField: "phone", Direction: "both"}
			edit(&m)
			return m
		}
		keep := func(*store.FieldMapping) {}
		for _, tc := range []struct {
			name   string
			object string
			ms     []store.FieldMapping
			want   error
		}{
			{"another object", "Contact",
				[]store.FieldMapping{fm(keep), fm(func(m *store.FieldMapping) { m.Object = "Account" })}, store.ErrInvalid},
			{"another connection", "Contact",
				[]store.FieldMapping{fm(keep), fm(func(m *store.FieldMapping) { m.ConnectionID = other.ID })}, store.ErrInvalid},
			{"no connection", "Contact",
				[]store.FieldMapping{fm(keep), fm(func(m *store.FieldMapping) { m.ConnectionID = "" })}, store.ErrInvalid},
			{"no object", "", []store.FieldMapping{fm(func(m *store.FieldMapping) { m.Object = "" })}, store.ErrInvalid},
			{"no object, no mappings", "", nil, store.ErrInvalid},
			// Refused by the database after the delete: the transaction
			// must undo it.
			{"the id of another object's mapping", "Contact",
				[]store.FieldMapping{fm(keep), fm(func(m *store.FieldMapping) { m.ID = before[3].ID })}, store.ErrDuplicate},
			{"one id twice", "Contact", []store.FieldMapping{
				fm(func(m *store.FieldMapping) { m.ID = "map_twice" }),
				fm(func(m *store.FieldMapping) { m.ID, m.SFField, m.AppField = "map_twice", "Fax", "fax" }),
			}, store.ErrDuplicate},
		} {
			_, err := s.ReplaceFieldMappings(t.Context(), c.ID, tc.object, tc.ms)
			isErr(t, tc.name, err, tc.want)
			list, err := s.ListFieldMappings(t.Context(), c.ID)
			noErr(t, "ListFieldMappings", err)
			equal(t, "after "+tc.name, list, before)
		}
	}},
	{"UnknownConnection", func(t *testing.T, s store.Store) {
		_, err := s.ReplaceFieldMappings(t.Context(), "conn_missing", "Contact", nil)
		isErr(t, "no mappings", err, store.ErrNotFound)
		_, err = s.ReplaceFieldMappings(t.Context(), "conn_missing", "Contact", []store.FieldMapping{
			{ConnectionID: "conn_missing", Object: "Contact", SFField: "Email", AppField: "email", Direction: "both"}})
		isErr(t, "a mapping", err, store.ErrNotFound)
	}},
}

// seedFieldMappings stores four mappings on connectionID, in list
// order: Contact.Email, Contact.LastName, contact.Title (the object
// spelt otherwise) and Account.Name.
func seedFieldMappings(t *testing.T, s store.Store, connectionID string) []store.FieldMapping {
	t.Helper()
	var out []store.FieldMapping
	for i, m := range []store.FieldMapping{
		{Object: "Contact", SFField: "Email", AppField: "email", Direction: "both"},
		{Object: "Contact", SFField: "LastName", AppField: "last_name", Direction: "inbound"},
		{Object: "contact", SFField: "Title", AppField: "title", Direction: "inbound"},
		{Object: "Account", SFField: "Name", AppField: "name", Direction: "both"},
	} {
		m.ConnectionID, m.CreatedAt = connectionID, exact.Add(time.Duration(i)*time.Second)
		m, err := s.CreateFieldMapping(t.Context(), m)
		noErr(t, "CreateFieldMapping", err)
		out = append(out, m)
	}
	return out
}
