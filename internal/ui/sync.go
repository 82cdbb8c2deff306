package ui

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/sfbridge/sfbridge/internal/connection"
	"github.com/sfbridge/sfbridge/internal/mapping"
	"github.com/sfbridge/sfbridge/internal/store"
)

// syncRoutes registers the sync section: which objects sync and which
// way, and the connection's pull and write settings, on one form.
func (h *Handler) syncRoutes(m *http.ServeMux) {
	m.Handle("GET /ui/integrations/{id}/sync", h.authed(h.syncPage))
	m.Handle("POST /ui/integrations/{id}/sync", h.authed(h.saveSync))
}

// The form's fixed choices.
var (
	directionOptions = []option{
		{string(store.DirectionInbound), "← Salesforce to app"},
		{string(store.DirectionBoth), "↔ Both ways"},
	}
	appDeleteOptions = []option{
		{store.OutboundDeleteLeave, "Keep the Salesforce record"},
		{store.OutboundDeleteDelete, "Delete it in Salesforce too"},
	}
	priorityOptions = []option{
		{store.PriorityContact, "Keep the contact"},
		{store.PriorityLead, "Keep the lead"},
	}
	// intervalOptions are in seconds; "0" is the scheduler's default.
	intervalOptions = []option{
		{"0", "The service's default"},
		{"300", "Every 5 minutes"},
		{"900", "Every 15 minutes"},
		{"1800", "Every 30 minutes"},
		{"3600", "Every hour"},
		{"21600", "Every 6 hours"},
		{"86400", "Every 24 hours"},
	}
)

// conflictChoice is one conflict policy with the sentence explaining it.
type conflictChoice struct {
	Value, Label, Hint string
}

var conflictChoices = []conflictChoice{
	{string(store.ConflictLatestWins), "Latest change wins", "The side that changed the field last is kept."},
	{string(store.ConflictSalesforceWins), "Salesforce wins", "Salesforce's value is kept and the app's change is overwritten."},
	{string(store.ConflictAppWins), "The app wins", "The app's value is written to Salesforce."},
}

// objectLabels name the standard objects as the form shows them; other
// objects show their API name.
var objectLabels = map[string]string{
	"Lead": "Leads", "Contact": "Contacts", "Account": "Accounts", "Opportunity": "Opportunities",
	"Task": "Tasks", "Note": "Notes", "Order": "Orders", "Product2": "Products", "Case": "Cases",
}

func objectLabel(object string) string {
	for k, l := range objectLabels {
		if strings.EqualFold(k, object) {
			return l
		}
	}
	return object
}

// isPeople reports whether object is Lead or Contact, which the form
// groups as people.
func isPeople(object string) bool {
	return strings.EqualFold(object, "Lead") || strings.EqualFold(object, "Contact")
}

// syncObject is one Salesforce object on the sync form.
type syncObject struct {
	Object, Label string
	On            bool
	// Mapped says the connection has an object mapping for it; NoFields
	// that the mapping has no field mappings (a disconnect removed
	// them), so saving it on restores the defaults.
	Mapped, NoFields, HasDefaults bool
	Create, Update, AppDelete     string
}

// syncForm is the sync section's one form.
type syncForm struct {
	ID             string
	People, Others []syncObject
	Priority       string
	PullBy         string
	Interval       string
	WriteEnabled   bool
	Conflict       string
	// Bad names the input a validation error is about, for aria-invalid;
	// Dirty marks a form sent back with an error.
	Bad   string
	Dirty bool

	PullBys, Intervals, Directions, AppDeletes, Priorities []option
	Conflicts                                              []conflictChoice
}

// objects are all the form's objects, people first.
func (f *syncForm) objects() []*syncObject {
	out := make([]*syncObject, 0, len(f.People)+len(f.Others))
	for i := range f.People {
		out = append(out, &f.People[i])
	}
	for i := range f.Others {
		out = append(out, &f.Others[i])
	}
	return out
}

