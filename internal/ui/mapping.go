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
	"github.com/sfbridge/sfbridge/salesforce"
)

// mappingRoutes registers the mapping section: one object's field
// mappings at a time, chosen among the connection's mapped objects.
func (h *Handler) mappingRoutes(m *http.ServeMux) {
	m.Handle("GET /ui/integrations/{id}/mapping", h.authed(h.mappingPage))
	m.Handle("POST /ui/integrations/{id}/mapping", h.authed(h.saveMapping))
	m.Handle("POST /ui/integrations/{id}/mapping/defaults", h.authed(h.useDefaultMappings))
}

// fieldDirectionOptions are the directions of one field mapping.
var fieldDirectionOptions = []option{
	{mapping.Inbound, "← Salesforce to app"},
	{mapping.Outbound, "→ App to Salesforce"},
	{mapping.Both, "↔ Both ways"},
}

func newStoredMapping(m store.FieldMapping, dropped bool) storedMapping {
	sm := storedMapping{AppField: m.AppField, SFField: m.SFField, Direction: m.Direction, Label: m.Direction, Dropped: dropped}
	for _, o := range fieldDirectionOptions {
		if o.Value == m.Direction {
			sm.Arrow, sm.Label, _ = strings.Cut(o.Label, " ")
		}
	}
	return sm
}

// mappingData is the mapping section of one object.
type mappingData struct {
	ID      string
	Objects []objectLink
	// Object is the object shown, "" when the connection maps none.
	Object, ObjectLabel, AppType string
	Enabled                      bool
	// Connected says Salesforce has a token to describe the object
	// with; DescribeError says why a describe failed. Without a
	// describe the page lists the stored mappings and offers no form.
	Connected     bool
	DescribeError string
	Rows          []mappingRow
	// Stored are the object's mappings as stored, for the page without
	// a describe; Extra those the table has no row for, which a save
	// keeps (a second mapping of an app field) or drops (an app field
	// the type no longer has).
	Stored, Extra []storedMapping
	// NoMappings: the object has no field mappings (a disconnect removed
	// them); CanRestore: mapping.Defaults has some for it.
	NoMappings, CanRestore bool
	Picklists              []picklistMatch
	Directions             []option
	Dirty                  bool
}

// objectLink is one object of the picker.
type objectLink struct {
	Object, Label, Href string
	Current, Off        bool
}

// mappingRow is one app field and the Salesforce field it maps to.
type mappingRow struct {
	Field, Label, Type string
	SFField, Direction string
	Choices            []sfChoice
	// OnlyInbound: the chosen Salesforce field can only be read.
	OnlyInbound bool
	// Problem says what is wrong with the row; BadDirection that it is
	// the direction.
	Problem      string
	BadDirection bool
}

// sfChoice is a Salesforce field offered for an app field.
type sfChoice struct {
	Name, Text  string
	InboundOnly bool
}

// storedMapping is a field mapping as the page lists it.
type storedMapping struct {
	AppField, SFField, Direction string
	// Arrow and Label show the direction: "←" and "Salesforce to app".
	Arrow, Label string
	// Dropped: a save removes it (its app field is gone).
	Dropped bool
}

// picklistMatch is how a mapped list field's options meet the
// picklist's values.
type picklistMatch struct {
	Field, Label, SFField string
	// Open lists have no options and take Salesforce's Values as they
	// are.
	Open   bool
	Values []string
	Pairs  []optionPair
	Gaps   int
}

// optionPair is an app option and its picklist value, or one of them
// alone, flagged.
type optionPair struct {
	Option, Value     string
	NotInSF, NotInApp bool
}

// errNotConnected: the connection has no token to describe with.
var errNotConnected = errors.New("ui: the connection is not connected")

// isConnected reports whether c has a token to call Salesforce with.
func isConnected(c store.Connection) bool {
	return c.Status != store.StatusDisconnected && c.RefreshTokenSealed != nil
}

