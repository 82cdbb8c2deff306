package store

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"
)

// ExclusionStore holds sourcing exclusion rules and lead statuses (issue
// 8): per connection, the rules that say which people and companies
// already in Salesforce the host must not reach out to, the org's lead
// statuses as last pulled, and the host's dispositions mapped to them.
type ExclusionStore interface {
	// CreateExclusionRule stores r, generating its id (exr_...) and
	// creation time when empty. An unknown connection is ErrNotFound; a
	// rule [ExclusionRule.Check] refuses is ErrInvalid.
	CreateExclusionRule(ctx context.Context, r ExclusionRule) (ExclusionRule, error)
	// ListExclusionRules returns the connection's rules in creation
	// order, then id; none (an empty slice) for an unknown connection.
	ListExclusionRules(ctx context.Context, connectionID string) ([]ExclusionRule, error)
	// GetExclusionRule returns one rule of the connection, or ErrNotFound.
	GetExclusionRule(ctx context.Context, connectionID, id string) (ExclusionRule, error)
	// DeleteExclusionRule removes one rule of the connection, or answers
	// ErrNotFound.
	DeleteExclusionRule(ctx context.Context, connectionID, id string) error

	// ReplaceLeadStatuses makes statuses the connection's lead statuses,
	// in one transaction: statuses no longer in the list are removed.
	// Dispositions are left alone. An unknown connection is ErrNotFound;
	// an empty Value ErrInvalid; two statuses with one Value ErrDuplicate.
	ReplaceLeadStatuses(ctx context.Context, connectionID string, statuses []LeadStatus) error
	// ListLeadStatuses returns the connection's lead statuses by
	// SortOrder, then Value.
	ListLeadStatuses(ctx context.Context, connectionID string) ([]LeadStatus, error)
	// PutDispositions replaces the connection's dispositions with ds, in
	// one transaction, keeping their order (Position is set from it) and
	// returns them as stored. An unknown connection is ErrNotFound; an
	// empty Name ErrInvalid; two dispositions with one Name ErrDuplicate.
	PutDispositions(ctx context.Context, connectionID string, ds []Disposition) ([]Disposition, error)
	// ListDispositions returns the connection's dispositions in the
	// order they were put.
	ListDispositions(ctx context.Context, connectionID string) ([]Disposition, error)
}

// ExclusionKind is what an exclusion rule matches.
type ExclusionKind string

// The exclusion rule kinds. Person rules match Contacts and Leads;
// company rules match Accounts, and the people of an excluded Account:
// its Contacts (Contact.AccountId) and anyone whose email domain is the
// Account's Website domain. The owner rule is both.
const (
	// ExclusionAnyContact excludes every Contact: the person is a
	// customer or partner contact already.
	ExclusionAnyContact ExclusionKind = "any_contact"
	// ExclusionLeadStatus excludes Leads whose Status is one of Values.
	ExclusionLeadStatus ExclusionKind = "lead_status"
	// ExclusionAccountType excludes Accounts whose Type is one of Values.
	ExclusionAccountType ExclusionKind = "account_type"
	// ExclusionOwner excludes Contacts, Leads and Accounts owned by one
	// of the Salesforce users (or queues) whose ids are Values.
	ExclusionOwner ExclusionKind = "owner"
	// ExclusionOpenOpportunity excludes Accounts with an open
	// Opportunity (IsClosed = false).
	ExclusionOpenOpportunity ExclusionKind = "open_opportunity"
)

// ExclusionKinds lists the kinds, in the order documents present them.
var ExclusionKinds = []ExclusionKind{
	ExclusionAnyContact, ExclusionLeadStatus, ExclusionAccountType, ExclusionOwner, ExclusionOpenOpportunity,
}

// TakesValues says whether rules of kind k need Values (lead statuses,
// account types or owner ids); the others take none.
func (k ExclusionKind) TakesValues() bool {
	return k == ExclusionLeadStatus || k == ExclusionAccountType || k == ExclusionOwner
}

// Limits of exclusion rules: values per rule and their length, rules
// per connection, a rule name's length, and a value a check tests.
const (
	MaxExclusionValues    = 100
	MaxExclusionValueLen  = 255
	MaxExclusionRules     = 100
	MaxExclusionNameLen   = 200
	MaxExclusionCheckText = 320
)

// ExclusionRule is one sourcing exclusion of a connection.
type ExclusionRule struct {
	ID           string
	ConnectionID string
	Kind         ExclusionKind
	// Name is the host's label for the rule; may be empty.
	Name string
	// Values are the Lead statuses, Account types or owner ids the rule
	// matches, for the kinds that take them; nil for the others.
	Values    []string
	CreatedAt time.Time
}

// Check refuses a rule no store may hold, with ErrInvalid and a message
// naming the problem: an unknown kind, values missing for a kind that
// needs them or given to one that takes none, an empty, duplicate (in
// any case) or over-long value, or more than MaxExclusionValues.
func (r ExclusionRule) Check() error {
	if !slices.Contains(ExclusionKinds, r.Kind) {
		return fmt.Errorf("%w: unknown exclusion kind %q", ErrInvalid, r.Kind)
	}
	if !r.Kind.TakesValues() {
		if len(r.Values) > 0 {
			return fmt.Errorf("%w: a %s rule takes no values", ErrInvalid, r.Kind)
		}
		return nil
	}
	if len(r.Values) == 0 || len(r.Values) > MaxExclusionValues {
		return fmt.Errorf("%w: a %s rule needs 1 to %d values", ErrInvalid, r.Kind, MaxExclusionValues)
	}
	seen := make(map[string]bool, len(r.Values))
	for _, v := range r.Values {
		if strings.TrimSpace(v) == "" || len(v) > MaxExclusionValueLen {
			return fmt.Errorf("%w: exclusion values must be 1 to %d characters", ErrInvalid, MaxExclusionValueLen)
		}
		if seen[strings.ToLower(v)] {
			return fmt.Errorf("%w: exclusion value %q appears twice", ErrInvalid, v)
		}
		seen[strings.ToLower(v)] = true
	}
	return nil
}

// LeadStatus is one of the org's lead statuses (a LeadStatus record),
// as last pulled.
type LeadStatus struct {
	ConnectionID string
	// Value is what Lead.Status holds (the status's API name).
	Value     string
	Label     string
	SortOrder int
	// Converted marks the statuses a converted lead takes.
	Converted bool
	// Default is the status new leads get.
	Default bool
	// SalesforceID is the LeadStatus record's id.
	SalesforceID string
	PulledAt     time.Time
}

// Disposition is one of the host's own disposition names and the lead
// status it stands for in Salesforce.
type Disposition struct {
	ConnectionID string
	Name         string
	// Status is a LeadStatus Value; empty when the disposition has no
	// counterpart in Salesforce.
	Status    string
	Position  int
	UpdatedAt time.Time
}
