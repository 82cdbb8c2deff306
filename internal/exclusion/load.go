package exclusion

import (
	"context"
	"fmt"
	"iter"
	"strings"

	"github.com/sfbridge/sfbridge/internal/soql"
	"github.com/sfbridge/sfbridge/internal/store"
	"github.com/sfbridge/sfbridge/salesforce"
)

// Querier runs SOQL; *salesforce.Client is one.
type Querier interface {
	Query(ctx context.Context, soql string, opts ...salesforce.Option) iter.Seq2[salesforce.Record, error]
}

// Matcher decides records pulled from Salesforce against a connection's
// rules. Build it once per sync run with [Load]; it is read-only after,
// so safe for concurrent use. A nil Matcher excludes nothing.
type Matcher struct {
	rules *ruleSet
	ix    *companies
}

// accountFields are the Account fields company rules read.
var accountFields = []string{"Id", "Name", "Website", "Type", "OwnerId"}

// Load reads what rules need from Salesforce and returns their Matcher.
// Company rules need the Accounts they exclude: one query for those of
// the listed Types or owners (Type IN (...) OR OwnerId IN (...)), one for
// the Accounts of open Opportunities (IsClosed = false), each paged as
// large as it is. Person rules need nothing: a record's own fields decide
// them. Without rules it sends nothing.
func Load(ctx context.Context, q Querier, rules []store.ExclusionRule) (*Matcher, error) {
	m := &Matcher{rules: compile(rules), ix: newCompanies()}
	if !m.rules.has(companyKinds...) {
		return m, nil
	}
	accounts := map[string]salesforce.Record{}
	var conds []soql.Condition
	for _, r := range rules {
		switch r.Kind {
		case store.ExclusionAccountType:
			conds = append(conds, soql.In("Type", r.Values...))
		case store.ExclusionOwner:
			conds = append(conds, soql.In("OwnerId", r.Values...))
		}
	}
	if len(conds) > 0 {
		query, err := soql.Select(accountFields...).From("Account").Where(soql.Or(conds...)).Build()
		if err != nil {
			return nil, fmt.Errorf("loading exclusions: %w", err)
		}
		for rec, err := range q.Query(ctx, query) {
			if err != nil {
				return nil, fmt.Errorf("loading excluded accounts: %w", err)
			}
			accounts[id15(rec.ID())] = rec
		}
	}
	open := map[string]bool{}
	if m.rules.has(store.ExclusionOpenOpportunity) {
		fields := []string{"AccountId"}
		for _, f := range accountFields[1:] {
			fields = append(fields, "Account."+f)
		}
		query, err := soql.Select(fields...).From("Opportunity").
			Where(soql.Eq("IsClosed", false), soql.NotEq("AccountId", nil)).Build()
		if err != nil {
			return nil, fmt.Errorf("loading exclusions: %w", err)
		}
		for rec, err := range q.Query(ctx, query) {
			if err != nil {
				return nil, fmt.Errorf("loading accounts with open opportunities: %w", err)
			}
			id := id15(rec.String("AccountId"))
			open[id] = true
			if _, ok := accounts[id]; !ok {
				acct, _ := rec["Account"].(map[string]any)
				a := salesforce.Record{"Id": rec.String("AccountId")}
				for _, f := range accountFields[1:] {
					a[f] = acct[f]
				}
				accounts[id] = a
			}
		}
	}
	for id, acct := range accounts {
		m.rules.addAccount(m.ix, acct, open[id])
	}
	return m, nil
}

// Fields returns the fields of object Matches reads from a record
// besides Id; an inbound query adds them to its SELECT. A record
// without one of them is decided as if the field were empty.
func (m *Matcher) Fields(object string) []string {
	if m == nil || len(m.rules.rules) == 0 {
		return nil
	}
	company := m.rules.has(companyKinds...)
	var out []string
	switch {
	case strings.EqualFold(object, "Contact"):
		if m.rules.has(store.ExclusionOwner) {
			out = append(out, "OwnerId")
		}
		if company {
			out = append(out, "AccountId", "Email")
		}
	case strings.EqualFold(object, "Lead"):
		if m.rules.has(store.ExclusionLeadStatus) {
			out = append(out, "Status")
		}
		if m.rules.has(store.ExclusionOwner) {
			out = append(out, "OwnerId")
		}
		if company {
			out = append(out, "Email")
		}
	}
	return out
}

// Matches returns every rule that excludes rec, a record of object (a
// Contact, Lead or Account; records of other objects are never
// excluded), in rule order, each with the record it matched.
func (m *Matcher) Matches(object string, rec salesforce.Record) []Match {
	if m == nil {
		return nil
	}
	return m.rules.matches(m.ix, object, rec)
}

// Excluded says whether a rule excludes rec, a record of object pulled
// from Salesforce, and names the first such rule.
func (m *Matcher) Excluded(object string, rec salesforce.Record) (ruleID string, ok bool) {
	ms := m.Matches(object, rec)
	if len(ms) == 0 {
		return "", false
	}
	return ms[0].RuleID, true
}