// describer reads describes over one client of a connection, made on
// first use, for the length of a request.
type describer struct {
	h      *Handler
	c      store.Connection
	client *salesforce.Client
	err    error
}

func (h *Handler) newDescriber(c store.Connection) *describer { return &describer{h: h, c: c} }

func (d *describer) describe(ctx context.Context, object string) (*salesforce.SObjectDescribe, error) {
	if !isConnected(d.c) {
		return nil, errNotConnected
	}
	if d.client == nil && d.err == nil {
		d.client, d.err = d.h.conns.Client(ctx, d.c.WorkspaceID, d.c.ID)
	}
	if d.err != nil {
		return nil, d.err
	}
	return d.client.Describe(ctx, object)
}

// describeProblem says in plain words why the fields of object could
// not be listed, and what to do.
func (h *Handler) describeProblem(ctx context.Context, err error, object string) string {
	var (
		ce     *connection.Error
		api    *salesforce.APIError
		reauth *salesforce.ReauthorizationError
	)
	switch {
	case errors.As(err, &reauth):
		return "Salesforce no longer accepts this integration's token, so the fields of " + object +
			" cannot be listed. Re-generate the token on the Overview tab, then come back."
	case errors.As(err, &ce):
		return sentence(ce.Message)
	case errors.As(err, &api) && api.StatusCode == http.StatusNotFound:
		return "Salesforce has no object " + object + " that the connected user can see. Check the user's object permissions in Salesforce."
	case errors.As(err, &api):
		return "Salesforce refused to list the fields of " + object + ": " + api.Message + ". Try again in a moment."
	}
	h.log.WarnContext(ctx, "ui: describing an object", "object", object, "err", err)
	return "Salesforce could not be reached to list the fields of " + object +
		". Try again in a moment, or run Test Connection on the Overview tab."
}

// objectTypes is how references resolve on a connection: the standard
// objects' default app types, overridden by the objects it maps (as the
// API resolves them).
func objectTypes(oms []store.ObjectMapping) mapping.ObjectTypes {
	types := mapping.DefaultObjectTypes()
	for _, om := range oms {
		for k := range types {
			if strings.EqualFold(k, om.Object) {
				delete(types, k)
			}
		}
		types[om.Object] = om.AppType
	}
	return types
}

// appTypeOf reads the app type om syncs as. A default type the
// workspace has not declared yet is used as mapping.Defaults gives it,
// without storing it.
func (h *Handler) appTypeOf(ctx context.Context, wsID string, om store.ObjectMapping) (store.AppType, error) {
	t, err := h.store.GetAppType(ctx, wsID, om.AppType)
	if err == nil {
		return t, nil
	}
	if !errors.Is(err, store.ErrNotFound) {
		return store.AppType{}, fmt.Errorf("reading app type %s: %w", om.AppType, err)
	}
	if def, _ := mapping.Defaults(om.Object); def.Name == om.AppType {
		def.WorkspaceID = wsID
		return def, nil
	}
	return store.AppType{}, &connection.Error{Code: connection.CodeInvalidState, Status: http.StatusConflict,
		Message: fmt.Sprintf("%s syncs as app type %q, which this workspace has not declared. Declare the type through the API, then come back", om.Object, om.AppType)}
}

// ensureAppType returns app type name, which object syncs as, declaring
// mapping.Defaults' type in the workspace when it is missing.
func (h *Handler) ensureAppType(ctx context.Context, wsID, name, object string) (store.AppType, error) {
	t, err := h.appTypeOf(ctx, wsID, store.ObjectMapping{Object: object, AppType: name})
	if err != nil {
		return t, err
	}
	if t.CreatedAt.IsZero() {
		if t, err = h.store.PutAppType(ctx, t); err != nil {
			return t, fmt.Errorf("declaring app type %s: %w", name, err)
		}
	}
	return t, nil
}

