package api

import (
	"net/http"
	"regexp"
	"strings"
	"time"

	"github.com/sfbridge/sfbridge/internal/store"
)

// objectNameRE is the shape of a Salesforce API name (Contact,
// Invoice__c, ns__Invoice__c).
var objectNameRE = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9_]{0,79}$`)

type putObjectMappingRequest struct {
	AppType      string `json:"app_type"`
	DeletePolicy string `json:"delete_policy"`
	Enabled      *bool  `json:"enabled"`
}

type objectMappingView struct {
	ConnectionID string    `json:"connection_id"`
	Object       string    `json:"object"`
	AppType      string    `json:"app_type"`
	DeletePolicy string    `json:"delete_policy"`
	Enabled      bool      `json:"enabled"`
	CreatedAt    time.Time `json:"created_at"`
	UpdatedAt    time.Time `json:"updated_at"`
}

func viewObjectMapping(m store.ObjectMapping) objectMappingView {
	return objectMappingView{ConnectionID: m.ConnectionID, Object: m.Object, AppType: m.AppType, DeletePolicy: m.DeletePolicy,
		Enabled: m.Enabled, CreatedAt: m.CreatedAt, UpdatedAt: m.UpdatedAt}
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
// Salesforce object as an app type, or changes how.
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
	policy := req.DeletePolicy
	switch policy {
	case "":
		policy = store.DeletePolicyMark
	case store.DeletePolicyDelete, store.DeletePolicyMark:
	default:
		return errorf(http.StatusBadRequest, CodeInvalidInput,
			"Field \"delete_policy\" must be %q (remove the app's copy when the record is deleted in Salesforce) or %q (keep it, marked deleted), not %q.",
			store.DeletePolicyDelete, store.DeletePolicyMark, policy)
	}
	enabled := req.Enabled == nil || *req.Enabled
	// Keep the object's spelling of an existing mapping: the engine and
	// the field mappings match it ignoring case, the store may not.
	existing, err := s.store.ListObjectMappings(r.Context(), c.ID)
	if err != nil {
		return err
	}
	if m := findObject(existing, object); m != nil {
		object = m.Object
	}
	m, err := s.store.PutObjectMapping(r.Context(), store.ObjectMapping{
		ConnectionID: c.ID, Object: object, AppType: req.AppType, DeletePolicy: policy, Enabled: enabled, UpdatedAt: s.now().UTC(),
	})
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, viewObjectMapping(m))
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
