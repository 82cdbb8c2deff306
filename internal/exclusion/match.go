package exclusion

import (
	"cmp"
	"slices"
	"strings"

	"github.com/sfbridge/sfbridge/internal/store"
	"github.com/sfbridge/sfbridge/salesforce"
)

// Record names a Salesforce record.
type Record struct {
	Object string
	ID     string
	Name   string
}

// Match is a rule that excludes a record.
type Match struct {
	RuleID string
	Kind   store.ExclusionKind
	// Record is the record the rule matched: the person, or for a
	// company rule the Account.
	Record Record
	// Via is the person that led to the Account of a company rule (its
	// Contact, or a Contact or Lead of the Account's domain); nil when
	// the rule matched Record directly.
	Via *Record
}

// ruleSet is a connection's rules ready to evaluate.
type ruleSet struct {
	rules []store.ExclusionRule
	// values are each rule's values as compared: lower-case statuses and
	// types, owner ids cut to 15 characters (case-sensitive).
	values []map[string]bool
}

func compile(rules []store.ExclusionRule) *ruleSet {
	rs := &ruleSet{rules: rules, values: make([]map[string]bool, len(rules))}
	for i, r := range rules {
		vs := make(map[string]bool, len(r.Values))
		for _, v := range r.Values {
			if r.Kind == store.ExclusionOwner {
				vs[id15(strings.TrimSpace(v))] = true
			} else {
				vs[strings.ToLower(strings.TrimSpace(v))] = true
			}
		}
		rs.values[i] = vs
	}
	return rs
}

// has says whether a rule of one of kinds is in the set.
func (rs *ruleSet) has(kinds ...store.ExclusionKind) bool {
	for _, r := range rs.rules {
		if slices.Contains(kinds, r.Kind) {
			return true
		}
	}
	return false
}

// companyKinds are the rules that match Accounts.
var companyKinds = []store.ExclusionKind{store.ExclusionAccountType, store.ExclusionOwner, store.ExclusionOpenOpportunity}

// companies are the excluded Accounts known to an evaluation, by id (15
// characters) and by Website domain.
type companies struct {
	byID     map[string][]Match
	byDomain map[string][]Match
}

func newCompanies() *companies {
	return &companies{byID: map[string][]Match{}, byDomain: map[string][]Match{}}
}

// addAccount records the company rules acct (Id, Name, Website, Type,
// OwnerId) falls under; openOpp says it has an open Opportunity.
func (rs *ruleSet) addAccount(ix *companies, acct salesforce.Record, openOpp bool) {
	ref := Record{Object: "Account", ID: acct.ID(), Name: acct.String("Name")}
	var ms []Match
	for i, r := range rs.rules {
		var hit bool
		switch r.Kind {
		case store.ExclusionAccountType:
			hit = rs.values[i][strings.ToLower(acct.String("Type"))]
		case store.ExclusionOwner:
			hit = rs.values[i][id15(acct.String("OwnerId"))]
		case store.ExclusionOpenOpportunity:
			hit = openOpp
		}
		if hit {
			ms = append(ms, Match{RuleID: r.ID, Kind: r.Kind, Record: ref})
		}
	}
	if len(ms) == 0 {
		return
	}
	key := id15(ref.ID)
	ix.byID[key] = merge(ix.byID[key], ms)
	if d := Domain(acct.String("Website")); d != "" {
		ix.byDomain[d] = merge(ix.byDomain[d], ms)
	}
}

// matches returns the rules that exclude rec, a record of object, in
// rule order: its own fields decide the person and owner rules, ix the
// company rules (through AccountId and the email's domain).
func (rs *ruleSet) matches(ix *companies, object string, rec salesforce.Record) []Match {
	ref := Record{Object: object, ID: rec.ID(), Name: personName(rec)}
	var out []Match
	own := func(i int) {
		out = append(out, Match{RuleID: rs.rules[i].ID, Kind: rs.rules[i].Kind, Record: ref})
	}
	via := func(ms []Match) {
		for _, m := range ms {
			v := ref
			m.Via = &v
			out = append(out, m)
		}
	}
	switch {
	case strings.EqualFold(object, "Contact"):
		ref.Object = "Contact"
		for i, r := range rs.rules {
			switch {
			case r.Kind == store.ExclusionAnyContact,
				r.Kind == store.ExclusionOwner && rs.values[i][id15(rec.String("OwnerId"))]:
				own(i)
			}
		}
		if ix != nil {
			if acct := rec.String("AccountId"); acct != "" {
				via(ix.byID[id15(acct)])
			}
			via(ix.byDomain[EmailDomain(rec.String("Email"))])
		}
	case strings.EqualFold(object, "Lead"):
		ref.Object = "Lead"
		for i, r := range rs.rules {
			switch {
			case r.Kind == store.ExclusionLeadStatus && rs.values[i][strings.ToLower(rec.String("Status"))],
				r.Kind == store.ExclusionOwner && rs.values[i][id15(rec.String("OwnerId"))]:
				own(i)
			}
		}
		if ix != nil {
			via(ix.byDomain[EmailDomain(rec.String("Email"))])
		}
	case strings.EqualFold(object, "Account"):
		if ix != nil {
			out = append(out, ix.byID[id15(rec.ID())]...)
		}
	}
	return rs.sorted(out)
}

// sorted orders matches by rule, then record, dropping repeats (a
// Contact of an Account also on the Account's domain).
func (rs *ruleSet) sorted(ms []Match) []Match {
	if len(ms) < 2 {
		return ms
	}
	pos := make(map[string]int, len(rs.rules))
	for i, r := range rs.rules {
		pos[r.ID] = i
	}
	slices.SortStableFunc(ms, func(a, b Match) int {
		return cmp.Or(cmp.Compare(pos[a.RuleID], pos[b.RuleID]), strings.Compare(a.Record.ID, b.Record.ID))
	})
	return slices.CompactFunc(ms, func(a, b Match) bool { return a.RuleID == b.RuleID && a.Record.ID == b.Record.ID })
}

// merge adds ms to have, leaving out rule and record pairs it holds.
func merge(have, ms []Match) []Match {
	for _, m := range ms {
		if !slices.ContainsFunc(have, func(h Match) bool { return h.RuleID == m.RuleID && h.Record.ID == m.Record.ID }) {
			have = append(have, m)
		}
	}
	return have
}

// personName is a record's Name, or its first and last names.
func personName(rec salesforce.Record) string {
	if n := rec.String("Name"); n != "" {
		return n
	}
	return strings.TrimSpace(rec.String("FirstName") + " " + rec.String("LastName"))
}

// id15 is the case-sensitive 15-character form of a Salesforce id, so
// 15- and 18-character spellings compare equal.
func id15(id string) string {
	if len(id) == 18 {
		return id[:15]
	}
	return id
}