// acceptedMappings are the mappings of ms that mapping.Validate finds
// no problem with, with Salesforce's spelling of the field names.
func acceptedMappings(t store.AppType, desc *salesforce.SObjectDescribe, ms []store.FieldMapping, types mapping.ObjectTypes) []store.FieldMapping {
	refused := map[[2]string]bool{}
	for _, p := range mapping.Validate(t, desc, ms, types) {
		refused[[2]string{p.Field, strings.ToLower(p.SFField)}] = true
	}
	var out []store.FieldMapping
	for _, m := range ms {
		if refused[[2]string{m.AppField, strings.ToLower(m.SFField)}] {
			continue
		}
		if f := desc.Field(m.SFField); f != nil {
			m.SFField = f.Name
		}
		out = append(out, m)
	}
	return out
}

// restoreDefaults gives om's object, which has no field mappings,
// mapping.Defaults' ones: those whose app field om's app type has and,
// when Salesforce can be asked, those mapping.Validate accepts against
// its describe. They are stored all or none. It returns how many it
// added.
func (h *Handler) restoreDefaults(ctx context.Context, c store.Connection, om store.ObjectMapping, oms []store.ObjectMapping, d *describer) (int, error) {
	t, err := h.ensureAppType(ctx, c.WorkspaceID, om.AppType, om.Object)
	if err != nil {
		return 0, err
	}
	_, defaults := mapping.Defaults(om.Object)
	var ms []store.FieldMapping
	for _, fm := range defaults {
		if slices.ContainsFunc(t.Fields, func(f store.AppField) bool { return f.Name == fm.AppField }) {
			fm.ConnectionID, fm.Object = c.ID, om.Object
			ms = append(ms, fm)
		}
	}
	if desc, err := d.describe(ctx, om.Object); err == nil {
		ms = acceptedMappings(t, desc, ms, objectTypes(oms))
	} else if !errors.Is(err, errNotConnected) {
		// The defaults fit the standard objects; the mapping page
		// shows any Salesforce then refuses.
		h.log.WarnContext(ctx, "ui: restoring default mappings without a describe", "object", om.Object, "err", err)
	}
	if _, err := h.store.ReplaceFieldMappings(ctx, c.ID, om.Object, ms); err != nil {
		return 0, fmt.Errorf("storing the default mappings of %s: %w", om.Object, err)
	}
	return len(ms), nil
}

// replaceFieldMappings replaces object's field mappings on c with ms in
// one transaction of the store, so the other objects' are never
// missing, not even while a sync reads them.
func (h *Handler) replaceFieldMappings(ctx context.Context, connID, object string, ms []store.FieldMapping) error {
	all, err := h.store.ListFieldMappings(ctx, connID)
	if err != nil {
		return fmt.Errorf("listing field mappings: %w", err)
	}
	var old []store.FieldMapping
	for _, m := range all {
		if strings.EqualFold(m.Object, object) {
			old = append(old, m)
		}
	}
	// Mappings that stay as they were keep their id and creation time,
	// so the order the store lists them in does not change.
	next := make([]store.FieldMapping, 0, len(ms))
	for _, m := range ms {
		m.ID, m.CreatedAt = "", time.Time{}
		if i := slices.IndexFunc(old, func(o store.FieldMapping) bool {
			return o.AppField == m.AppField && strings.EqualFold(o.SFField, m.SFField) && o.Direction == m.Direction
		}); i >= 0 {
			m.ID, m.CreatedAt = old[i].ID, old[i].CreatedAt
			old = slices.Delete(old, i, i+1)
		}
		next = append(next, m)
	}
	if _, err := h.store.ReplaceFieldMappings(ctx, connID, object, next); err != nil {
		return fmt.Errorf("storing the field mappings of %s: %w", object, err)
	}
	return nil
}

// mappingState is what the section reads for one object.
type mappingState struct {
	c       store.Connection
	oms     []store.ObjectMapping
	om      *store.ObjectMapping
	appType store.AppType
	// same are the object's field mappings.
	same []store.FieldMapping
	desc *salesforce.SObjectDescribe
}