// All lists the objects for the directions table, people first.
func (f syncForm) All() []syncObject { return append(slices.Clone(f.People), f.Others...) }

// find returns the form's object named name (any case), or nil.
func (f *syncForm) find(name string) *syncObject {
	for _, o := range f.objects() {
		if strings.EqualFold(o.Object, name) {
			return o
		}
	}
	return nil
}

// findObjectMapping returns the mapping of object among oms, matched
// ignoring case as Salesforce names are, or nil.
func findObjectMapping(oms []store.ObjectMapping, object string) *store.ObjectMapping {
	for i := range oms {
		if strings.EqualFold(oms[i].Object, object) {
			return &oms[i]
		}
	}
	return nil
}

// countFieldMappings counts a connection's field mappings by object,
// lower-cased.
func countFieldMappings(fms []store.FieldMapping) map[string]int {
	n := make(map[string]int)
	for _, m := range fms {
		n[strings.ToLower(m.Object)]++
	}
	return n
}

// offeredObjects are the objects the connection can sync: the standard
// objects mapping.Defaults knows, then the other objects it already
// maps. Others cannot be turned on without field mappings to start
// from, so they are not offered.
func offeredObjects(oms []store.ObjectMapping) []string {
	out := mapping.DefaultObjects()
	for _, om := range oms {
		if !slices.ContainsFunc(out, func(o string) bool { return strings.EqualFold(o, om.Object) }) {
			out = append(out, om.Object)
		}
	}
	return out
}

// loadSyncForm reads the connection's settings and object mappings into
// the form.
func (h *Handler) loadSyncForm(ctx context.Context, c store.Connection) (syncForm, error) {
	oms, err := h.store.ListObjectMappings(ctx, c.ID)
	if err != nil {
		return syncForm{}, fmt.Errorf("listing object mappings: %w", err)
	}
	fms, err := h.store.ListFieldMappings(ctx, c.ID)
	if err != nil {
		return syncForm{}, fmt.Errorf("listing field mappings: %w", err)
	}
	counts := countFieldMappings(fms)
	f := syncForm{ID: c.ID, Priority: connection.EffectivePeoplePriority(c), PullBy: string(connection.EffectivePullBy(c)),
		Interval: strconv.FormatInt(int64(c.SyncInterval/time.Second), 10), WriteEnabled: c.WriteEnabled,
		Conflict: string(connection.EffectiveConflictPolicy(c)),
		PullBys:  pullByOptions, Intervals: intervalOptions, Directions: directionOptions, AppDeletes: appDeleteOptions,
		Priorities: priorityOptions, Conflicts: conflictChoices}
	if !slices.ContainsFunc(f.Intervals, func(o option) bool { return o.Value == f.Interval }) {
		// An interval set through the API that the list lacks stays
		// choosable, so saving does not change it.
		f.Intervals = append(slices.Clone(f.Intervals), option{f.Interval, "Every " + c.SyncInterval.String()})
	}
	for _, name := range offeredObjects(oms) {
		_, defaults := mapping.Defaults(name)
		o := syncObject{Object: name, Label: objectLabel(name), HasDefaults: defaults != nil,
			Create: string(store.DirectionInbound), Update: string(store.DirectionInbound), AppDelete: store.OutboundDeleteLeave}
		if om := findObjectMapping(oms, name); om != nil {
			o.Object, o.Mapped, o.On = om.Object, true, om.Enabled
			o.NoFields = counts[strings.ToLower(om.Object)] == 0
			o.Create = string(cmp.Or(om.CreateDirection, store.DirectionInbound))
			o.Update = string(cmp.Or(om.UpdateDirection, store.DirectionInbound))
			o.AppDelete = cmp.Or(om.OutboundDelete, store.OutboundDeleteLeave)
		}
		if isPeople(name) {
			f.People = append(f.People, o)
		} else {
			f.Others = append(f.Others, o)
		}
	}
	return f, nil
}

