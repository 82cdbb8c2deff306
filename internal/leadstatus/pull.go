package leadstatus

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"iter"
	"strconv"
	"strings"

	"github.com/sfbridge/sfbridge/internal/soql"
	"github.com/sfbridge/sfbridge/internal/store"
	"github.com/sfbridge/sfbridge/salesforce"
)

// Store is the part of the store the package uses.
type Store interface {
	ReplaceLeadStatuses(ctx context.Context, connectionID string, statuses []store.LeadStatus) error
	ListLeadStatuses(ctx context.Context, connectionID string) ([]store.LeadStatus, error)
	ListDispositions(ctx context.Context, connectionID string) ([]store.Disposition, error)
}

// Querier runs SOQL; *salesforce.Client is one.
type Querier interface {
	Query(ctx context.Context, soql string, opts ...salesforce.Option) iter.Seq2[salesforce.Record, error]
}

// Result is what a pull found.
type Result struct {
	// Statuses are the org's lead statuses, in their order.
	Statuses []store.LeadStatus
	// Added and Removed are the status values that appeared or went away
	// since the last pull (all of them are Added on the first).
	Added, Removed []string
	// Mapping is the dispositions with the new statuses.
	Mapping *Mapping
}

// statusFields are the LeadStatus fields a pull reads. ApiName (what
// Lead.Status holds when it differs from the label) is newer than the
// others; an org or API version without it answers INVALID_FIELD, and
// the pull reads MasterLabel as the value instead.
var statusFields = []string{"Id", "MasterLabel", "ApiName", "SortOrder", "IsConverted", "IsDefault"}

// Pull reads the org's lead statuses over client (one query, ordered by
// SortOrder) and stores them as conn's, replacing the last pull. The
// host's dispositions are kept; the returned Mapping reports those whose
// status went away.
func Pull(ctx context.Context, st Store, client Querier, conn store.Connection) (Result, error) {
	before, err := st.ListLeadStatuses(ctx, conn.ID)
	if err != nil {
		return Result{}, fmt.Errorf("pulling lead statuses: %w", err)
	}
	statuses, err := readStatuses(ctx, client, statusFields)
	var api *salesforce.APIError
	if errors.As(err, &api) && api.ErrorCode == "INVALID_FIELD" {
		statuses, err = readStatuses(ctx, client, statusFields[:2:2], statusFields[3:]...)
	}
	if err != nil {
		return Result{}, fmt.Errorf("pulling lead statuses: %w", err)
	}
	for i := range statuses {
		statuses[i].ConnectionID = conn.ID
	}
	if err := st.ReplaceLeadStatuses(ctx, conn.ID, statuses); err != nil {
		return Result{}, fmt.Errorf("pulling lead statuses: %w", err)
	}
	stored, err := st.ListLeadStatuses(ctx, conn.ID)
	if err != nil {
		return Result{}, fmt.Errorf("pulling lead statuses: %w", err)
	}
	ds, err := st.ListDispositions(ctx, conn.ID)
	if err != nil {
		return Result{}, fmt.Errorf("pulling lead statuses: %w", err)
	}
	res := Result{Statuses: stored, Mapping: NewMapping(stored, ds)}
	res.Added, res.Removed = diff(before, stored)
	return res, nil
}

// readStatuses runs the LeadStatus query with fields (plus more).
func readStatuses(ctx context.Context, client Querier, fields []string, more ...string) ([]store.LeadStatus, error) {
	q, err := soql.Select(append(append([]string(nil), fields...), more...)...).From("LeadStatus").OrderBy("SortOrder", soql.Asc).Build()
	if err != nil {
		return nil, err
	}
	var out []store.LeadStatus
	seen := map[string]bool{}
	for rec, err := range client.Query(ctx, q) {
		if err != nil {
			return nil, err
		}
		s := store.LeadStatus{
			Value:        strings.TrimSpace(rec.String("ApiName")),
			Label:        rec.String("MasterLabel"),
			SortOrder:    intField(rec["SortOrder"]),
			Converted:    rec["IsConverted"] == true,
			Default:      rec["IsDefault"] == true,
			SalesforceID: rec.ID(),
		}
		if s.Value == "" {
			s.Value = strings.TrimSpace(s.Label)
		}
		if s.Value == "" || seen[strings.ToLower(s.Value)] {
			continue // Salesforce keeps values unique; skip what cannot be stored
		}
		seen[strings.ToLower(s.Value)] = true
		out = append(out, s)
	}
	return out, nil
}

// intField reads a number Salesforce sent (json.Number), or 0.
func intField(v any) int {
	switch n := v.(type) {
	case json.Number:
		if i, err := strconv.Atoi(n.String()); err == nil {
			return i
		}
		if f, err := n.Float64(); err == nil {
			return int(f)
		}
	case float64:
		return int(n)
	}
	return 0
}

// diff returns the values of after not in before, and of before not in
// after, ignoring case as Salesforce does.
func diff(before, after []store.LeadStatus) (added, removed []string) {
	had := make(map[string]bool, len(before))
	for _, s := range before {
		had[strings.ToLower(s.Value)] = true
	}
	has := make(map[string]bool, len(after))
	for _, s := range after {
		has[strings.ToLower(s.Value)] = true
		if !had[strings.ToLower(s.Value)] {
			added = append(added, s.Value)
		}
	}
	for _, s := range before {
		if !has[strings.ToLower(s.Value)] {
			removed = append(removed, s.Value)
		}
	}
	return added, removed
}