// loadMapping reads the connection's object mappings, picks object (or
// the first) and reads its app type, field mappings and describe. A
// failed describe is in d.DescribeError, not an error.
func (h *Handler) loadMapping(ctx context.Context, c store.Connection, object string) (mappingState, mappingData, error) {
	st := mappingState{c: c}
	d := mappingData{ID: c.ID, Directions: fieldDirectionOptions, Connected: isConnected(c)}
	var err error
	if st.oms, err = h.store.ListObjectMappings(ctx, c.ID); err != nil {
		return st, d, fmt.Errorf("listing object mappings: %w", err)
	}
	for _, name := range offeredObjects(st.oms) {
		om := findObjectMapping(st.oms, name)
		if om == nil {
			continue
		}
		if st.om == nil && (object == "" || strings.EqualFold(object, om.Object)) {
			st.om = om
		}
		d.Objects = append(d.Objects, objectLink{Object: om.Object, Label: objectLabel(om.Object), Off: !om.Enabled,
			Href: integrationPath(c.ID, "mapping") + "?" + url.Values{"object": {om.Object}}.Encode()})
	}
	if st.om == nil {
		if object != "" {
			return st, d, &connection.Error{Code: connection.CodeNotFound, Status: http.StatusNotFound,
				Message: fmt.Sprintf("%s is not synced on this integration. Choose one of its objects on the Mapping tab, or turn it on in the Sync tab", object)}
		}
		return st, d, nil
	}
	om := *st.om
	for i := range d.Objects {
		d.Objects[i].Current = d.Objects[i].Object == om.Object
	}
	d.Object, d.ObjectLabel, d.Enabled = om.Object, objectLabel(om.Object), om.Enabled
	if st.appType, err = h.appTypeOf(ctx, c.WorkspaceID, om); err != nil {
		return st, d, err
	}
	d.AppType = cmp.Or(st.appType.Label, st.appType.Name)
	fms, err := h.store.ListFieldMappings(ctx, c.ID)
	if err != nil {
		return st, d, fmt.Errorf("listing field mappings: %w", err)
	}
	for _, m := range fms {
		if strings.EqualFold(m.Object, om.Object) {
			st.same = append(st.same, m)
		}
	}
	_, defaults := mapping.Defaults(om.Object)
	d.NoMappings, d.CanRestore = len(st.same) == 0, defaults != nil
	if d.Connected {
		if st.desc, err = h.newDescriber(c).describe(ctx, om.Object); err != nil {
			d.DescribeError = h.describeProblem(ctx, err, om.Object)
			st.desc = nil
		}
	}
	return st, d, nil
}

