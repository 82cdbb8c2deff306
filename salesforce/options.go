package salesforce

import (
	"net/http"
	"strconv"
	"strings"
)

// Option changes one call: headers Salesforce reads, or how a call
// behaves. Options that do not apply to a call are ignored.
type Option func(*callOptions)

type callOptions struct {
	header     http.Header
	allOrNone  bool
	updateOnly bool
}

func applyOptions(opts []Option) *callOptions {
	o := &callOptions{header: http.Header{}}
	for _, opt := range opts {
		opt(o)
	}
	return o
}

// DuplicateRule is the Sforce-Duplicate-Rule-Header.
type DuplicateRule struct {
	// AllowSave saves a record that duplicate rules flag, when the rule
	// allows that.
	AllowSave bool
	// IncludeRecordDetails returns the duplicates' fields in the error.
	IncludeRecordDetails bool
	// RunAsCurrentUser applies sharing rules of the current user to the
	// duplicate search.
	RunAsCurrentUser bool
}

// WithDuplicateRule sends Sforce-Duplicate-Rule-Header on a write.
func WithDuplicateRule(r DuplicateRule) Option {
	return func(o *callOptions) {
		o.header.Set("Sforce-Duplicate-Rule-Header",
			"allowSave="+strconv.FormatBool(r.AllowSave)+
				", includeRecordDetails="+strconv.FormatBool(r.IncludeRecordDetails)+
				", runAsCurrentUser="+strconv.FormatBool(r.RunAsCurrentUser))
	}
}

// WithAutoAssign sends Sforce-Auto-Assign: TRUE runs the active
// assignment rule on create (Salesforce's default), FALSE does not.
func WithAutoAssign(on bool) Option {
	return func(o *callOptions) {
		o.header.Set("Sforce-Auto-Assign", strings.ToUpper(strconv.FormatBool(on)))
	}
}

// WithAssignmentRule sends Sforce-Auto-Assign with a rule id, running
// that assignment rule on create.
func WithAssignmentRule(ruleID string) Option {
	return func(o *callOptions) { o.header.Set("Sforce-Auto-Assign", ruleID) }
}

// WithClientName sends Sforce-Call-Options: client=name, which names the
// integration in the org's API usage reports.
func WithClientName(name string) Option {
	return func(o *callOptions) { o.header.Set("Sforce-Call-Options", "client="+name) }
}

// WithBatchSize asks a query for pages of n records (Sforce-Query-Options;
// Salesforce takes 200 to 2000 as a hint, 2000 by default).
func WithBatchSize(n int) Option {
	return func(o *callOptions) { o.header.Set("Sforce-Query-Options", "batchSize="+strconv.Itoa(n)) }
}

// WithAllOrNone makes each sObject Collections call roll back entirely if
// one record fails. Calls are chunked by 200, so it holds per chunk only.
func WithAllOrNone() Option {
	return func(o *callOptions) { o.allOrNone = true }
}

// WithUpdateOnly makes an upsert fail with NOT_FOUND instead of creating.
func WithUpdateOnly() Option {
	return func(o *callOptions) { o.updateOnly = true }
}

// WithHeader sets any other request header.
func WithHeader(key, value string) Option {
	return func(o *callOptions) { o.header.Set(key, value) }
}
