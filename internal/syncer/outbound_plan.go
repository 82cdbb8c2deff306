package syncer

import (
	"context"
	"fmt"
	"reflect"
	"strings"

	"github.com/sfbridge/sfbridge/internal/leadstatus"
	"github.com/sfbridge/sfbridge/internal/mapping"
	"github.com/sfbridge/sfbridge/internal/store"
	"github.com/sfbridge/sfbridge/salesforce"
)

// pushField is one mapped field the outbound worker writes.
type pushField struct {
	app  store.AppField
	sf   *salesforce.Field
	conv *mapping.Converter // nil for references
	// refObjects are the Salesforce objects mapped to the reference's app
	// type, whose links turn an app id into a Salesforce id.
	refObjects []string
}

// pushPlan is what a push of one object writes, and how.
type pushPlan struct {
	conn     store.Connection
	mapping  store.ObjectMapping
	appType  store.AppType
	describe *salesforce.SObjectDescribe
	fields   []pushField
	// mapped maps Salesforce field names to the app fields written to
	// them, for explaining refusals.
	mapped map[string]string
	// problems are mapped fields that cannot be written (hidden or
	// read-only for the integration user, or unconvertible): the run
	// records them once and writes the other fields.
	problems []store.RecordError
	// dispositions maps the host's dispositions to Lead.Status values
	// (nil without an explicit mapping).
	dispositions *leadstatus.Mapping
	// owners maps app user ids to the Salesforce users mapped to them
	// (sync users), for OwnerId.
	owners map[string]string
	// noCreates is set for the one of Lead and Contact that gives way to
	// the connection's people priority: pushes create only the other.
	noCreates bool
}

// pushPlanFor reads the connection's mapping of object for writing.
func (e *Engine) pushPlanFor(ctx context.Context, conn store.Connection, object string, describe *salesforce.SObjectDescribe) (*pushPlan, error) {
	oms, err := e.store.ListObjectMappings(ctx, conn.ID)
	if err != nil {
		return nil, fmt.Errorf("reading object mappings: %w", err)
	}
	p := &pushPlan{conn: conn, describe: describe, mapped: map[string]string{}}
	found := false
	for _, om := range oms {
		if strings.EqualFold(om.Object, object) {
			p.mapping, found = om, true
		}
	}
	if !found || !p.mapping.Enabled {
		return nil, fmt.Errorf("%s is not mapped (or not enabled) on connection %s: map it to an app type first", object, conn.ID)
	}
	_, p.noCreates = yields(conn, object, oms)
	if p.dispositions, err = e.loadDispositions(ctx, conn, object); err != nil {
		return nil, err
	}
	if p.appType, err = e.store.GetAppType(ctx, conn.WorkspaceID, p.mapping.AppType); err != nil {
		return nil, fmt.Errorf("reading app type %q: %w", p.mapping.AppType, err)
	}
	fms, err := e.store.ListFieldMappings(ctx, conn.ID)
	if err != nil {
		return nil, fmt.Errorf("reading field mappings: %w", err)
	}
	appFields := map[string]store.AppField{}
	for _, f := range p.appType.Fields {
		appFields[f.Name] = f
	}
	problem := func(fm store.FieldMapping, code, cause, fix string) {
		p.problems = append(p.problems, fieldProblem(conn, object, fm.SFField, code, cause, fix))
	}
	for _, fm := range fms {
		if !strings.EqualFold(fm.Object, object) || (fm.Direction != "both" && fm.Direction != "outbound") {
			continue
		}
		app, ok := appFields[fm.AppField]
		if !ok {
			problem(fm, "app_field_missing", fmt.Sprintf("The mapping of %s.%s names app field %q, which app type %q does not have.", object, fm.SFField, fm.AppField, p.appType.Name),
				"Fix the mapping.")
			continue
		}
		sf := describe.Field(fm.SFField)
		if sf == nil {
			problem(fm, "field_unavailable", fmt.Sprintf("Salesforce field %s.%s is mapped to %q but the integration user cannot see it (hidden by field-level security, or deleted): app changes to %q are not written to Salesforce.", object, fm.SFField, fm.AppField, fm.AppField),
				"In Salesforce, give the user's profile or a permission set access to the field.")
			continue
		}
		if !sf.Createable && !sf.Updateable {
			problem(fm, "INVALID_FIELD_FOR_INSERT_UPDATE", fmt.Sprintf("Salesforce field %s.%s (%s) is read-only for the integration user, so app changes to %q are not written to it.", object, sf.Name, sf.Label, fm.AppField),
				"Give the user's profile or a permission set Edit access on the field, or map it into the app only.")
			continue
		}
		pf := pushField{app: app, sf: sf}
		if app.Type == store.AppReference {
			for _, om := range oms {
				if om.AppType == app.RefType && om.Enabled {
					pf.refObjects = append(pf.refObjects, om.Object)
				}
			}
			if len(pf.refObjects) == 0 && !isOwner(sf) {
				problem(fm, "reference_unmapped", fmt.Sprintf("%s.%s points to app type %q, which no Salesforce object is mapped to on this connection.", object, fm.SFField, app.RefType),
					fmt.Sprintf("Map a Salesforce object to app type %q on this connection, so the reference can be written.", app.RefType))
				continue
			}
		} else {
			conv, err := mapping.NewConverter(app, sf)
			if err != nil {
				problem(fm, "incompatible", fmt.Sprintf("The mapping of %s.%s to %q cannot convert values: %v.", object, fm.SFField, fm.AppField, err), "Fix the mapping.")
				continue
			}
			pf.conv = conv
		}
		p.fields = append(p.fields, pf)
		p.mapped[sf.Name] = app.Name
		if isOwner(sf) && p.owners == nil {
			ms, err := e.store.ListUserMappings(ctx, conn.ID)
			if err != nil {
				return nil, fmt.Errorf("reading user mappings: %w", err)
			}
			p.owners = make(map[string]string, len(ms))
			for _, m := range ms {
				p.owners[m.AppUserID] = m.SalesforceUserID
			}
		}
	}
	return p, nil
}

