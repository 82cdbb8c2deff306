package exclusion

import (
	"context"
	"errors"
	"fmt"
	"slices"

	"github.com/sfbridge/sfbridge/internal/phone"
	"github.com/sfbridge/sfbridge/internal/soql"
	"github.com/sfbridge/sfbridge/internal/store"
	"github.com/sfbridge/sfbridge/salesforce"
)

// MaxCheckValues is the most values one Check takes, all lists together.
const MaxCheckValues = 1000

// ErrTooManyValues is returned by Check for more than MaxCheckValues.
var ErrTooManyValues = errors.New("exclusion: too many values to check")

// patternDigits is how many trailing digits of a number the candidate
// query matches on.
const patternDigits = 7

// The phone fields a check reads, per object.
var phoneFields = map[string][]string{
	"Contact": {"Phone", "MobilePhone", "HomePhone", "OtherPhone"},
	"Lead":    {"Phone", "MobilePhone"},
	"Account": {"Phone"},
}

// Request is what to check.
type Request struct {
	Emails  []string
	Domains []string
	Phones  []string
	// Region reads phone numbers written without a country code, on
	// both sides; empty means phone.DefaultRegion.
	Region string
}

// Verdict is the answer for one value.
type Verdict struct {
	// Value is as the caller sent it.
	Value string
	// Normalized is what was compared: the lower-case email or domain,
	// the E.164 number. Empty when the value is Invalid.
	Normalized string
	Excluded   bool
	// Invalid says why the value could not be checked.
	Invalid string
	// Matches are the rules that exclude it, each with its record, in
	// rule order.
	Matches []Match
}

// Result answers a check, in the order of the request's lists.
type Result struct {
	Emails, Domains, Phones []Verdict
	// Queries counts the SOQL queries sent.
	Queries int
}

// Check answers whether each email, domain and phone number of req is
// excluded by rules, reading the candidate records from Salesforce in
// batches (see the package documentation). An email is excluded by a
// Contact or Lead with that email the rules exclude, and by an excluded
// Account of its domain; a domain by an excluded Account of that domain;
// a phone number by a Contact, Lead or Account with that number the
// rules exclude.
func Check(ctx context.Context, q Querier, rules []store.ExclusionRule, req Request) (Result, error) {
	if n := len(req.Emails) + len(req.Domains) + len(req.Phones); n > MaxCheckValues {
		return Result{}, fmt.Errorf("%w: %d, at most %d", ErrTooManyValues, n, MaxCheckValues)
	}
	c := &check{rules: compile(rules), b: &batcher{q: q}, region: req.Region,
		contacts: map[string]salesforce.Record{}, leads: map[string]salesforce.Record{}, accounts: map[string]salesforce.Record{},
		ix: newCompanies()}
	res := Result{
		Emails:  verdicts(req.Emails, normalizeEmail, "not an email address"),
		Domains: verdicts(req.Domains, Domain, "not a domain name"),
		Phones:  verdicts(req.Phones, c.normalizePhone, "not a phone number"),
	}
	if len(rules) > 0 {
		if err := c.read(ctx, res); err != nil {
			return Result{}, fmt.Errorf("checking exclusions: %w", err)
		}
		c.decide(res)
	}
	res.Queries = c.b.queries
	return res, nil
}

// check is one Check's state: the candidates read and the company
// index built from them.
type check struct {
	rules  *ruleSet
	b      *batcher
	region string

	contacts, leads, accounts map[string]salesforce.Record
	ix                        *companies
}

func verdicts(values []string, norm func(string) string, invalid string) []Verdict {
	out := make([]Verdict, len(values))
	for i, v := range values {
		out[i] = Verdict{Value: v, Normalized: norm(v)}
		if out[i].Normalized == "" {
			out[i].Invalid = invalid
		}
	}
	return out
}

func (c *check) normalizePhone(s string) string {
	e164, _ := phone.Normalize(s, c.region)
	return e164
}

// normalized returns the distinct Normalized values of vs, in order.
func normalized(vs []Verdict) []string {
	var out []string
	seen := map[string]bool{}
	for _, v := range vs {
		if v.Normalized != "" && !seen[v.Normalized] {
			seen[v.Normalized] = true
			out = append(out, v.Normalized)
		}
	}
	return out
}

// read fetches the candidates: the Contacts and Leads with the emails
// or phones, then (for company rules) their Accounts, the Accounts of
// the domains and phones, and which of those have open Opportunities.
func (c *check) read(ctx context.Context, res Result) error {
	emails, phones := normalized(res.Emails), normalized(res.Phones)
	digits := make([]string, len(phones))
	for i, p := range phones {
		d := p[1:] // E.164: "+" then digits
		digits[i] = d[max(0, len(d)-patternDigits):]
	}
	company := c.rules.has(companyKinds...)
	people := []struct {
		object string
		need   bool
		fields []string
		into   map[string]salesforce.Record
	}{
		{"Contact", company || c.rules.has(store.ExclusionAnyContact, store.ExclusionOwner),
			[]string{"Id", "Name", "Email", "OwnerId", "AccountId"}, c.contacts},
		// A Lead reaches a company only through its email's domain, which
		// an email value brings by itself: read Leads for company rules
		// only when phones are checked.
		{"Lead", c.rules.has(store.ExclusionLeadStatus, store.ExclusionOwner) || company && len(phones) > 0,
			[]string{"Id", "Name", "Email", "OwnerId", "Status"}, c.leads},
	}
	for _, p := range people {
		if !p.need {
			continue
		}
		fields := slices.Concat(p.fields, phoneFields[p.object])
		keep := func(rec salesforce.Record) { p.into[rec.ID()] = rec }
		if len(emails) > 0 {
			if err := c.b.inBatches(ctx, p.object, fields, "Email", emails, nil, keep); err != nil {
				return fmt.Errorf("reading %ss by email: %w", p.object, err)
			}
		}
		if len(phones) > 0 {
			if err := c.b.phoneBatches(ctx, p.object, fields, phoneFields[p.object], digits, keep); err != nil {
				return fmt.Errorf("reading %ss by phone: %w", p.object, err)
			}
		}
	}
	if !company {
		return nil
	}
	return c.readCompanies(ctx, res, digits)
}

