package storetest

import (
	"strings"
	"testing"
	"time"

	"github.com/sfbridge/sfbridge/internal/store"
)

// exclusionTests cover exclusion rules, lead statuses and dispositions.
var exclusionTests = []test{
	{"RuleRoundTrip", func(t *testing.T, s store.Store) {
		w := newWorkspace(t, s)
		c, other := newConnection(t, s, w.ID), newConnection(t, s, w.ID)
		r, err := s.CreateExclusionRule(t.Context(), store.ExclusionRule{ConnectionID: c.ID, Kind: store.ExclusionLeadStatus,
			Name: "Working leads", Values: []string{"Working - Contacted", "Nurture"}, CreatedAt: exact})
		noErr(t, "CreateExclusionRule", err)
		if !strings.HasPrefix(r.ID, "exr_") {
			t.Errorf("ID = %q, want an exr_ prefix", r.ID)
		}
		anyContact, err := s.CreateExclusionRule(t.Context(), store.ExclusionRule{ConnectionID: c.ID, Kind: store.ExclusionAnyContact,
			Values: []string{}, CreatedAt: exact.Add(time.Second)})
		noErr(t, "CreateExclusionRule", err)
		fresh, err := s.CreateExclusionRule(t.Context(), store.ExclusionRule{ConnectionID: other.ID, Kind: store.ExclusionOpenOpportunity})
		noErr(t, "CreateExclusionRule", err)
		recent(t, "CreatedAt", fresh.CreatedAt)

		want := []store.ExclusionRule{
			{ID: r.ID, ConnectionID: c.ID, Kind: store.ExclusionLeadStatus, Name: "Working leads",
				Values: []string{"Working - Contacted", "Nurture"}, CreatedAt: at},
			{ID: anyContact.ID, ConnectionID: c.ID, Kind: store.ExclusionAnyContact, CreatedAt: at.Add(time.Second)},
		}
		got, err := s.ListExclusionRules(t.Context(), c.ID)
		noErr(t, "ListExclusionRules", err)
		equal(t, "ListExclusionRules", got, want)
		one, err := s.GetExclusionRule(t.Context(), c.ID, r.ID)
		noErr(t, "GetExclusionRule", err)
		equal(t, "GetExclusionRule", one, want[0])

		_, err = s.GetExclusionRule(t.Context(), other.ID, r.ID)
		isErr(t, "a rule of another connection", err, store.ErrNotFound)
		isErr(t, "deleting a rule of another connection", s.DeleteExclusionRule(t.Context(), other.ID, r.ID), store.ErrNotFound)
		noErr(t, "DeleteExclusionRule", s.DeleteExclusionRule(t.Context(), c.ID, r.ID))
		isErr(t, "deleting it again", s.DeleteExclusionRule(t.Context(), c.ID, r.ID), store.ErrNotFound)
		got, err = s.ListExclusionRules(t.Context(), c.ID)
		noErr(t, "ListExclusionRules", err)
		equal(t, "after delete", got, want[1:])

		got, err = s.ListExclusionRules(t.Context(), "conn_missing")
		noErr(t, "ListExclusionRules", err)
		if got == nil || len(got) != 0 {
			t.Errorf("ListExclusionRules of an unknown connection = %#v, want an empty non-nil slice", got)
		}
	}},
	{"RuleRefused", func(t *testing.T, s store.Store) {
		w := newWorkspace(t, s)
		c := newConnection(t, s, w.ID)
		for name, r := range map[string]store.ExclusionRule{
			"unknown kind":     {Kind: "everyone"},
			"missing values":   {Kind: store.ExclusionAccountType},
			"values not taken": {Kind: store.ExclusionOpenOpportunity, Values: []string{"x"}},
			"empty value":      {Kind: store.ExclusionOwner, Values: []string{" "}},
			"duplicate value":  {Kind: store.ExclusionAccountType, Values: []string{"Customer", "customer"}},
			"over-long value":  {Kind: store.ExclusionAccountType, Values: []string{strings.Repeat("x", 256)}},
		} {
			r.ConnectionID = c.ID
			_, err := s.CreateExclusionRule(t.Context(), r)
			isErr(t, name, err, store.ErrInvalid)
		}
		_, err := s.CreateExclusionRule(t.Context(), store.ExclusionRule{ConnectionID: "conn_missing", Kind: store.ExclusionAnyContact})
		isErr(t, "unknown connection", err, store.ErrNotFound)
	}},
	{"LeadStatuses", func(t *testing.T, s store.Store) {
		w := newWorkspace(t, s)
		c, other := newConnection(t, s, w.ID), newConnection(t, s, w.ID)
		first := []store.LeadStatus{
			{Value: "Working", Label: "Working", SortOrder: 2, SalesforceID: "01J000000000002AAA", PulledAt: exact},
			{Value: "Open", Label: "Open", SortOrder: 1, Default: true, SalesforceID: "01J000000000001AAA", PulledAt: exact},
			{Value: "Converted", Label: "Closed - Converted", SortOrder: 3, Converted: true, SalesforceID: "01J000000000003AAA", PulledAt: exact},
		}
		noErr(t, "ReplaceLeadStatuses", s.ReplaceLeadStatuses(t.Context(), c.ID, first))
		noErr(t, "ReplaceLeadStatuses", s.ReplaceLeadStatuses(t.Context(), other.ID, first[:1]))
		got, err := s.ListLeadStatuses(t.Context(), c.ID)
		noErr(t, "ListLeadStatuses", err)
		equal(t, "ListLeadStatuses", got, []store.LeadStatus{
			{ConnectionID: c.ID, Value: "Open", Label: "Open", SortOrder: 1, Default: true, SalesforceID: "01J000000000001AAA", PulledAt: at},
			{ConnectionID: c.ID, Value: "Working", Label: "Working", SortOrder: 2, SalesforceID: "01J000000000002AAA", PulledAt: at},
			{ConnectionID: c.ID, Value: "Converted", Label: "Closed - Converted", SortOrder: 3, Converted: true, SalesforceID: "01J000000000003AAA", PulledAt: at},
		})

		// A second pull replaces the list; a status gone from it goes.
		noErr(t, "ReplaceLeadStatuses", s.ReplaceLeadStatuses(t.Context(), c.ID, []store.LeadStatus{{Value: "Open", Label: "Open (new)", SortOrder: 1}}))
		got, err = s.ListLeadStatuses(t.Context(), c.ID)
		noErr(t, "ListLeadStatuses", err)
		if len(got) != 1 || got[0].Label != "Open (new)" {
			t.Fatalf("after a second pull: %+v", got)
		}
		recent(t, "PulledAt", got[0].PulledAt)
		got, err = s.ListLeadStatuses(t.Context(), other.ID)
		noErr(t, "ListLeadStatuses", err)
		equal(t, "the other connection's statuses", len(got), 1)

		isErr(t, "duplicate value", s.ReplaceLeadStatuses(t.Context(), c.ID, []store.LeadStatus{{Value: "A"}, {Value: "A"}}), store.ErrDuplicate)
		got, err = s.ListLeadStatuses(t.Context(), c.ID)
		noErr(t, "ListLeadStatuses", err)
		equal(t, "a failed replacement changes nothing", len(got), 1)
		isErr(t, "empty value", s.ReplaceLeadStatuses(t.Context(), c.ID, []store.LeadStatus{{Label: "x"}}), store.ErrInvalid)
		isErr(t, "unknown connection", s.ReplaceLeadStatuses(t.Context(), "conn_missing", nil), store.ErrNotFound)
		noErr(t, "ReplaceLeadStatuses with none", s.ReplaceLeadStatuses(t.Context(), c.ID, nil))
		got, err = s.ListLeadStatuses(t.Context(), c.ID)
		noErr(t, "ListLeadStatuses", err)
		if got == nil || len(got) != 0 {
			t.Errorf("ListLeadStatuses after replacing with none = %#v, want an empty non-nil slice", got)
		}
	}},
	{"Dispositions", func(t *testing.T, s store.Store) {
		w := newWorkspace(t, s)
		c := newConnection(t, s, w.ID)
		got, err := s.ListDispositions(t.Context(), c.ID)
		noErr(t, "ListDispositions", err)
		if got == nil || len(got) != 0 {
			t.Errorf("ListDispositions before any = %#v, want an empty non-nil slice", got)
		}
		put, err := s.PutDispositions(t.Context(), c.ID, []store.Disposition{
			{Name: "Zebra", Status: "Working", UpdatedAt: exact},
			{Name: "Apple", Status: "Working", UpdatedAt: exact},
			{Name: "Callback", UpdatedAt: exact},
		})
		noErr(t, "PutDispositions", err)
		want := []store.Disposition{
			{ConnectionID: c.ID, Name: "Zebra", Status: "Working", Position: 0, UpdatedAt: at},
			{ConnectionID: c.ID, Name: "Apple", Status: "Working", Position: 1, UpdatedAt: at},
			{ConnectionID: c.ID, Name: "Callback", Position: 2, UpdatedAt: at},
		}
		equal(t, "PutDispositions", put, want)
		got, err = s.ListDispositions(t.Context(), c.ID)
		noErr(t, "ListDispositions", err)
		equal(t, "ListDispositions keeps the order put", got, want)

		_, err = s.PutDispositions(t.Context(), c.ID, []store.Disposition{{Name: "A"}, {Name: "A"}})
		isErr(t, "duplicate name", err, store.ErrDuplicate)
		_, err = s.PutDispositions(t.Context(), c.ID, []store.Disposition{{Status: "Working"}})
		isErr(t, "empty name", err, store.ErrInvalid)
		got, err = s.ListDispositions(t.Context(), c.ID)
		noErr(t, "ListDispositions", err)
		equal(t, "failed puts change nothing", got, want)
		_, err = s.PutDispositions(t.Context(), "conn_missing", nil)
		isErr(t, "unknown connection", err, store.ErrNotFound)

		put, err = s.PutDispositions(t.Context(), c.ID, []store.Disposition{{Name: "Only", Status: "Open"}})
		noErr(t, "PutDispositions", err)
		recent(t, "UpdatedAt", put[0].UpdatedAt)
		got, err = s.ListDispositions(t.Context(), c.ID)
		noErr(t, "ListDispositions", err)
		equal(t, "replaced", len(got), 1)
	}},
}