// refIDs maps, per referenced object, the app ids the items point at to
// their Salesforce ids.
type refIDs map[string]map[string]string

// payload is what one record's write sends: the Salesforce values by
// field, the app values they came from, and references that could not
// be written yet because their parent is not in Salesforce.
type payload struct {
	sf      map[string]any
	app     map[string]any
	waiting []string
	failure *WriteFailure
}

// build converts an app record's fields for a create (every createable
// field with a value) or an update (the updateable fields that differ
// from the link's base).
func (p *pushPlan) build(rec *store.AppRecord, link *store.RecordLink, refs refIDs, create bool) payload {
	out := payload{sf: map[string]any{}, app: map[string]any{}}
	for _, f := range p.fields {
		if (create && !f.sf.Createable) || (!create && !f.sf.Updateable) {
			continue
		}
		v, has := rec.Fields[f.app.Name]
		if !has {
			continue
		}
		if !create && unchanged(f, v, link) {
			continue
		}
		var sv any
		if f.app.Type == store.AppReference {
			id, _ := v.(string)
			if id != "" && isOwner(f.sf) {
				// An owner is an app user mapped to a Salesforce user; one
				// not mapped leaves the owner to Salesforce's default.
				if s, ok := p.owners[id]; ok {
					sv = s
				} else if len(f.refObjects) == 0 {
					continue
				}
			}
			if id != "" && sv == nil {
				for _, obj := range f.refObjects {
					if s, ok := refs[obj][id]; ok {
						sv = s
						break
					}
				}
				if sv == nil {
					out.waiting = append(out.waiting, f.app.Name)
					continue
				}
			}
		} else {
			var err error
			in := v
			if s, ok := v.(string); ok && p.dispositions != nil && isLeadStatus(p.mapping.Object, f.sf) {
				if status, ok := p.dispositions.ToSalesforce(s); ok {
					in = status
				}
			}
			if sv, err = f.conv.ToSalesforce(in); err != nil {
				if f.sf.RestrictedPicklist {
					// Salesforce would refuse it the same way: say so in
					// its words, with the values it allows.
					wf := explainWrite(WriteContext{Object: p.mapping.Object, Describe: p.describe, Op: "create", Sent: map[string]any{f.sf.Name: v}, Mapped: p.mapped},
						&salesforce.APIError{ErrorCode: "INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST", Fields: []string{f.sf.Name}, Message: err.Error()})
					out.failure = &wf
					return out
				}
				out.failure = &WriteFailure{Code: "conversion_failed", Fields: []string{f.sf.Name}, Object: p.mapping.Object,
					Cause: fmt.Sprintf("The value of app field %q cannot be written to %s.%s (%s): %v.", f.app.Name, p.mapping.Object, f.sf.Name, f.sf.Label, err),
					Fix:   "Correct the value in the app, or change the field mapping, then retry."}
				return out
			}
		}
		if create && sv == nil {
			continue
		}
		out.sf[f.sf.Name] = sv
		out.app[f.app.Name] = v
	}
	return out
}

// unchanged reports whether an app value is what was last synced, so an
// update need not send it.
func unchanged(f pushField, v any, link *store.RecordLink) bool {
	if link == nil {
		return false
	}
	if base, ok := link.AppSynced[f.app.Name]; ok {
		return jsonEqual(v, base)
	}
	// No app base (linked before two-way sync): compare with what
	// Salesforce was last seen to hold.
	base, ok := link.Synced[f.sf.Name]
	if !ok || f.conv == nil {
		return false
	}
	sv, err := f.conv.ToSalesforce(v)
	return err == nil && jsonEqual(sv, base)
}

// jsonEqual compares two values as they would read back from JSON.
func jsonEqual(a, b any) bool {
	return reflect.DeepEqual(jsonShape(a), jsonShape(b))
}

func jsonShape(v any) any {
	switch x := v.(type) {
	case int:
		return float64(x)
	case int64:
		return float64(x)
	case float32:
		return float64(x)
	case []string:
		out := make([]any, len(x))
		for i, s := range x {
			out[i] = s
		}
		return out
	}
	return v
}
