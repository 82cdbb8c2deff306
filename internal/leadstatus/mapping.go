package leadstatus

import (
	"context"
	"fmt"
	"strings"

	"github.com/sfbridge/sfbridge/internal/store"
)

// MaxDispositions is the most dispositions a connection may have.
const MaxDispositions = 500

// maxNameLen is the longest disposition name.
const maxNameLen = 255

// Why a disposition is unmapped.
const (
	// UnmappedNoStatus: the host mapped the disposition to no status.
	UnmappedNoStatus = "no_status"
	// UnmappedStatusGone: its status is no longer among the org's.
	UnmappedStatusGone = "status_gone"
)

// UnmappedDisposition is a disposition with no Salesforce status.
type UnmappedDisposition struct {
	Name string
	// Status is the status it maps to, gone from the org; "" for none.
	Status string
	// Reason is UnmappedNoStatus or UnmappedStatusGone.
	Reason string
}

// Mapping maps the host's dispositions to lead status values and back.
// It is read-only once built, so safe to share.
type Mapping struct {
	// Statuses are the org's, as last pulled, in order.
	Statuses []store.LeadStatus
	// Dispositions are the host's, in their order; before the host put
	// any, one per status named as its value (Explicit false).
	Dispositions []store.Disposition
	Explicit     bool

	status map[string]store.LeadStatus // by lower-case value
	toSF   map[string]string           // lower-case disposition: status value
	toApp  map[string]string           // lower-case status value: disposition
}

// NewMapping builds the mapping of statuses and the host's dispositions
// (none: the identity).
func NewMapping(statuses []store.LeadStatus, ds []store.Disposition) *Mapping {
	m := &Mapping{Statuses: statuses, Dispositions: ds, Explicit: len(ds) > 0,
		status: make(map[string]store.LeadStatus, len(statuses)), toSF: map[string]string{}, toApp: map[string]string{}}
	for _, s := range statuses {
		m.status[strings.ToLower(s.Value)] = s
	}
	if !m.Explicit {
		m.Dispositions = make([]store.Disposition, len(statuses))
		for i, s := range statuses {
			m.Dispositions[i] = store.Disposition{ConnectionID: s.ConnectionID, Name: s.Value, Status: s.Value, Position: i}
		}
	}
	for _, d := range m.Dispositions {
		s, ok := m.status[strings.ToLower(d.Status)]
		if d.Status == "" || !ok {
			continue
		}
		m.toSF[strings.ToLower(d.Name)] = s.Value
		if _, taken := m.toApp[strings.ToLower(s.Value)]; !taken {
			m.toApp[strings.ToLower(s.Value)] = d.Name
		}
	}
	return m
}

// Load builds the mapping of a connection from the store.
func Load(ctx context.Context, st Store, connectionID string) (*Mapping, error) {
	statuses, err := st.ListLeadStatuses(ctx, connectionID)
	if err != nil {
		return nil, fmt.Errorf("loading lead statuses: %w", err)
	}
	ds, err := st.ListDispositions(ctx, connectionID)
	if err != nil {
		return nil, fmt.Errorf("loading dispositions: %w", err)
	}
	return NewMapping(statuses, ds), nil
}

// ToSalesforce returns the lead status value a disposition (any case)
// stands for; ok is false for an unknown or unmapped disposition.
func (m *Mapping) ToSalesforce(disposition string) (status string, ok bool) {
	status, ok = m.toSF[strings.ToLower(disposition)]
	return status, ok
}

// ToApp returns the disposition a lead status value (any case) stands
// for: the first that maps to it. ok is false when none does.
func (m *Mapping) ToApp(status string) (disposition string, ok bool) {
	disposition, ok = m.toApp[strings.ToLower(status)]
	return disposition, ok
}

// Status returns the pulled status of a value (any case).
func (m *Mapping) Status(value string) (store.LeadStatus, bool) {
	s, ok := m.status[strings.ToLower(value)]
	return s, ok
}

// UnmappedDispositions are the dispositions with no status, in order.
func (m *Mapping) UnmappedDispositions() []UnmappedDisposition {
	var out []UnmappedDisposition
	for _, d := range m.Dispositions {
		switch _, ok := m.status[strings.ToLower(d.Status)]; {
		case d.Status == "":
			out = append(out, UnmappedDisposition{Name: d.Name, Reason: UnmappedNoStatus})
		case !ok:
			out = append(out, UnmappedDisposition{Name: d.Name, Status: d.Status, Reason: UnmappedStatusGone})
		}
	}
	return out
}

// UnmappedStatuses are the status values no disposition maps to, in the
// statuses' order: leads in them reach the app with no disposition.
func (m *Mapping) UnmappedStatuses() []string {
	var out []string
	for _, s := range m.Statuses {
		if _, ok := m.toApp[strings.ToLower(s.Value)]; !ok {
			out = append(out, s.Value)
		}
	}
	return out
}

// MappingError is a disposition list CheckDispositions refuses; its
// message names the entry and what to do.
type MappingError struct {
	// Index is the entry's position in the list, -1 for the list.
	Index   int
	Message string
}

func (e *MappingError) Error() string { return e.Message }

// CheckDispositions validates the host's dispositions against the
// pulled statuses and returns them ready to store: names trimmed, each
// status in Salesforce's spelling. Names must be 1 to 255 characters and
// unique ignoring case; a status must be one of the pulled values (any
// case) or empty for none. The list holds 1 to MaxDispositions entries.
// Several dispositions may map to one status; reading that status back
// gives the first of them.
func CheckDispositions(statuses []store.LeadStatus, ds []store.Disposition) ([]store.Disposition, error) {
	if len(statuses) == 0 {
		return nil, &MappingError{Index: -1, Message: "No lead statuses have been pulled from Salesforce for this connection yet: pull them first, then map dispositions to them."}
	}
	if len(ds) == 0 || len(ds) > MaxDispositions {
		return nil, &MappingError{Index: -1, Message: fmt.Sprintf("Send 1 to %d dispositions.", MaxDispositions)}
	}
	m := NewMapping(statuses, nil)
	seen := make(map[string]int, len(ds))
	out := make([]store.Disposition, len(ds))
	for i, d := range ds {
		d.Name = strings.TrimSpace(d.Name)
		if d.Name == "" || len(d.Name) > maxNameLen {
			return nil, &MappingError{Index: i, Message: fmt.Sprintf("dispositions[%d]: the name must be 1 to %d characters.", i, maxNameLen)}
		}
		if j, dup := seen[strings.ToLower(d.Name)]; dup {
			return nil, &MappingError{Index: i, Message: fmt.Sprintf("dispositions[%d]: %q is also dispositions[%d]; names are unique, ignoring case.", i, d.Name, j)}
		}
		seen[strings.ToLower(d.Name)] = i
		if d.Status != "" {
			s, ok := m.Status(d.Status)
			if !ok {
				return nil, &MappingError{Index: i, Message: fmt.Sprintf("dispositions[%d]: %q is not one of the org's lead statuses (%s). Pull lead statuses again if it was added in Salesforce, or leave status out to keep the disposition unmapped.",
					i, d.Status, values(statuses))}
			}
			d.Status = s.Value
		}
		out[i] = d
	}
	return out, nil
}

func values(statuses []store.LeadStatus) string {
	vs := make([]string, len(statuses))
	for i, s := range statuses {
		vs[i] = s.Value
	}
	return strings.Join(vs, ", ")
}
