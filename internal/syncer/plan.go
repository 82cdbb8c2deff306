package syncer

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/sfbridge/sfbridge/internal/exclusion"
	"github.com/sfbridge/sfbridge/internal/leadstatus"
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
	sources  map[string]string
	push     map[string]bool
	describe *salesforce.SObjectDescribe
	// oms and fms are the connection's object and field mappings as the
	// plan read them, for the steps after it.
	oms []store.ObjectMapping
	fms []store.FieldMapping
	// bulk says this run reads through Bulk API 2.0 (a large first
	// load); bulkLast is the latest cursor value it has applied.
	bulk     bool
	bulkLast time.Time
	// exclusions flags records a sourcing exclusion rule matches (nil
	// without rules); excludedFields are what it reads besides Id.
	exclusions     *exclusion.Matcher
	excludedFields []string
	// flagExclusions is set for the objects rules can match (Contact,
	// Lead, Account): their records' flag is set or cleared on every read.
	flagExclusions bool
	// dispositions maps Lead.Status to the host's dispositions once the
	// connection's explicit mapping exists (nil otherwise).
	dispositions *leadstatus.Mapping
	// ownerApps maps Salesforce user ids to the app users mapped to them
	// (sync users), for OwnerId.
	ownerApps map[string]string
	// people skips records duplicating the priority object's (nil when
	// the object does not give way); skipped counts them.
	people  *peopleFilter
	skipped int
}

// plan reads a connection's mapping of object and checks it against the
// org's describe.
func (e *Engine) plan(ctx context.Context, conn store.Connection, object string, describe *salesforce.SObjectDescribe) (*objectPlan, error) {
	oms, err := e.store.ListObjectMappings(ctx, conn.ID)
	if err != nil {
		return nil, fmt.Errorf("reading object mappings: %w", err)
	}
	p := &objectPlan{conn: conn, describe: describe, cursorField: "SystemModstamp", hasIsDeleted: describe.Field("IsDeleted") != nil}
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
	p.oms, p.fms = oms, fms
	appFields := map[string]store.AppField{}
	for _, f := range p.appType.Fields {
		appFields[f.Name] = f
	}
	problem := func(fm store.FieldMapping, code, cause, fix string) {
		p.problems = append(p.problems, fieldProblem(conn, object, fm.SFField, code, cause, fix))
	}
	for _, fm := range fms {
		if !strings.EqualFold(fm.Object, object) || fm.Direction == "outbound" {
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
			problem(fm, "field_unavailable", fmt.Sprintf("Salesforce field %s.%s is mapped to %q but the integration user cannot see it (hidden by field-level security, or deleted): that field is not synced, and the app's values are kept, until it is visible again.", object, fm.SFField, fm.AppField),
				"In Salesforce, make the field visible to the user's profile.")
			continue
		}
		fp := fieldPlan{app: app, sf: sf, direction: fm.Direction}
		if app.Type != store.AppReference {
			conv, err := mapping.NewConverter(app, sf)
			if err != nil {
				problem(fm, "incompatible", fmt.Sprintf("The mapping of %s.%s to %q cannot convert values: %v.", object, fm.SFField, fm.AppField, err), "Fix the mapping.")
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
			if len(fp.refObjects) == 0 && !isOwner(sf) {
				problem(fm, "reference_unmapped", fmt.Sprintf("%s.%s points to app type %q, which no Salesforce object is mapped to on this connection.", object, fm.SFField, app.RefType),
					fmt.Sprintf("Map a Salesforce object to app type %q on this connection, so the reference can be resolved.", app.RefType))
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
	if p.people != nil {
		for _, f := range p.people.fields {
			add(f)
		}
	}
	for _, f := range p.excludedFields {
		add(f)
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

// isOwner reports whether a field is the record's owner, which resolves
// to app users through the connection's user mappings.
func isOwner(f *salesforce.Field) bool { return strings.EqualFold(f.Name, "OwnerId") }

// loadOwners reads the connection's user mappings when a mapped field is
// the owner: Salesforce user id -> app user id (the first by app id when
// several app users share a Salesforce user).
func (e *Engine) loadOwners(ctx context.Context, p *objectPlan) error {
	for _, f := range p.fields {
		if !isOwner(f.sf) {
			continue
		}
		ms, err := e.store.ListUserMappings(ctx, p.conn.ID)
		if err != nil {
			return fmt.Errorf("reading user mappings: %w", err)
		}
		p.ownerApps = map[string]string{}
		for _, m := range ms {
			if cur, ok := p.ownerApps[m.SalesforceUserID]; !ok || m.AppUserID < cur {
				p.ownerApps[m.SalesforceUserID] = m.AppUserID
			}
		}
		return nil
	}
	return nil
}

// ExcludedField is the app field inbound sets on records a sourcing
// exclusion rule matches: the rule's id, or null once none does.
const ExcludedField = "sfbridge_excluded_by"

// loadExclusions reads the connection's sourcing exclusion rules and
// what they need from Salesforce, for objects they can match.
func (e *Engine) loadExclusions(ctx context.Context, client *salesforce.Client, p *objectPlan) error {
	switch strings.ToLower(p.mapping.Object) {
	case "contact", "lead", "account":
	default:
		return nil
	}
	p.flagExclusions = true
	rules, err := e.store.ListExclusionRules(ctx, p.conn.ID)
	if err != nil {
		return fmt.Errorf("reading sourcing exclusion rules: %w", err)
	}
	if len(rules) == 0 {
		return nil
	}
	m, err := exclusion.Load(ctx, client, rules)
	if err != nil {
		return fmt.Errorf("loading sourcing exclusions: %w", err)
	}
	p.exclusions = m
	for _, f := range m.Fields(p.mapping.Object) {
		if p.describe == nil || p.describe.Field(f) != nil {
			p.excludedFields = append(p.excludedFields, f)
		}
	}
	return nil
}

// isLeadStatus reports whether f is Lead.Status, which the host may map
// to its own dispositions.
func isLeadStatus(object string, f *salesforce.Field) bool {
	return strings.EqualFold(object, "Lead") && strings.EqualFold(f.Name, "Status")
}

// loadDispositions reads the host's disposition mapping for Lead.Status
// when the host has put one; without it values pass unchanged.
func (e *Engine) loadDispositions(ctx context.Context, conn store.Connection, object string) (*leadstatus.Mapping, error) {
	if !strings.EqualFold(object, "Lead") {
		return nil, nil
	}
	m, err := leadstatus.Load(ctx, e.store, conn.ID)
	if err != nil {
		return nil, err
	}
	if !m.Explicit {
		return nil, nil
	}
	return m, nil
}
