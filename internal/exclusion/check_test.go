package exclusion_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/sfbridge/sfbridge/internal/exclusion"
	"github.com/sfbridge/sfbridge/internal/store"
)

// summary renders a verdict as "value: rule object name [via object name]; ...".
func summary(v exclusion.Verdict) string {
	if v.Invalid != "" {
		return v.Value + ": invalid"
	}
	if !v.Excluded {
		return v.Value + ": -"
	}
	var parts []string
	for _, m := range v.Matches {
		s := m.RuleID + " " + m.Record.Object + " " + m.Record.Name
		if m.Via != nil {
			s += " via " + m.Via.Object + " " + m.Via.Name
		}
		parts = append(parts, s)
	}
	return v.Value + ": " + strings.Join(parts, "; ")
}

func summaries(r exclusion.Result) []string {
	var out []string
	for _, list := range [][]exclusion.Verdict{r.Emails, r.Domains, r.Phones} {
		for _, v := range list {
			out = append(out, summary(v))
		}
	}
	return out
}

func TestCheckEachRuleKind(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	for _, tc := range []struct {
		name string
		rule store.ExclusionRule
		req  exclusion.Request
		want []string
	}{
		{"any contact", rule("r1", store.ExclusionAnyContact),
			exclusion.Request{Emails: []string{"dana@freelance.io", "lee@startup.io"}, Phones: []string{"212-555-0123", "+44 (0)20 7946-0958"}},
			[]string{
				"dana@freelance.io: r1 Contact Dana Free",
				"lee@startup.io: -", // a Lead, not a Contact
				"212-555-0123: r1 Contact Dana Free",
				"+44 (0)20 7946-0958: r1 Contact Gina",
			}},
		{"lead status", rule("r2", store.ExclusionLeadStatus, "working - contacted"),
			exclusion.Request{Emails: []string{"LEE@startup.io", "nia@globex.com"}, Phones: []string{"(650) 555-0142", "650 555 0177"}},
			[]string{
				"LEE@startup.io: r2 Lead Lee",
				"nia@globex.com: -",
				"(650) 555-0142: r2 Lead Lee",
				"650 555 0177: -",
			}},
		{"account type", rule("r3", store.ExclusionAccountType, "Customer - Direct"),
			exclusion.Request{Emails: []string{"alice@acme.com", "new.person@acme.com", "carl@umbrella.com"},
				Domains: []string{"acme.com", "www.acme.com", "notacme.com", "umbrella.com"}, Phones: []string{"+1 415 555 0100", "4155550199"}},
			[]string{
				"alice@acme.com: r3 Account Acme via Contact Alice",
				"new.person@acme.com: r3 Account Acme",
				"carl@umbrella.com: -",
				"acme.com: r3 Account Acme",
				"www.acme.com: r3 Account Acme",
				"notacme.com: -",
				"umbrella.com: -",
				"+1 415 555 0100: r3 Account Acme",
				"4155550199: -",
			}},
		{"owner", rule("r4", store.ExclusionOwner, w.rep[:15]),
			exclusion.Request{Emails: []string{"owen@owned.io", "lee@startup.io", "someone@initech.com"}, Domains: []string{"initech.com"}},
			[]string{
				"owen@owned.io: r4 Lead Owen",
				"lee@startup.io: -",
				"someone@initech.com: r4 Account Initech",
				"initech.com: r4 Account Initech",
			}},
		{"open opportunity", rule("r5", store.ExclusionOpenOpportunity),
			exclusion.Request{Emails: []string{"gina@globex.com", "carl@umbrella.com"}, Domains: []string{"globex.com", "umbrella.com"},
				Phones: []string{"6505550177"}},
			[]string{
				"gina@globex.com: r5 Account Globex via Contact Gina",
				"carl@umbrella.com: -", // its opportunity is closed
				"globex.com: r5 Account Globex",
				"umbrella.com: -",
				"6505550177: r5 Account Globex via Lead Nia", // a Lead of the domain
			}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			res, err := exclusion.Check(context.Background(), w.client, []store.ExclusionRule{tc.rule}, tc.req)
			if err != nil {
				t.Fatal(err)
			}
			got := summaries(res)
			if strings.Join(got, "\n") != strings.Join(tc.want, "\n") {
				t.Errorf("verdicts:\n got  %s\n want %s", strings.Join(got, "\n      "), strings.Join(tc.want, "\n      "))
			}
			if res.Queries > 8 {
				t.Errorf("%d queries for %d values", res.Queries, len(got))
			}
			for _, list := range [][]exclusion.Verdict{res.Emails, res.Domains, res.Phones} {
				for _, v := range list {
					for _, m := range v.Matches {
						if m.Record.ID != w.ids[strings.ToLower(strings.Fields(m.Record.Name)[0])] && m.Record.Name != "Dana Free" {
							t.Errorf("%s: record %+v does not carry the id of %s", v.Value, m.Record, m.Record.Name)
						}
					}
				}
			}
		})
	}
}

