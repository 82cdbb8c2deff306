package api

import (
	"net/http"
	"strings"
	"time"

	"github.com/sfbridge/sfbridge/internal/mapping"
	"github.com/sfbridge/sfbridge/internal/store"
)

type createFieldMappingRequest struct {
	Object    string `json:"object"`
	SFField   string `json:"sf_field"`
	AppField  string `json:"app_field"`
	Direction string `json:"direction"`
}

type fieldMappingView struct {
	ID           string    `json:"id"`
	ConnectionID string    `json:"connection_id"`
	Object       string    `json:"object"`
	SFField      string    `json:"sf_field"`
	AppField     string    `json:"app_field"`
	Direction    string    `json:"direction"`
	CreatedAt    time.Time `json:"created_at"`
	// The list options on either side that do not match, only in the
	// answer that creates a list mapping: values of these cannot be
	// converted and are reported by runs, never dropped silently.
	UnmatchedAppOptions []string `json:"unmatched_app_options,omitempty"`
	UnmatchedSFValues   []string `json:"unmatched_sf_values,omitempty"`
}

func viewFieldMapping(m store.FieldMapping) fieldMappingView {
	return fieldMappingView{ID: m.ID, ConnectionID: m.ConnectionID, Object: m.Object, SFField: m.SFField, AppField: m.AppField,
		Direction: m.Direction, CreatedAt: m.CreatedAt}
}

// objectTypes is how references resolve on c: the standard objects'
// default app types, overridden by the objects mapped on c.
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

// POST /v1/workspaces/{ws}/connections/{id}/mappings: maps one app field
// to one Salesforce field, checked against the org's describe and the
// app type before it is stored.
func (s *Server) createFieldMapping(w http.ResponseWriter, r *http.Request) error {
	c, err := s.connection(r)
	if err != nil {
		return err
	}
	var req createFieldMappingRequest
	if err := decodeBody(w, r, &req, false); err != nil {
		return err
	}
	if err := checkObjectName("Field \"object\"", req.Object); err != nil {
		return err
	}
	if !objectNameRE.MatchString(req.SFField) {
		return errorf(http.StatusBadRequest, CodeInvalidInput, "Field \"sf_field\" must be a Salesforce field API name (such as Email or Region__c), not %q.", req.SFField)
	}
	if !appNameRE.MatchString(req.AppField) {
		return errorf(http.StatusBadRequest, CodeInvalidInput, "Field \"app_field\" must be an app field name (lowercase letters, digits and underscores), not %q.", req.AppField)
	}
	switch req.Direction {
	case "":
		req.Direction = mapping.Both
	case mapping.Inbound, mapping.Outbound, mapping.Both:
	default:
		return errorf(http.StatusBadRequest, CodeInvalidInput,
			"Field \"direction\" must be %q (Salesforce to the app), %q (the app to Salesforce) or %q, not %q.",
			mapping.Inbound, mapping.Outbound, mapping.Both, req.Direction)
	}

	oms, err := s.store.ListObjectMappings(r.Context(), c.ID)
	if err != nil {
		return err
	}
	om := findObject(oms, req.Object)
	if om == nil {
		return errObjectNotMapped(req.Object)
	}
	appType, err := s.store.GetAppType(r.Context(), c.WorkspaceID, om.AppType)
	if err != nil {
		return err
	}
	describe, err := s.describe(r, c, om.Object)
	if err != nil {
		return err
	}
	existing, err := s.store.ListFieldMappings(r.Context(), c.ID)
	if err != nil {
		return err
	}
	var same []store.FieldMapping
	for _, m := range existing {
		if strings.EqualFold(m.Object, om.Object) {
			same = append(same, m)
		}
	}
	fm := store.FieldMapping{ConnectionID: c.ID, Object: om.Object, SFField: req.SFField, AppField: req.AppField, Direction: req.Direction}
	if f := describe.Field(req.SFField); f != nil {
		fm.SFField = f.Name // Salesforce's spelling
	}
	// Problems come in mapping order and those of a mapping do not
	// depend on the ones after it, so the new mapping's are the ones
	// past the existing mappings' own.
	types := objectTypes(oms)
	before := len(mapping.Validate(appType, describe, same, types))
	all := mapping.Validate(appType, describe, append(same, fm), types)
	if problems := all[before:]; len(problems) > 0 {
		msgs := make([]string, len(problems))
		for i, p := range problems {
			msgs[i] = p.Message
		}
		return errorf(http.StatusBadRequest, CodeInvalidMapping, "%s.", strings.Join(msgs, "; "))
	}
	created, err := s.store.CreateFieldMapping(r.Context(), fm)
	if err != nil {
		return err
	}
	v := viewFieldMapping(created)
	for _, g := range mapping.OptionGaps(appType, describe, []store.FieldMapping{created}) {
		v.UnmatchedAppOptions, v.UnmatchedSFValues = g.UnmatchedApp, g.UnmatchedSF
	}
	writeJSON(w, http.StatusCreated, v)
	return nil
}