// fill builds the table from ms, the mappings to show (stored or
// submitted), and the problems found with them.
func (st mappingState) fill(d *mappingData, ms []store.FieldMapping, problems []mapping.Problem) {
	d.Rows, d.Stored, d.Extra, d.Picklists = nil, nil, nil, nil
	for _, m := range st.same {
		_, known := fieldOf(st.appType, m.AppField)
		d.Stored = append(d.Stored, newStoredMapping(m, !known))
	}
	if st.desc == nil {
		return
	}
	types := objectTypes(st.oms)
	shown := map[string]bool{}
	for _, f := range st.appType.Fields {
		row := mappingRow{Field: f.Name, Label: cmp.Or(f.Label, f.Name), Type: appTypeText(f)}
		for _, m := range ms {
			if m.AppField == f.Name {
				row.SFField, row.Direction = m.SFField, m.Direction
				shown[m.AppField] = true
				break
			}
		}
		for _, n := range mapping.Choices(f, st.desc, types) {
			sf := st.desc.Field(n)
			only, _ := mapping.InboundOnly(f, sf)
			text := cmp.Or(sf.Label, sf.Name) + " (" + sf.Name + ")"
			if only {
				text += ", read only"
			}
			row.Choices = append(row.Choices, sfChoice{Name: sf.Name, Text: text, InboundOnly: only})
			if strings.EqualFold(row.SFField, sf.Name) {
				row.SFField, row.OnlyInbound = sf.Name, only
			}
		}
		if row.Direction == "" {
			row.Direction = mapping.Both
			if row.OnlyInbound {
				row.Direction = mapping.Inbound
			}
		}
		if row.SFField != "" && !slices.ContainsFunc(row.Choices, func(c sfChoice) bool { return c.Name == row.SFField }) {
			// A stored field that is not offered (hidden, deleted or
			// incompatible) stays visible, with its problem.
			row.Choices = append(row.Choices, sfChoice{Name: row.SFField, Text: row.SFField + " (cannot be mapped here)"})
		}
		var msgs []string
		for _, p := range problems {
			if p.Field == f.Name {
				msgs = append(msgs, sentence(p.Message))
				row.BadDirection = row.BadDirection || p.Code == mapping.CodeBadDirection
			}
		}
		row.Problem = strings.Join(msgs, " ")
		d.Rows = append(d.Rows, row)
		if pm, ok := matchPicklist(f, st.desc.Field(row.SFField), types); ok && row.SFField != "" {
			d.Picklists = append(d.Picklists, pm)
		}
	}
	for _, m := range ms {
		if _, known := fieldOf(st.appType, m.AppField); !known || (shown[m.AppField] && !sameRow(d.Rows, m)) {
			d.Extra = append(d.Extra, newStoredMapping(m, !known))
		}
	}
}

// sameRow reports whether m is the mapping a row shows.
func sameRow(rows []mappingRow, m store.FieldMapping) bool {
	for _, r := range rows {
		if r.Field == m.AppField {
			return strings.EqualFold(r.SFField, m.SFField) && r.Direction == m.Direction
		}
	}
	return false
}

func fieldOf(t store.AppType, name string) (store.AppField, bool) {
	for _, f := range t.Fields {
		if f.Name == name {
			return f, true
		}
	}
	return store.AppField{}, false
}

// appTypeText names an app field's type: "email", "reference to account".
func appTypeText(f store.AppField) string {
	t := strings.ReplaceAll(string(f.Type), "_", " ")
	if f.Type == store.AppReference && f.RefType != "" {
		t += " to " + f.RefType
	}
	return t
}

// matchPicklist matches a mapped list field's options to its picklist's
// values (mapping.MatchOptions, as mapping.OptionGaps does), or says the
// pair is not a list and a picklist.
func matchPicklist(f store.AppField, sf *salesforce.Field, types mapping.ObjectTypes) (picklistMatch, bool) {
	if sf == nil || (f.Type != store.AppList && f.Type != store.AppMultiList) {
		return picklistMatch{}, false
	}
	if ok, _ := mapping.Compatible(f, sf, types); !ok {
		return picklistMatch{}, false
	}
	pm := picklistMatch{Field: f.Name, Label: cmp.Or(f.Label, f.Name), SFField: sf.Name}
	if len(f.Options) == 0 {
		pm.Open = true
		for _, v := range sf.PicklistValues {
			if v.Active {
				pm.Values = append(pm.Values, v.Value)
			}
		}
		return pm, true
	}
	matched, unApp, unSF := mapping.MatchOptions(f.Options, sf.PicklistValues)
	for _, opt := range f.Options {
		if v, ok := matched[opt]; ok {
			pm.Pairs = append(pm.Pairs, optionPair{Option: opt, Value: v})
		}
	}
	for _, opt := range unApp {
		pm.Pairs = append(pm.Pairs, optionPair{Option: opt, NotInSF: true})
	}
	for _, v := range unSF {
		pm.Pairs = append(pm.Pairs, optionPair{Value: v, NotInApp: true})
	}
	pm.Gaps = len(unApp) + len(unSF)
	return pm, true
}