func TestCheckManyValuesFewQueries(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	rules := []store.ExclusionRule{
		rule("r1", store.ExclusionAnyContact), rule("r2", store.ExclusionLeadStatus, "Working - Contacted"),
		rule("r3", store.ExclusionAccountType, "Customer - Direct"), rule("r4", store.ExclusionOwner, w.rep),
		rule("r5", store.ExclusionOpenOpportunity),
	}
	var req exclusion.Request
	for i := range 330 {
		req.Emails = append(req.Emails, fmt.Sprintf("person.%03d@company-%03d.example.com", i, i))
		req.Domains = append(req.Domains, fmt.Sprintf("company-%03d.example.com", i))
		req.Phones = append(req.Phones, fmt.Sprintf("+1 303 555 %04d", i))
	}
	req.Emails = append(req.Emails, "alice@acme.com", "x@y")
	req.Phones = append(req.Phones, "not a number", "(415) 555-0100", "212 555 0123")
	w.org.ResetStats()
	res, err := exclusion.Check(context.Background(), w.client, rules, req)
	if err != nil {
		t.Fatal(err)
	}
	if got := summary(res.Emails[330]); got != "alice@acme.com: r1 Contact Alice; r3 Account Acme via Contact Alice" {
		t.Errorf("alice: %s", got)
	}
	if got := summary(res.Emails[331]); got != "x@y: invalid" {
		t.Errorf("x@y: %s", got)
	}
	if got := summary(res.Phones[330]); got != "not a number: invalid" {
		t.Errorf("%s", got)
	}
	if got := summary(res.Phones[331]); got != "(415) 555-0100: r3 Account Acme" {
		t.Errorf("%s", got)
	}
	if got := summary(res.Phones[332]); got != "212 555 0123: r1 Contact Dana Free" {
		t.Errorf("%s", got)
	}
	excluded := 0
	for _, list := range [][]exclusion.Verdict{res.Emails, res.Domains, res.Phones} {
		for _, v := range list {
			if v.Excluded {
				excluded++
			}
		}
	}
	if excluded != 3 {
		t.Errorf("%d values excluded, want 3", excluded)
	}
	// Per person object: emails and phones; Accounts: ids, websites,
	// phones; open opportunities. Each list needs a few batches.
	if res.Queries < 8 || res.Queries > 30 {
		t.Errorf("%d queries for 999 values, want a few batches per list", res.Queries)
	}
	if n := w.org.Stats().Requests["query"]; n != int64(res.Queries) {
		t.Errorf("the org served %d queries, the check counted %d", n, res.Queries)
	}
	t.Logf("%d values checked in %d queries", 999, res.Queries)

	too := exclusion.Request{Emails: make([]string, exclusion.MaxCheckValues+1)}
	if _, err := exclusion.Check(context.Background(), w.client, rules, too); !errors.Is(err, exclusion.ErrTooManyValues) {
		t.Errorf("%d values: %v, want ErrTooManyValues", exclusion.MaxCheckValues+1, err)
	}
	res, err = exclusion.Check(context.Background(), w.client, nil, exclusion.Request{Emails: []string{"alice@acme.com"}})
	if err != nil || res.Queries != 0 || res.Emails[0].Excluded {
		t.Errorf("no rules: %+v, %v; want nothing excluded and no query", res, err)
	}
}
