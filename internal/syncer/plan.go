package syncer

import (
	"context"
	"fmt"
	"strings"

	"github.com/sfbridge/sfbridge/internal/mapping"
	"github.com/sfbridge/sfbridge/internal/store"
	"github.com/sfbridge/sfbridge/salesforce"
)

// fieldPlan is one mapped field a run reads.
type fieldPlan struct {
	app  store.AppField
	sf   *salesforce.Field
	conv *mapping.Converter
	// direction is the field mapping's: inbound, outbound or both.
	direction string
	// refObjects are the Salesforce objects, mapped on this connection to
	// the app field's RefType, whose links resolve a reference.
	refObjects []string
}

// objectPlan is what one run of one object reads and where it goes.
type objectPlan struct {
	conn        store.Connection
	mapping     store.ObjectMapping
	appType     store.AppType
	fields      []fieldPlan
	cursorField string
	// hasIsDeleted is false for objects without a recycle bin (User).
	hasIsDeleted bool
	// prefixes maps id key prefixes to object names, to tell which
	// object a polymorphic reference (WhoId, WhatId) points at.
	prefixes map[string]string
	// problems are mapped fields that cannot be read (hidden by field-level
	// security, deleted, or missing from the app type): the run records
	// them and leaves those fields alone rather than writing NULLs.
	problems []store.RecordError
	// sources and push are fieldSources and pushable, computed once.
	sources map[string]string
	push    map[string]bool
}

// plan reads a connection's mapping of object and checks it against the
// org's describe.
func (e *Engine) plan(ctx context.Context, conn store.Connection, object string, describe *salesforce.SObjectDescribe) (*objectPlan, error) {
	oms, err := e.store.ListObjectMappings(ctx, conn.ID)
	if err != nil {
		return nil, fmt.Errorf("reading object mappings: %w", err)
	}
	p := &objectPlan{conn: conn, cursorField: "SystemModstamp", hasIsDeleted: describe.Field("IsDeleted") != nil}
	if conn.PullBy == store.PullByCreatedTime {
		p.cursorField = "CreatedDate"
	}
	found := false
	for _, om := range oms {
		if strings.EqualFold(om.Object, object) {
			p.mapping, found = om, true
		}
	}
	if !found || !p.mapping.Enabled {
		return nil, fmt.Errorf("%s is not mapped (or not enabled) on connection %s: map it to an app type first", object, conn.ID)
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
	problem := func(fm store.FieldMapping, code, msg string) {
		p.problems = append(p.problems, store.RecordError{ConnectionID: conn.ID, Object: object, Field: fm.SFField, Code: code, Message: msg})
	}
	for _, fm := range fms {
		if !strings.EqualFold(fm.Object, object) || fm.Direction == "outbound" {
			continue
		}
		app, ok := appFields[fm.AppField]
		if !ok {
			problem(fm, "app_field_missing", fmt.Sprintf("the mapping of %s.%s names app field %q, which app type %q does not have: fix the mapping", object, fm.SFField, fm.AppField, p.appType.Name))
			continue
		}
		sf := describe.Field(fm.SFField)
		if sf == nil {
			problem(fm, "field_unavailable", fmt.Sprintf("Salesforce field %s.%s is mapped to %q but the integration user cannot see it (hidden by field-level security, or deleted): that field is not synced, and the app's values are kept, until it is visible again. In Salesforce, make the field visible to the user's profile.", object, fm.SFField, fm.AppField))
			continue
		}
		fp := fieldPlan{app: app, sf: sf, direction: fm.Direction}
		if app.Type != store.AppReference {
			conv, err := mapping.NewConverter(app, sf)
			if err != nil {
				problem(fm, "incompatible", fmt.Sprintf("the mapping of %s.%s to %q cannot convert values: %v. Fix the mapping.", object, fm.SFField, fm.AppField, err))
				continue
			}
			fp.conv = conv
		}
		if app.Type == store.AppReference {
			for _, om := range oms {
				if om.AppType == app.RefType && om.Enabled {
					fp.refObjects = append(fp.refObjects, om.Object)
				}
			}
			if len(fp.refObjects) == 0 {
				problem(fm, "reference_unmapped", fmt.Sprintf("%s.%s points to app type %q, which no Salesforce object is mapped to on this connection: map one to resolve the reference", object, fm.SFField, app.RefType))
				continue
			}
		}
		p.fields = append(p.fields, fp)
	}
	return p, nil
}

// polymorphic reports whether a mapped reference may point at more than
// one mapped object (WhoId: Contact or Lead).
func (p *objectPlan) polymorphic() bool {
	for _, f := range p.fields {
		if len(f.refObjects) > 1 {
			return true
		}
	}
	return false
}

// selectFields is the query's select list: the id, the cursor field, the
// delete flag and every readable mapped field.
func (p *objectPlan) selectFields() []string {
	seen := map[string]bool{}
	var out []string
	add := func(f string) {
		if !seen[strings.ToLower(f)] {
			seen[strings.ToLower(f)] = true
			out = append(out, f)
		}
	}
	add("Id")
	add("SystemModstamp")
	add(p.cursorField)
	if p.hasIsDeleted {
		add("IsDeleted")
	}
	for _, f := range p.fields {
		add(f.sf.Name)
	}
	return out
}

// fieldSources maps the app fields read to their Salesforce fields.
func (p *objectPlan) fieldSources() map[string]string {
	out := make(map[string]string, len(p.fields))
	for _, f := range p.fields {
		out[f.app.Name] = f.sf.Name
	}
	return out
}

// pushable are the app fields whose app-side changes are written to
// Salesforce: writes on, updates both ways, the field mapped both ways.
func (p *objectPlan) pushable() map[string]bool {
	out := map[string]bool{}
	if !p.conn.WriteEnabled || p.mapping.UpdateDirection != store.DirectionBoth {
		return out
	}
	for _, f := range p.fields {
		if f.direction == "both" {
			out[f.app.Name] = true
		}
	}
	return out
}