// GET /ui/integrations/{id}/mapping?object=Contact
func (h *Handler) mappingPage(w http.ResponseWriter, r *http.Request, s *session) error {
	ctx := r.Context()
	v, c, err := h.sectionView(ctx, s, r.PathValue("id"), "mapping")
	if err != nil {
		return err
	}
	q := r.URL.Query()
	st, d, err := h.loadMapping(ctx, c, q.Get("object"))
	if err != nil {
		return err
	}
	if st.om != nil {
		var problems []mapping.Problem
		if st.desc != nil {
			problems = mapping.Validate(st.appType, st.desc, st.same, objectTypes(st.oms))
		}
		st.fill(&d, st.same, problems)
	}
	switch {
	case q.Get("saved") == "1" && d.Object != "":
		v.Notice = &notice{"success", "Field mappings of " + d.ObjectLabel + " saved."}
	case q.Has("restored") && d.Object != "":
		if n, err := strconv.Atoi(q.Get("restored")); err == nil && n > 0 {
			v.Notice = &notice{"success", "Default mappings restored: " + plural(n, "field mapping") + " for " + d.ObjectLabel + "."}
		} else if err == nil {
			v.Notice = &notice{"info", "None of the default mappings fit the fields of " + d.ObjectLabel + ". Map its fields in the table."}
		}
	}
	h.renderMapping(w, r, http.StatusOK, v, d)
	return nil
}

func (h *Handler) renderMapping(w http.ResponseWriter, r *http.Request, status int, v view, d mappingData) {
	v.Data, v.Scripts, v.Styles = d, []string{"mapping.js"}, []string{"mapping.css"}
	if d.Object != "" {
		v.Title += " · " + d.ObjectLabel
	}
	h.render(w, r, status, "mapping", v)
}

// POST /ui/integrations/{id}/mapping with object, sf.<app field> and
// dir.<app field>: replaces the object's field mappings with the
// submitted ones, once mapping.Validate finds no problem.
func (h *Handler) saveMapping(w http.ResponseWriter, r *http.Request, s *session) error {
	ctx := r.Context()
	v, c, err := h.sectionView(ctx, s, r.PathValue("id"), "mapping")
	if err != nil {
		return err
	}
	object := r.PostFormValue("object")
	if object == "" {
		return &connection.Error{Code: connection.CodeInvalidInput, Status: http.StatusBadRequest,
			Message: "The form did not say which object to save. Reload the Mapping tab and try again"}
	}
	st, d, err := h.loadMapping(ctx, c, object)
	if err != nil {
		return err
	}
	if st.desc == nil {
		st.fill(&d, st.same, nil)
		msg := "The field mappings were not saved: Salesforce is not connected, so they cannot be checked against its fields. Connect on the Overview tab, then map them again."
		if d.DescribeError != "" {
			msg = "The field mappings were not saved. " + d.DescribeError
		}
		v.Notice = &notice{"error", msg}
		h.renderMapping(w, r, http.StatusConflict, v, d)
		return nil
	}
	ms, formErr := st.readMappings(r.PostForm)
	if formErr != "" {
		st.fill(&d, st.same, nil)
		v.Notice = &notice{"error", formErr}
		h.renderMapping(w, r, http.StatusBadRequest, v, d)
		return nil
	}
	problems := mapping.Validate(st.appType, st.desc, ms, objectTypes(st.oms))
	for i, p := range problems {
		if p.Code == mapping.CodeBadDirection {
			problems[i].Message = "choose a direction: ← Salesforce to app, → App to Salesforce or ↔ Both ways"
		}
	}
	if len(problems) > 0 {
		st.fill(&d, ms, problems)
		d.Dirty = true
		v.Notice = &notice{"error", fmt.Sprintf("The field mappings were not saved: %s to fix. Change the marked rows and save again; nothing was changed.",
			plural(len(problems), "problem"))}
		h.renderMapping(w, r, http.StatusBadRequest, v, d)
		return nil
	}
	if err := h.replaceFieldMappings(ctx, c.ID, st.om.Object, ms); err != nil {
		return err
	}
	redirectSection(w, r, c.ID, "mapping", url.Values{"object": {st.om.Object}, "saved": {"1"}})
	return nil
}