func hasOption(opts []option, v string) bool {
	return slices.ContainsFunc(opts, func(o option) bool { return o.Value == v })
}

// read sets the form to the submitted values. It returns the input and
// the message of the first problem; the form keeps every valid value
// submitted, so the page shows them again.
func (f *syncForm) read(v url.Values) (bad, msg string) {
	on := map[*syncObject]bool{}
	for _, name := range v["object"] {
		o := f.find(name)
		if o == nil {
			bad, msg = firstProblem(bad, msg, "object",
				fmt.Sprintf("%q is not an object this integration can sync. Reload the page and choose from the list.", name))
			continue
		}
		on[o] = true
	}
	for _, o := range f.objects() {
		o.On = on[o]
		for _, d := range []struct {
			key, what string
			dst       *string
			opts      []option
		}{
			{"create_direction.", "Choose “← Salesforce to app” or “↔ Both ways” for new %s.", &o.Create, directionOptions},
			{"update_direction.", "Choose “← Salesforce to app” or “↔ Both ways” for changes to %s.", &o.Update, directionOptions},
			{"app_delete.", "Choose what deleting one of the app's %s does in Salesforce.", &o.AppDelete, appDeleteOptions},
		} {
			val, sent := v[d.key+o.Object]
			if !sent {
				continue
			}
			if len(val) != 1 || !hasOption(d.opts, val[0]) {
				bad, msg = firstProblem(bad, msg, d.key+o.Object, fmt.Sprintf(d.what, strings.ToLower(o.Label)))
				continue
			}
			*d.dst = val[0]
		}
	}
	for _, s := range []struct {
		name, msg string
		dst       *string
		ok        func(string) bool
	}{
		{"people_priority", "Choose whether to keep the contact or the lead when a person is both.", &f.Priority,
			func(s string) bool { return hasOption(priorityOptions, s) }},
		{"pull_by", "Choose Last modified time or Created time for Pull Record By.", &f.PullBy,
			func(s string) bool { return hasOption(pullByOptions, s) }},
		{"sync_interval", "Choose how often to sync from the list.", &f.Interval,
			func(s string) bool { return hasOption(f.Intervals, s) }},
		{"conflict_policy", "Choose what happens when a field changed in both Salesforce and the app.", &f.Conflict,
			func(s string) bool {
				return slices.ContainsFunc(conflictChoices, func(c conflictChoice) bool { return c.Value == s })
			}},
	} {
		val, sent := v[s.name]
		if !sent {
			continue
		}
		if len(val) != 1 || !s.ok(val[0]) {
			bad, msg = firstProblem(bad, msg, s.name, s.msg)
			continue
		}
		*s.dst = val[0]
	}
	switch v.Get("write_enabled") {
	case "on":
		f.WriteEnabled = true
	case "":
		f.WriteEnabled = false
	default:
		bad, msg = firstProblem(bad, msg, "write_enabled", "Turn “Enable writing to Salesforce” on or off.")
	}
	return bad, msg
}

func firstProblem(bad, msg, field, m string) (string, string) {
	if msg != "" {
		return bad, msg
	}
	return field, m
}

// GET /ui/integrations/{id}/sync
func (h *Handler) syncPage(w http.ResponseWriter, r *http.Request, s *session) error {
	v, c, err := h.sectionView(r.Context(), s, r.PathValue("id"), "sync")
	if err != nil {
		return err
	}
	f, err := h.loadSyncForm(r.Context(), c)
	if err != nil {
		return err
	}
	if r.URL.Query().Get("saved") == "1" {
		v.Notice = &notice{"success", "Sync settings saved."}
	}
	h.renderSync(w, r, http.StatusOK, v, f)
	return nil
}

func (h *Handler) renderSync(w http.ResponseWriter, r *http.Request, status int, v view, f syncForm) {
	v.Data, v.Scripts, v.Styles = f, []string{"sync.js"}, []string{"sync.css"}
	h.render(w, r, status, "sync", v)
}