// readCompanies reads the candidate Accounts and indexes the excluded.
func (c *check) readCompanies(ctx context.Context, res Result, digits []string) error {
	var ids, domains []string
	seenID, seenDomain := map[string]bool{}, map[string]bool{}
	addDomain := func(d string) {
		if d != "" && !seenDomain[d] {
			seenDomain[d] = true
			domains = append(domains, d)
		}
	}
	for _, d := range normalized(res.Domains) {
		addDomain(d)
	}
	for _, e := range normalized(res.Emails) {
		addDomain(EmailDomain(e))
	}
	for _, m := range []map[string]salesforce.Record{c.contacts, c.leads} {
		for _, rec := range sortedRecords(m) {
			addDomain(EmailDomain(rec.String("Email")))
			if id := rec.String("AccountId"); id != "" && !seenID[id] {
				seenID[id] = true
				ids = append(ids, id)
			}
		}
	}
	fields := append(slices.Clone(accountFields), "Phone")
	keep := func(rec salesforce.Record) { c.accounts[rec.ID()] = rec }
	if len(ids) > 0 {
		if err := c.b.inBatches(ctx, "Account", fields, "Id", ids, nil, keep); err != nil {
			return fmt.Errorf("reading the accounts of contacts: %w", err)
		}
	}
	if len(domains) > 0 {
		if err := c.b.containsBatches(ctx, "Account", fields, "Website", domains, keep); err != nil {
			return fmt.Errorf("reading accounts by website: %w", err)
		}
	}
	if len(digits) > 0 {
		if err := c.b.phoneBatches(ctx, "Account", fields, phoneFields["Account"], digits, keep); err != nil {
			return fmt.Errorf("reading accounts by phone: %w", err)
		}
	}
	open := map[string]bool{}
	if c.rules.has(store.ExclusionOpenOpportunity) && len(c.accounts) > 0 {
		all := make([]string, 0, len(c.accounts))
		for _, rec := range sortedRecords(c.accounts) {
			all = append(all, rec.ID())
		}
		err := c.b.inBatches(ctx, "Opportunity", []string{"AccountId"}, "AccountId", all,
			[]soql.Condition{soql.Eq("IsClosed", false)},
			func(rec salesforce.Record) { open[id15(rec.String("AccountId"))] = true })
		if err != nil {
			return fmt.Errorf("reading open opportunities: %w", err)
		}
	}
	for _, rec := range sortedRecords(c.accounts) {
		c.rules.addAccount(c.ix, rec, open[id15(rec.ID())])
	}
	return nil
}

// decide fills the verdicts from the candidates read. Each candidate's
// email and phones are normalized once, into indexes by value.
func (c *check) decide(res Result) {
	type candidate struct {
		object string
		rec    salesforce.Record
	}
	byEmail, byPhone := map[string][]candidate{}, map[string][]candidate{}
	for _, set := range []struct {
		object string
		recs   map[string]salesforce.Record
	}{{"Contact", c.contacts}, {"Lead", c.leads}, {"Account", c.accounts}} {
		for _, rec := range sortedRecords(set.recs) {
			cand := candidate{set.object, rec}
			if e := normalizeEmail(rec.String("Email")); e != "" && set.object != "Account" {
				byEmail[e] = append(byEmail[e], cand)
			}
			seen := map[string]bool{}
			for _, f := range phoneFields[set.object] {
				if e164 := c.normalizePhone(rec.String(f)); e164 != "" && !seen[e164] {
					seen[e164] = true
					byPhone[e164] = append(byPhone[e164], cand)
				}
			}
		}
	}
	matchAll := func(cands []candidate) []Match {
		var ms []Match
		for _, cand := range cands {
			ms = append(ms, c.rules.matches(c.ix, cand.object, cand.rec)...)
		}
		return ms
	}
	for i := range res.Emails {
		if v := &res.Emails[i]; v.Normalized != "" {
			c.set(v, append(matchAll(byEmail[v.Normalized]), c.ix.byDomain[EmailDomain(v.Normalized)]...))
		}
	}
	for i := range res.Domains {
		if v := &res.Domains[i]; v.Normalized != "" {
			c.set(v, slices.Clone(c.ix.byDomain[v.Normalized]))
		}
	}
	for i := range res.Phones {
		if v := &res.Phones[i]; v.Normalized != "" {
			c.set(v, matchAll(byPhone[v.Normalized]))
		}
	}
}

func (c *check) set(v *Verdict, ms []Match) {
	v.Matches = c.rules.sorted(ms)
	v.Excluded = len(v.Matches) > 0
}

// sortedRecords returns m's records in id order, so answers do not
// depend on map order.
func sortedRecords(m map[string]salesforce.Record) []salesforce.Record {
	ids := make([]string, 0, len(m))
	for id := range m {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	out := make([]salesforce.Record, len(ids))
	for i, id := range ids {
		out[i] = m[id]
	}
	return out
}
