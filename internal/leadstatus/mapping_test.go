package leadstatus_test

import (
	"errors"
	"slices"
	"testing"

	"github.com/sfbridge/sfbridge/internal/leadstatus"
	"github.com/sfbridge/sfbridge/internal/store"
)

var statuses = []store.LeadStatus{
	{Value: "Open", SortOrder: 1, Default: true},
	{Value: "Working", SortOrder: 2},
	{Value: "Converted", SortOrder: 3, Converted: true},
}

func TestMapping(t *testing.T) {
	t.Parallel()
	m := leadstatus.NewMapping(statuses, []store.Disposition{
		{Name: "No answer", Status: "Working"},
		{Name: "Left voicemail", Status: "Working"},
		{Name: "Won", Status: "Converted"},
		{Name: "Do not call"},
		{Name: "Old", Status: "Retired"},
	})
	for _, tc := range []struct {
		disposition, status string
		ok                  bool
	}{
		{"no answer", "Working", true},
		{"Left voicemail", "Working", true},
		{"WON", "Converted", true},
		{"Do not call", "", false},
		{"Old", "", false},
		{"Unknown", "", false},
	} {
		if s, ok := m.ToSalesforce(tc.disposition); s != tc.status || ok != tc.ok {
			t.Errorf("ToSalesforce(%q) = %q, %v; want %q, %v", tc.disposition, s, ok, tc.status, tc.ok)
		}
	}
	for _, tc := range []struct {
		status, disposition string
		ok                  bool
	}{
		{"working", "No answer", true}, // the first of the two
		{"Converted", "Won", true},
		{"Open", "", false},
	} {
		if d, ok := m.ToApp(tc.status); d != tc.disposition || ok != tc.ok {
			t.Errorf("ToApp(%q) = %q, %v; want %q, %v", tc.status, d, ok, tc.disposition, tc.ok)
		}
	}
	wantUnmapped := []leadstatus.UnmappedDisposition{
		{Name: "Do not call", Reason: leadstatus.UnmappedNoStatus},
		{Name: "Old", Status: "Retired", Reason: leadstatus.UnmappedStatusGone},
	}
	if got := m.UnmappedDispositions(); !slices.Equal(got, wantUnmapped) {
		t.Errorf("UnmappedDispositions = %+v", got)
	}
	if got := m.UnmappedStatuses(); !slices.Equal(got, []string{"Open"}) {
		t.Errorf("UnmappedStatuses = %v", got)
	}

	identity := leadstatus.NewMapping(statuses, nil)
	if identity.Explicit || len(identity.Dispositions) != 3 || len(identity.UnmappedStatuses()) != 0 || len(identity.UnmappedDispositions()) != 0 {
		t.Errorf("identity mapping: %+v", identity)
	}
}

func TestCheckDispositions(t *testing.T) {
	t.Parallel()
	got, err := leadstatus.CheckDispositions(statuses, []store.Disposition{{Name: " Hot ", Status: "working"}, {Name: "Cold"}})
	if err != nil {
		t.Fatal(err)
	}
	if want := []store.Disposition{{Name: "Hot", Status: "Working"}, {Name: "Cold"}}; !slices.Equal(got, want) {
		t.Errorf("CheckDispositions = %+v, want %+v (trimmed, Salesforce's spelling)", got, want)
	}
	for name, tc := range map[string]struct {
		statuses []store.LeadStatus
		ds       []store.Disposition
		index    int
	}{
		"nothing pulled":   {nil, []store.Disposition{{Name: "A"}}, -1},
		"empty list":       {statuses, nil, -1},
		"empty name":       {statuses, []store.Disposition{{Name: "A"}, {Name: " "}}, 1},
		"duplicate name":   {statuses, []store.Disposition{{Name: "A"}, {Name: "a"}}, 1},
		"unknown status":   {statuses, []store.Disposition{{Name: "A", Status: "Nope"}}, 0},
		"too many entries": {statuses, make([]store.Disposition, leadstatus.MaxDispositions+1), -1},
	} {
		_, err := leadstatus.CheckDispositions(tc.statuses, tc.ds)
		var me *leadstatus.MappingError
		if !errors.As(err, &me) || me.Index != tc.index || me.Message == "" {
			t.Errorf("%s: %v, want a MappingError at %d", name, err, tc.index)
		}
	}
}