// POST /ui/integrations/{id}/sync saves the whole form: every value is
// checked before anything is stored.
func (h *Handler) saveSync(w http.ResponseWriter, r *http.Request, s *session) error {
	ctx := r.Context()
	v, c, err := h.sectionView(ctx, s, r.PathValue("id"), "sync")
	if err != nil {
		return err
	}
	f, err := h.loadSyncForm(ctx, c)
	if err != nil {
		return err
	}
	if bad, msg := f.read(r.PostForm); msg != "" {
		f.Bad, f.Dirty = bad, true
		v.Notice = &notice{"error", "The sync settings were not saved. " + msg}
		h.renderSync(w, r, http.StatusBadRequest, v, f)
		return nil
	}
	if err := h.applySync(ctx, c, f); err != nil {
		return err
	}
	redirectSection(w, r, c.ID, "sync", url.Values{"saved": {"1"}})
	return nil
}

// applySync stores a checked form: the connection's settings, then each
// object's mapping.
func (h *Handler) applySync(ctx context.Context, c store.Connection, f syncForm) error {
	ws := c.WorkspaceID
	if _, err := h.conns.SetPullBy(ctx, ws, c.ID, store.PullBy(f.PullBy)); err != nil {
		return err
	}
	if _, err := h.conns.SetPeoplePriority(ctx, ws, c.ID, f.Priority); err != nil {
		return err
	}
	write, policy := f.WriteEnabled, store.ConflictPolicy(f.Conflict)
	if _, err := h.conns.SetWritePolicy(ctx, ws, c.ID, &write, &policy); err != nil {
		return err
	}
	secs, err := strconv.ParseInt(f.Interval, 10, 64)
	if err != nil {
		return fmt.Errorf("reading the checked interval %q: %w", f.Interval, err)
	}
	if _, err := h.conns.SetSyncInterval(ctx, ws, c.ID, time.Duration(secs)*time.Second); err != nil {
		return err
	}
	oms, err := h.store.ListObjectMappings(ctx, c.ID)
	if err != nil {
		return fmt.Errorf("listing object mappings: %w", err)
	}
	d := h.newDescriber(c)
	for _, o := range f.objects() {
		if err := h.applyObject(ctx, c, oms, *o, d); err != nil {
			return fmt.Errorf("saving the sync of %s: %w", o.Object, err)
		}
	}
	return nil
}

// applyObject stores one object's part of the form. Turning on an
// object that has no mapping maps it to its default app type (declared
// in the workspace when missing); an object on with no field mappings
// gets the default ones. Turning one off keeps its mappings.
func (h *Handler) applyObject(ctx context.Context, c store.Connection, oms []store.ObjectMapping, o syncObject, d *describer) error {
	om := findObjectMapping(oms, o.Object)
	if om == nil && !o.On {
		return nil
	}
	var m store.ObjectMapping
	if om != nil {
		m = *om
	} else {
		t, _ := mapping.Defaults(o.Object)
		if t.Name == "" {
			return errors.New("it has no default mapping")
		}
		if _, err := h.ensureAppType(ctx, c.WorkspaceID, t.Name, o.Object); err != nil {
			return err
		}
		m = store.ObjectMapping{ConnectionID: c.ID, Object: o.Object, AppType: t.Name, DeletePolicy: store.DeletePolicyMark}
	}
	before := m
	m.Enabled = o.On
	m.CreateDirection, m.UpdateDirection = store.Direction(o.Create), store.Direction(o.Update)
	m.OutboundDelete = o.AppDelete
	if om == nil || before != m {
		m.UpdatedAt = h.now().UTC()
		if _, err := h.store.PutObjectMapping(ctx, m); err != nil {
			return err
		}
	}
	if !o.On || (om != nil && !o.NoFields) || !o.HasDefaults {
		return nil
	}
	if om == nil {
		oms = append(slices.Clone(oms), m)
	}
	_, err := h.restoreDefaults(ctx, c, m, oms, d)
	return err
}