// readMappings reads the submitted rows into mappings: the rows with a
// Salesforce field, then the stored mappings the table does not show
// but a save keeps. A field the app type does not have makes the whole
// form wrong (formErr).
func (st mappingState) readMappings(v url.Values) (ms []store.FieldMapping, formErr string) {
	for key := range v {
		name, ok := strings.CutPrefix(key, "sf.")
		if !ok {
			name, ok = strings.CutPrefix(key, "dir.")
		}
		if !ok {
			continue
		}
		if _, known := fieldOf(st.appType, name); !known {
			return nil, fmt.Sprintf("The field mappings were not saved: the form names app field %q, which %s does not have. Reload the page and try again.",
				name, cmp.Or(st.appType.Label, st.appType.Name))
		}
	}
	shown := map[string]bool{}
	for _, f := range st.appType.Fields {
		sf := strings.TrimSpace(v.Get("sf." + f.Name))
		shown[f.Name] = true
		if sf == "" {
			continue
		}
		m := store.FieldMapping{ConnectionID: st.c.ID, Object: st.om.Object, SFField: sf, AppField: f.Name, Direction: v.Get("dir." + f.Name)}
		if field := st.desc.Field(sf); field != nil {
			m.SFField = field.Name
		}
		switch m.Direction {
		case mapping.Inbound, mapping.Outbound, mapping.Both:
		case "":
			// A browser sends no direction when the chosen one is
			// disabled: read-only fields go inbound, others both ways.
			m.Direction = mapping.Both
			if only, _ := mapping.InboundOnly(f, st.desc.Field(sf)); only {
				m.Direction = mapping.Inbound
			}
		}
		// Any other direction is kept for mapping.Validate to refuse, so
		// the row shows what was sent.
		ms = append(ms, m)
	}
	// Second mappings of an app field have no row; they are kept.
	first := map[string]bool{}
	for _, m := range st.same {
		if !first[m.AppField] {
			first[m.AppField] = true
			continue
		}
		if shown[m.AppField] {
			ms = append(ms, m)
		}
	}
	return ms, ""
}

// POST /ui/integrations/{id}/mapping/defaults with object: "Use the
// default mappings" for an object that has none (after a disconnect).
func (h *Handler) useDefaultMappings(w http.ResponseWriter, r *http.Request, s *session) error {
	ctx := r.Context()
	v, c, err := h.sectionView(ctx, s, r.PathValue("id"), "mapping")
	if err != nil {
		return err
	}
	object := r.PostFormValue("object")
	if object == "" {
		return &connection.Error{Code: connection.CodeInvalidInput, Status: http.StatusBadRequest,
			Message: "The form did not say which object to restore. Reload the Mapping tab and try again"}
	}
	st, d, err := h.loadMapping(ctx, c, object)
	if err != nil {
		return err
	}
	if !d.NoMappings || !d.CanRestore {
		st.fill(&d, st.same, nil)
		msg := d.Object + " already has field mappings, so the defaults were not added. Change them in the table and save."
		if !d.CanRestore {
			msg = "There are no default mappings for " + d.ObjectLabel + ". Map its fields in the table."
		}
		v.Notice = &notice{"error", msg}
		h.renderMapping(w, r, http.StatusConflict, v, d)
		return nil
	}
	n, err := h.restoreDefaults(ctx, c, *st.om, st.oms, h.newDescriber(c))
	if err != nil {
		return err
	}
	redirectSection(w, r, c.ID, "mapping", url.Values{"object": {st.om.Object}, "restored": {strconv.Itoa(n)}})
	return nil
}
