package api

import (
	"cmp"
	"log/slog"
	"net/http"
	"regexp"
	"strings"
	"time"

	"github.com/sfbridge/sfbridge/internal/doctor"
	"github.com/sfbridge/sfbridge/internal/store"
)

// objectNameRE is the shape of a Salesforce API name (Contact,
// Invoice__c, ns__Invoice__c).
var objectNameRE = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9_]{0,79}$`)

type putObjectMappingRequest struct {
	AppType      string `json:"app_type"`
	DeletePolicy string `json:"delete_policy"`
	Enabled      *bool  `json:"enabled"`
	// The outbound settings. Left out (or empty), an existing mapping
	// keeps its own and a new one gets the default; ExternalIDField is
	// a pointer because "" clears it.
	CreateDirection string  `json:"create_direction"`
	UpdateDirection string  `json:"update_direction"`
	OutboundDelete  string  `json:"outbound_delete"`
	ExternalIDField *string `json:"external_id_field"`
}

type objectMappingView struct {
	ConnectionID    string    `json:"connection_id"`
	Object          string    `json:"object"`
	AppType         string    `json:"app_type"`
	DeletePolicy    string    `json:"delete_policy"`
	CreateDirection string    `json:"create_direction"`
	UpdateDirection string    `json:"update_direction"`
	OutboundDelete  string    `json:"outbound_delete"`
	ExternalIDField string    `json:"external_id_field"`
	Enabled         bool      `json:"enabled"`
	CreatedAt       time.Time `json:"created_at"`
	UpdatedAt       time.Time `json:"updated_at"`
	// Doctor is, in the answer that enables an object on a connected
	// connection, what the integration user cannot read or write of it.
	Doctor *doctor.Report `json:"doctor,omitempty"`
}

func viewObjectMapping(m store.ObjectMapping) objectMappingView {
	v := objectMappingView{ConnectionID: m.ConnectionID, Object: m.Object, AppType: m.AppType, DeletePolicy: m.DeletePolicy,
		CreateDirection: string(m.CreateDirection), UpdateDirection: string(m.UpdateDirection), OutboundDelete: m.OutboundDelete,
		ExternalIDField: m.ExternalIDField, Enabled: m.Enabled, CreatedAt: m.CreatedAt, UpdatedAt: m.UpdatedAt}
	if v.DeletePolicy == "" {
		v.DeletePolicy = store.DeletePolicyMark
	}
	if v.CreateDirection == "" {
		v.CreateDirection = string(store.DirectionInbound)
	}
	if v.UpdateDirection == "" {
		v.UpdateDirection = string(store.DirectionInbound)
	}
	if v.OutboundDelete == "" {
		v.OutboundDelete = store.OutboundDeleteLeave
	}
	return v
}

// connection loads the {id} of the URL in the request's workspace.
func (s *Server) connection(r *http.Request) (store.Connection, error) {
	c, err := s.conns.Get(r.Context(), workspaceFrom(r.Context()).ID, r.PathValue("id"))
	if err != nil {
		return c, connectionErr(r, err)
	}
	return c, nil
}

// checkObjectName refuses what cannot be a Salesforce object name.
func checkObjectName(field, name string) error {
	if !objectNameRE.MatchString(name) {
		return errorf(http.StatusBadRequest, CodeInvalidInput,
			"%s %q is not a Salesforce object API name (letters, digits and underscores, starting with a letter, such as Contact or Invoice__c).", field, name)
	}
	return nil
}

// PUT /v1/workspaces/{ws}/connections/{id}/objects/{object}: syncs a
// Salesforce object as an app type, or changes how. Settings the body
// leaves out keep an existing mapping's values (enabled excepted, which
// defaults to true).
func (s *Server) putObjectMapping(w http.ResponseWriter, r *http.Request) error {
	object := r.PathValue("object")
	if err := checkObjectName("Object", object); err != nil {
		return err
	}
	c, err := s.connection(r)
	if err != nil {
		return err
	}
	var req putObjectMappingRequest
	if err := decodeBody(w, r, &req, false); err != nil {
		return err
	}
	if req.AppType == "" {
		return errorf(http.StatusBadRequest, CodeInvalidInput, "Field \"app_type\" is required: the app type this object's records become.")
	}
	if _, err := s.store.GetAppType(r.Context(), c.WorkspaceID, req.AppType); err != nil {
		if isNotFound(err) {
			return errorf(http.StatusBadRequest, CodeInvalidInput,
				"Field \"app_type\": there is no app type %q in this workspace. Declare it first with PUT /v1/workspaces/{ws}/app-types/%s.", req.AppType, req.AppType)
		}
		return err
	}
	// Keep the object's spelling of an existing mapping: the engine and
	// the field mappings match it ignoring case, the store may not.
	existing, err := s.store.ListObjectMappings(r.Context(), c.ID)
	if err != nil {
		return err
	}
	m := store.ObjectMapping{ConnectionID: c.ID, Object: object, DeletePolicy: store.DeletePolicyMark,
		CreateDirection: store.DirectionInbound, UpdateDirection: store.DirectionInbound, OutboundDelete: store.OutboundDeleteLeave}
	if old := findObject(existing, object); old != nil {
		m = *old
		m.CreateDirection = cmp.Or(m.CreateDirection, store.DirectionInbound)
		m.UpdateDirection = cmp.Or(m.UpdateDirection, store.DirectionInbound)
		m.OutboundDelete = cmp.Or(m.OutboundDelete, store.OutboundDeleteLeave)
		m.DeletePolicy = cmp.Or(m.DeletePolicy, store.DeletePolicyMark)
	}
	m.AppType = req.AppType
	m.Enabled = req.Enabled == nil || *req.Enabled
	m.UpdatedAt = s.now().UTC()
	if err := applyObjectSettings(&m, req); err != nil {
		return err
	}
	if req.ExternalIDField != nil && *req.ExternalIDField != "" && !strings.EqualFold(*req.ExternalIDField, m.ExternalIDField) {
		name, err := s.checkExternalIDField(r, c, m.Object, *req.ExternalIDField)
		if err != nil {
			return err
		}
		m.ExternalIDField = name
	} else if req.ExternalIDField != nil && *req.ExternalIDField == "" {
		m.ExternalIDField = ""
	}
	stored, err := s.store.PutObjectMapping(r.Context(), m)
	if err != nil {
		return err
	}
	v := viewObjectMapping(stored)
	if stored.Enabled && c.Status == store.StatusSynced {
		// Enabling an object: the doctor says what the integration user
		// cannot read or write (one describe). It informs, it does not
		// refuse: some fields may not matter to this workspace.
		rep, err := doctor.CheckObject(r.Context(), s.doctorDeps(), c.WorkspaceID, c.ID, stored.Object)
		if err == nil {
			v.Doctor = &rep
		} else {
			s.log.LogAttrs(r.Context(), slog.LevelWarn, "the doctor could not check an object being enabled",
				slog.String("connection_id", c.ID), slog.String("object", stored.Object), slog.String("error", err.Error()))
		}
	}
	writeJSON(w, http.StatusOK, v)
	return nil
}

// applyObjectSettings checks the policies and directions the body gives
// and sets them on m; those it leaves out (empty) stay as they are.
func applyObjectSettings(m *store.ObjectMapping, req putObjectMappingRequest) error {
	switch req.DeletePolicy {
	case "":
	case store.DeletePolicyDelete, store.DeletePolicyMark:
		m.DeletePolicy = req.DeletePolicy
	default:
		return errorf(http.StatusBadRequest, CodeInvalidInput,
			"Field \"delete_policy\" must be %q (remove the app's copy when the record is deleted in Salesforce) or %q (keep it, marked deleted), not %q.",
			store.DeletePolicyDelete, store.DeletePolicyMark, req.DeletePolicy)
	}
	for _, d := range []struct {
		field, value, what string
		dst                *store.Direction
	}{
		{"create_direction", req.CreateDirection, "records created in the app are created in Salesforce too", &m.CreateDirection},
		{"update_direction", req.UpdateDirection, "changes made in the app are written to Salesforce too", &m.UpdateDirection},
	} {
		switch store.Direction(d.value) {
		case "":
		case store.DirectionInbound, store.DirectionBoth:
			*d.dst = store.Direction(d.value)
		default:
			return errorf(http.StatusBadRequest, CodeInvalidInput,
				"Field %q must be %q (Salesforce feeds the app only; the default) or %q (%s, once the connection's write_enabled is on), not %q.",
				d.field, store.DirectionInbound, store.DirectionBoth, d.what, d.value)
		}
	}
	switch req.OutboundDelete {
	case "":
	case store.OutboundDeleteDelete, store.OutboundDeleteLeave:
		m.OutboundDelete = req.OutboundDelete
	default:
		return errorf(http.StatusBadRequest, CodeInvalidInput,
			"Field \"outbound_delete\" must be %q (deleting an app record deletes its Salesforce record) or %q (the Salesforce record is kept and unlinked; the default), not %q.",
			store.OutboundDeleteDelete, store.OutboundDeleteLeave, req.OutboundDelete)
	}
	return nil
}

// GET /v1/workspaces/{ws}/connections/{id}/objects
func (s *Server) listObjectMappings(w http.ResponseWriter, r *http.Request) error {
	c, err := s.connection(r)
	if err != nil {
		return err
	}
	ms, err := s.store.ListObjectMappings(r.Context(), c.ID)
	if err != nil {
		return err
	}
	out := list[objectMappingView]{Data: make([]objectMappingView, 0, len(ms))}
	for _, m := range ms {
		out.Data = append(out.Data, viewObjectMapping(m))
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

// findObject returns the mapping of object among oms, matched ignoring
// case as Salesforce names are, or nil.
func findObject(oms []store.ObjectMapping, object string) *store.ObjectMapping {
	for i := range oms {
		if strings.EqualFold(oms[i].Object, object) {
			return &oms[i]
		}
	}
	return nil
}

// errObjectNotMapped says how to map an object first.
func errObjectNotMapped(object string) error {
	return errorf(http.StatusBadRequest, CodeInvalidInput,
		"Object %s is not mapped on this connection. Map it to an app type first with PUT /v1/workspaces/{ws}/connections/{id}/objects/%s.", object, object)
}
