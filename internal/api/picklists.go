package api

import (
	"errors"
	"net/http"

	"github.com/sfbridge/sfbridge/internal/picklist"
	"github.com/sfbridge/sfbridge/internal/store"
	"github.com/sfbridge/sfbridge/salesforce"
)

type picklistValuesRequest struct {
	AppField string `json:"app_field"`
	SFField  string `json:"sf_field"`
	// Add is the admin's leave to add the missing values to the org.
	Add bool `json:"add"`
}

type picklistMatchView struct {
	Option string `json:"option"`
	Value  string `json:"value"`
}

type picklistUnmatchedView struct {
	Option  string `json:"option"`
	Reason  string `json:"reason"`
	Message string `json:"message"`
}

type picklistValuesView struct {
	Object    string                  `json:"object"`
	SFField   string                  `json:"sf_field"`
	AppType   string                  `json:"app_type"`
	AppField  string                  `json:"app_field"`
	Matched   []picklistMatchView     `json:"matched"`
	Added     []string                `json:"added"`
	Unmatched []picklistUnmatchedView `json:"unmatched"`
	Notes     []string                `json:"notes,omitempty"`
}

// POST /v1/workspaces/{ws}/connections/{id}/objects/{object}/picklist-values
// reconciles an app list field's options with a picklist of the mapped
// object: matched options, options added to the picklist (with add),
// and the unmatched with why and what to do.
func (s *Server) reconcilePicklist(w http.ResponseWriter, r *http.Request) error {
	object := r.PathValue("object")
	if err := checkObjectName("Object", object); err != nil {
		return err
	}
	c, err := s.connection(r)
	if err != nil {
		return err
	}
	var req picklistValuesRequest
	if err := decodeBody(w, r, &req, false); err != nil {
		return err
	}
	if err := requireText("app_field", req.AppField, 80); err != nil {
		return err
	}
	if !objectNameRE.MatchString(req.SFField) {
		return errorf(http.StatusBadRequest, CodeInvalidInput,
			"Field \"sf_field\" must be a Salesforce field API name (such as LeadSource or Tier__c), not %q.", req.SFField)
	}
	oms, err := s.store.ListObjectMappings(r.Context(), c.ID)
	if err != nil {
		return err
	}
	om := findObject(oms, object)
	if om == nil {
		return errObjectNotMapped(object)
	}
	t, err := s.appType(r, om.AppType)
	if err != nil {
		return err
	}
	var field *store.AppField
	for i := range t.Fields {
		if t.Fields[i].Name == req.AppField {
			field = &t.Fields[i]
		}
	}
	if field == nil {
		return errorf(http.StatusBadRequest, CodeInvalidInput,
			"App type %s (mapped to %s) has no field %q. See GET /v1/workspaces/{ws}/app-types/%s for its fields.", t.Name, om.Object, req.AppField, t.Name)
	}
	client, err := s.conns.Client(r.Context(), c.WorkspaceID, c.ID)
	if err != nil {
		return connectionErr(r, err)
	}
	res, err := picklist.Reconcile(r.Context(), client, *field, om.Object, req.SFField, req.Add)
	var api *salesforce.APIError
	switch {
	case errors.Is(err, picklist.ErrNotList):
		return errorf(http.StatusBadRequest, CodeInvalidInput,
			"App field %s.%s is a %s field; only list and multi_list fields have options to reconcile with a picklist.", t.Name, field.Name, field.Type)
	case errors.Is(err, picklist.ErrNoField):
		return errorf(http.StatusBadRequest, CodeInvalidInput,
			"%s has no field %s that the connected user (%s) can see. Check the API name (custom fields end in __c) and its field-level security.", om.Object, req.SFField, c.Username)
	case errors.Is(err, picklist.ErrNotPicklist):
		return errorf(http.StatusBadRequest, CodeInvalidInput, "Salesforce field %s.%s is not a picklist: %v.", om.Object, req.SFField, err)
	case errors.As(err, &api) && api.StatusCode == http.StatusNotFound && res.Object == "":
		return errorf(http.StatusBadRequest, CodeInvalidInput,
			"Salesforce has no object %s that the connected user can see. Check the API name and the user's object permissions.", om.Object)
	case err != nil:
		return s.salesforceFailure(r, c, err, "change the values of "+om.Object+"."+req.SFField)
	}
	v := picklistValuesView{Object: res.Object, SFField: res.Field, AppType: t.Name, AppField: field.Name,
		Matched: make([]picklistMatchView, 0, len(res.Matched)), Added: res.Added, Unmatched: make([]picklistUnmatchedView, 0, len(res.Unmatched)),
		Notes: res.Notes}
	if v.Added == nil {
		v.Added = []string{}
	}
	for _, m := range res.Matched {
		v.Matched = append(v.Matched, picklistMatchView(m))
	}
	for _, u := range res.Unmatched {
		v.Unmatched = append(v.Unmatched, picklistUnmatchedView{Option: u.Option, Reason: string(u.Reason), Message: u.Message})
	}
	writeJSON(w, http.StatusOK, v)
	return nil
}
