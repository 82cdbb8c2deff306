package api

import (
	"cmp"
	"errors"
	"net/http"
	"regexp"
	"strings"

	"github.com/sfbridge/sfbridge/internal/store"
	"github.com/sfbridge/sfbridge/salesforce"
)

// Defaults of the external id field sfbridge creates.
const (
	defaultExternalIDName  = "Sfbridge_Id__c"
	defaultExternalIDLabel = "sfbridge ID"
)

// customFieldRE is the shape of a custom field's API name: letters,
// digits and single underscores, starting with a letter, ending in __c.
var customFieldRE = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9]*(_[A-Za-z0-9]+)*__c$`)

type externalIDFieldRequest struct {
	Name  string `json:"name"`
	Label string `json:"label"`
}

type externalIDFieldView struct {
	Object string `json:"object"`
	Field  string `json:"field"`
	// Created is false when the field existed already.
	Created bool              `json:"created"`
	Mapping objectMappingView `json:"mapping"`
}

// POST /v1/workspaces/{ws}/connections/{id}/objects/{object}/external-id-field
// creates a unique text External ID field on the object (the admin
// agrees to the change in their org by calling it), checks that the
// connected user can see and edit it, and makes it the mapping's
// external_id_field: creates then upsert on the app record's id, so a
// retried create never makes a second record.
func (s *Server) createExternalIDField(w http.ResponseWriter, r *http.Request) error {
	object := r.PathValue("object")
	if err := checkObjectName("Object", object); err != nil {
		return err
	}
	c, err := s.connection(r)
	if err != nil {
		return err
	}
	var req externalIDFieldRequest
	if err := decodeBody(w, r, &req, true); err != nil {
		return err
	}
	name := cmp.Or(req.Name, defaultExternalIDName)
	if !customFieldRE.MatchString(name) || len(strings.TrimSuffix(name, "__c")) > 40 {
		return errorf(http.StatusBadRequest, CodeInvalidInput,
			"Field \"name\" must be a custom field API name: up to 40 letters, digits and single underscores, starting with a letter and ending in __c (such as %s), not %q.",
			defaultExternalIDName, name)
	}
	label := strings.TrimSpace(cmp.Or(req.Label, defaultExternalIDLabel))
	if err := requireText("label", label, 40); err != nil {
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

	d, err := s.describe(r, c, om.Object)
	if err != nil {
		return err
	}
	if f := d.Field(name); f != nil {
		if err := usableExternalID(c, om.Object, f, http.StatusConflict); err != nil {
			return err
		}
		return s.setExternalIDField(w, r, *om, f.Name, false)
	}

	client, err := s.conns.Client(r.Context(), c.WorkspaceID, c.ID)
	if err != nil {
		return connectionErr(r, err)
	}
	_, err = client.CreateExternalIDField(r.Context(), salesforce.ExternalIDField{Object: om.Object, Name: name, Label: label, Unique: true})
	var api *salesforce.APIError
	switch {
	case err == nil:
	case errors.As(err, &api) && api.ErrorCode == "DUPLICATE_DEVELOPER_NAME":
		// The field exists, but the describe did not show it: field-level
		// security hides it from the connected user.
		return errorf(http.StatusConflict, CodeConflict,
			"%s already has a field %s, but the connected user (%s) cannot see it: field-level security hides it. %s Or send another \"name\" to create a new field.",
			om.Object, name, c.Username, grantFLS(om.Object, name))
	case errors.Is(err, salesforce.ErrInsufficientAccess):
		return errorf(http.StatusBadGateway, CodeSalesforceError,
			"Salesforce refused to create field %s.%s: the connected user (%s) needs the \"Customize Application\" permission to add fields. "+
				"Grant it (on the profile or a permission set), or have an admin create a unique Text field marked External ID and call PUT .../objects/%s with {\"external_id_field\": \"<its API name>\"}.",
			om.Object, name, c.Username, om.Object)
	default:
		return s.salesforceFailure(r, c, err, "create field "+om.Object+"."+name)
	}

	// A new client: the first one's describe cache predates the field.
	fresh, err := s.conns.Client(r.Context(), c.WorkspaceID, c.ID)
	if err != nil {
		return connectionErr(r, err)
	}
	after, err := fresh.Describe(r.Context(), om.Object)
	if err != nil {
		s.logInternal(r, err)
		return errorf(http.StatusBadGateway, CodeSalesforceError,
			"Field %s.%s was created, but reading %s back from Salesforce failed. Retry this call (it finds the field), or call PUT .../objects/%s with {\"external_id_field\": %q}.",
			om.Object, name, om.Object, om.Object, name)
	}
	f := after.Field(name)
	if f == nil || !f.Createable || !f.Updateable {
		return errorf(http.StatusConflict, CodeConflict,
			"sfbridge created the External ID field %s on %s, but the connected user (%s) cannot edit it yet: Salesforce does not grant field-level security on a new field to every profile. %s",
			name, om.Object, c.Username, grantFLS(om.Object, name))
	}
	if err := usableExternalID(c, om.Object, f, http.StatusConflict); err != nil {
		return err
	}
	return s.setExternalIDField(w, r, *om, f.Name, true)
}

// setExternalIDField stores field as om's external id field and answers
// the route: 201 when the field was created, 200 when it existed.
func (s *Server) setExternalIDField(w http.ResponseWriter, r *http.Request, om store.ObjectMapping, field string, created bool) error {
	om.ExternalIDField = field
	om.UpdatedAt = s.now().UTC()
	stored, err := s.store.PutObjectMapping(r.Context(), om)
	if err != nil {
		return err
	}
	status := http.StatusOK
	if created {
		status = http.StatusCreated
	}
	writeJSON(w, status, externalIDFieldView{Object: stored.Object, Field: field, Created: created, Mapping: viewObjectMapping(stored)})
	return nil
}

// checkExternalIDField checks that name is a field of object that
// PUT .../objects/{object} can make the external id field, and returns
// Salesforce's spelling of it.
func (s *Server) checkExternalIDField(r *http.Request, c store.Connection, object, name string) (string, error) {
	if !objectNameRE.MatchString(name) {
		return "", errorf(http.StatusBadRequest, CodeInvalidInput,
			"Field \"external_id_field\" must be a Salesforce field API name (such as %s), or empty for none, not %q.", defaultExternalIDName, name)
	}
	d, err := s.describe(r, c, object)
	if err != nil {
		return "", err
	}
	f := d.Field(name)
	if f == nil {
		return "", errorf(http.StatusBadRequest, CodeInvalidInput,
			"Field \"external_id_field\": %s has no field %s that the connected user (%s) can see: it does not exist, or field-level security hides it. "+
				"Create one with POST .../objects/%s/external-id-field, or %s",
			object, name, c.Username, object, lowerFirst(grantFLS(object, name)))
	}
	if err := usableExternalID(c, object, f, http.StatusBadRequest); err != nil {
		return "", err
	}
	return f.Name, nil
}

// usableExternalID refuses a field sfbridge cannot upsert on: one not
// marked External ID, not text (the app's ids are text), or that the
// connected user cannot edit. status is the answer's.
func usableExternalID(c store.Connection, object string, f *salesforce.Field, status int) error {
	code := CodeInvalidInput
	if status == http.StatusConflict {
		code = CodeConflict
	}
	switch {
	case !f.ExternalID:
		return errorf(status, code,
			"Salesforce field %s.%s is not marked External ID, so records cannot be upserted on it. Mark it External ID and Unique in Setup, or choose another field.",
			object, f.Name)
	case f.Type != "string":
		return errorf(status, code,
			"Salesforce field %s.%s is a %s field; the external id field holds the app's record ids, so it must be a Text field. Choose another field.",
			object, f.Name, f.Type)
	case !f.Createable || !f.Updateable:
		return errorf(status, code,
			"Salesforce field %s.%s is read-only for the connected user (%s). %s",
			object, f.Name, c.Username, grantFLS(object, f.Name))
	}
	return nil
}

// grantFLS says how an admin lets the integration user edit a field.
func grantFLS(object, field string) string {
	return "In Setup, open Object Manager > " + object + " > Fields & Relationships > " + field +
		" > Set Field-Level Security, give the integration user's profile Edit access (Visible, not Read-Only), then call PUT .../objects/" +
		object + " with {\"external_id_field\": \"" + field + "\"}."
}

func lowerFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToLower(s[:1]) + s[1:]
}