// GET /v1/workspaces/{ws}/connections/{id}/mappings
func (s *Server) listFieldMappings(w http.ResponseWriter, r *http.Request) error {
	c, err := s.connection(r)
	if err != nil {
		return err
	}
	ms, err := s.store.ListFieldMappings(r.Context(), c.ID)
	if err != nil {
		return err
	}
	out := list[fieldMappingView]{Data: make([]fieldMappingView, 0, len(ms))}
	for _, m := range ms {
		out.Data = append(out.Data, viewFieldMapping(m))
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

type choiceView struct {
	Name  string `json:"name"`
	Label string `json:"label"`
	Type  string `json:"type"`
	// InboundOnly marks fields that can only be read into the app, and
	// InboundOnlyReason says why (read-only, a formula, lossy).
	InboundOnly       bool   `json:"inbound_only"`
	InboundOnlyReason string `json:"inbound_only_reason,omitempty"`
}

type choicesView struct {
	Object   string       `json:"object"`
	AppType  string       `json:"app_type"`
	AppField appFieldView `json:"app_field"`
	Data     []choiceView `json:"data"`
}

// GET /v1/workspaces/{ws}/connections/{id}/objects/{object}/choices?app_field=
// lists the object's Salesforce fields an app field can map to, so a UI
// offers only those.
func (s *Server) fieldChoices(w http.ResponseWriter, r *http.Request) error {
	object := r.PathValue("object")
	if err := checkObjectName("Object", object); err != nil {
		return err
	}
	name := r.URL.Query().Get("app_field")
	if name == "" {
		return errorf(http.StatusBadRequest, CodeInvalidInput, "Query parameter app_field is required: the app field to find Salesforce fields for.")
	}
	c, err := s.connection(r)
	if err != nil {
		return err
	}
	oms, err := s.store.ListObjectMappings(r.Context(), c.ID)
	if err != nil {
		return err
	}
	om := findObject(oms, object)
	if om == nil {
		return errObjectNotMapped(object)
	}
	appType, err := s.store.GetAppType(r.Context(), c.WorkspaceID, om.AppType)
	if err != nil {
		return err
	}
	var field *store.AppField
	for i := range appType.Fields {
		if appType.Fields[i].Name == name {
			field = &appType.Fields[i]
		}
	}
	if field == nil {
		return errorf(http.StatusBadRequest, CodeInvalidInput, "App type %s has no field %q. See GET /v1/workspaces/{ws}/app-types/%s for its fields.", appType.Name, name, appType.Name)
	}
	describe, err := s.describe(r, c, om.Object)
	if err != nil {
		return err
	}
	out := choicesView{Object: om.Object, AppType: appType.Name, AppField: viewAppType(store.AppType{Fields: []store.AppField{*field}}).Fields[0], Data: []choiceView{}}
	for _, n := range mapping.Choices(*field, describe, objectTypes(oms)) {
		f := describe.Field(n)
		only, why := mapping.InboundOnly(*field, f)
		out.Data = append(out.Data, choiceView{Name: f.Name, Label: f.Label, Type: f.Type, InboundOnly: only, InboundOnlyReason: why})
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}
