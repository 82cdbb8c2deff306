package exclusion_test

import (
	"context"
	"iter"
	"slices"
	"strings"
	"testing"

	"github.com/sfbridge/sfbridge/internal/exclusion"
	"github.com/sfbridge/sfbridge/internal/soql"
	"github.com/sfbridge/sfbridge/internal/store"
	"github.com/sfbridge/sfbridge/salesforce"
)

func TestMatcher(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	ctx := context.Background()
	rules := []store.ExclusionRule{
		rule("r1", store.ExclusionAnyContact),
		rule("r2", store.ExclusionLeadStatus, "Working - Contacted"),
		rule("r3", store.ExclusionAccountType, "Customer - Direct"),
		rule("r4", store.ExclusionOwner, w.rep),
		rule("r5", store.ExclusionOpenOpportunity),
	}
	w.org.ResetStats()
	m, err := exclusion.Load(ctx, w.client, rules)
	if err != nil {
		t.Fatal(err)
	}
	if n := w.org.Stats().Requests["query"]; n != 2 {
		t.Errorf("Load sent %d queries, want 2 (accounts by type or owner, open opportunities)", n)
	}

	// What inbound would pull: each object with the matcher's fields.
	got := map[string]string{}
	for _, object := range []string{"Account", "Contact", "Lead"} {
		fields := slices.Concat([]string{"Id", "Name"}, m.Fields(object))
		q, err := soql.Select(fields...).From(object).Build()
		if err != nil {
			t.Fatal(err)
		}
		for rec, err := range w.client.Query(ctx, q) {
			if err != nil {
				t.Fatal(err)
			}
			var rs []string
			for _, x := range m.Matches(object, rec) {
				rs = append(rs, x.RuleID+" "+x.Record.Name)
			}
			got[rec.String("Name")] = strings.Join(rs, ", ")
			if id, ok := m.Excluded(object, rec); ok != (len(rs) > 0) || ok && !strings.HasPrefix(rs[0], id+" ") {
				t.Errorf("Excluded(%s) = %q, %v; Matches %v", rec.String("Name"), id, ok, rs)
			}
		}
	}
	want := map[string]string{
		"Acme":      "r3 Acme",
		"Globex":    "r5 Globex",
		"Initech":   "r4 Initech",
		"Umbrella":  "",
		"Not Acme":  "r3 Not Acme",
		"Alice":     "r1 Alice, r3 Acme",
		"Carl":      "r1 Carl",
		"Dana Free": "r1 Dana Free",
		"Gina":      "r1 Gina, r5 Globex",
		"Lee":       "r2 Lee",
		"Nia":       "r5 Globex",
		"Owen":      "r4 Owen",
	}
	for name, w := range want {
		if got[name] != w {
			t.Errorf("%s: matched %q, want %q", name, got[name], w)
		}
	}
	if len(got) != len(want) {
		t.Errorf("records seen: %v", got)
	}

	if id, ok := m.Excluded("Opportunity", salesforce.Record{"Id": w.ids["globexOpp"], "AccountId": w.ids["globex"]}); ok {
		t.Errorf("an Opportunity was excluded by %s: rules apply to people and companies", id)
	}
	var none *exclusion.Matcher
	if _, ok := none.Excluded("Contact", salesforce.Record{"Id": w.ids["alice"]}); ok || none.Fields("Contact") != nil {
		t.Error("a nil Matcher excludes something")
	}
}

func TestMatcherFields(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		rules         []store.ExclusionRule
		contact, lead []string
		account       []string
	}{
		{nil, nil, nil, nil},
		{[]store.ExclusionRule{rule("a", store.ExclusionAnyContact)}, nil, nil, nil},
		{[]store.ExclusionRule{rule("a", store.ExclusionLeadStatus, "x")}, nil, []string{"Status"}, nil},
		{[]store.ExclusionRule{rule("a", store.ExclusionOwner, "005000000000001")}, []string{"OwnerId", "AccountId", "Email"}, []string{"OwnerId", "Email"}, nil},
	} {
		// Rules without company kinds load nothing: no client needed.
		var q exclusion.Querier
		if len(tc.rules) > 0 && tc.rules[0].Kind == store.ExclusionOwner {
			q = noQueries{}
		}
		m, err := exclusion.Load(context.Background(), q, tc.rules)
		if err != nil {
			t.Fatal(err)
		}
		if got := m.Fields("Contact"); !slices.Equal(got, tc.contact) {
			t.Errorf("%v: Contact fields %v, want %v", tc.rules, got, tc.contact)
		}
		if got := m.Fields("Lead"); !slices.Equal(got, tc.lead) {
			t.Errorf("%v: Lead fields %v, want %v", tc.rules, got, tc.lead)
		}
		if got := m.Fields("Account"); !slices.Equal(got, tc.account) {
			t.Errorf("%v: Account fields %v, want %v", tc.rules, got, tc.account)
		}
	}
}

// noQueries answers every query with no records.
type noQueries struct{}

func (n noQueries) Query(context.Context, string, ...salesforce.Option) iter.Seq2[salesforce.Record, error] {
	return func(func(salesforce.Record, error) bool) {}
}
