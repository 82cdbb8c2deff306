package syncer

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/sfbridge/sfbridge/internal/phone"
	"github.com/sfbridge/sfbridge/internal/store"
	"github.com/sfbridge/sfbridge/salesforce"
)

// A person may be in Salesforce twice, as a Lead and as a Contact. When a
// connection syncs both, its people priority says which the app keeps:
// the other object's records that share an email or a phone number with
// a record of the priority object are skipped (and counted) on pulls,
// and pushes create only the priority object's records.

// personFields are the fields that identify a person across the two.
var personFields = []string{"Email", "Phone", "MobilePhone"}

// priorityObject is the object a connection's people priority names.
func priorityObject(conn store.Connection) string {
	if conn.PeoplePriority == store.PriorityLead {
		return "Lead"
	}
	return "Contact"
}

// otherPeopleObject is the other half of Lead and Contact, "" for any
// other object.
func otherPeopleObject(object string) string {
	switch {
	case strings.EqualFold(object, "Lead"):
		return "Contact"
	case strings.EqualFold(object, "Contact"):
		return "Lead"
	}
	return ""
}

// yields reports whether object gives way to the priority object on
// conn: it is the non-priority one of Lead and Contact and both are
// enabled.
func yields(conn store.Connection, object string, oms []store.ObjectMapping) (priority *store.ObjectMapping, ok bool) {
	other := otherPeopleObject(object)
	if other == "" || !strings.EqualFold(other, priorityObject(conn)) {
		return nil, false
	}
	for i := range oms {
		if strings.EqualFold(oms[i].Object, other) && oms[i].Enabled {
			return &oms[i], true
		}
	}
	return nil, false
}

// PeopleFirst orders objects so that, of Lead and Contact, the
// connection's priority object is synced before the other: its records
// are then in the app when the other's are checked against them.
func PeopleFirst(conn store.Connection, objects []string) []string {
	out := slices.Clone(objects)
	pi := slices.IndexFunc(out, func(o string) bool { return strings.EqualFold(o, priorityObject(conn)) })
	oi := slices.IndexFunc(out, func(o string) bool { return strings.EqualFold(o, otherPeopleObject(priorityObject(conn))) })
	if pi > oi && oi >= 0 {
		p := out[pi]
		out = slices.Delete(out, pi, pi+1)
		out = slices.Insert(out, oi, p)
	}
	return out
}

// peopleFilter knows the emails and phone numbers (E.164) of the app's
// copy of the priority object.
type peopleFilter struct {
	emails map[string]bool
	phones map[string]bool
	// fields are the person fields the filtered object has.
	fields []string
}

// newPeopleFilter returns the filter a pull of object applies, nil when
// object does not give way to another.
func (e *Engine) newPeopleFilter(ctx context.Context, p *objectPlan) (*peopleFilter, error) {
	conn, object, describe, fms := p.conn, p.mapping.Object, p.describe, p.fms
	pm, ok := yields(conn, object, p.oms)
	if !ok {
		return nil, nil
	}
	var emailFields, phoneFields []string
	for _, fm := range fms {
		if !strings.EqualFold(fm.Object, pm.Object) || fm.Direction == "outbound" {
			continue
		}
		switch {
		case strings.EqualFold(fm.SFField, "Email"):
			emailFields = append(emailFields, fm.AppField)
		case strings.EqualFold(fm.SFField, "Phone"), strings.EqualFold(fm.SFField, "MobilePhone"):
			phoneFields = append(phoneFields, fm.AppField)
		}
	}
	f := &peopleFilter{emails: map[string]bool{}, phones: map[string]bool{}}
	for _, name := range personFields {
		if describe.Field(name) != nil {
			f.fields = append(f.fields, name)
		}
	}
	lp := store.ListParams{Limit: 1000}
	for {
		page, err := e.store.ListAppRecords(ctx, conn.WorkspaceID, pm.AppType, lp)
		if err != nil {
			return nil, fmt.Errorf("reading the app's %s records: %w", pm.AppType, err)
		}
		for _, r := range page.Items {
			if r.Deleted {
				continue
			}
			for _, af := range emailFields {
				if s, _ := r.Fields[af].(string); s != "" {
					f.emails[strings.ToLower(strings.TrimSpace(s))] = true
				}
			}
			for _, af := range phoneFields {
				if s, _ := r.Fields[af].(string); s != "" {
					if n, ok := phone.Normalize(s, ""); ok {
						f.phones[n] = true
					}
				}
			}
		}
		if page.Next == "" {
			return f, nil
		}
		lp.After = page.Next
	}
}

// matches reports whether a record shares an email or a phone number
// with a record of the priority object.
func (f *peopleFilter) matches(rec salesforce.Record) bool {
	for _, name := range f.fields {
		s := rec.String(name)
		if s == "" {
			continue
		}
		if name == "Email" {
			if f.emails[strings.ToLower(strings.TrimSpace(s))] {
				return true
			}
			continue
		}
		if n, ok := phone.Normalize(s, ""); ok && f.phones[n] {
			return true
		}
	}
	return false
}
