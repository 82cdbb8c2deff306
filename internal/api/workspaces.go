package api

import (
	"net/http"
	"strings"
	"unicode/utf8"

	"github.com/sfbridge/sfbridge/internal/store"
)

type createWorkspaceRequest struct {
	ExternalKey string `json:"external_key"`
	Name        string `json:"name"`
}

// POST /v1/workspaces
func (s *Server) createWorkspace(w http.ResponseWriter, r *http.Request) error {
	var req createWorkspaceRequest
	if err := decodeBody(w, r, &req, false); err != nil {
		return err
	}
	if err := requireText("external_key", req.ExternalKey, 200); err != nil {
		return err
	}
	if err := requireText("name", req.Name, 200); err != nil {
		return err
	}
	now := s.now().UTC()
	ws, err := s.store.CreateWorkspace(r.Context(), store.Workspace{
		ExternalKey: req.ExternalKey,
		Name:        strings.TrimSpace(req.Name),
		CreatedAt:   now,
		UpdatedAt:   now,
	})
	if err != nil {
		if isDuplicate(err) {
			return errorf(http.StatusConflict, CodeDuplicate,
				"A workspace with external_key %q exists. Fetch it with GET /v1/workspaces/by-external-key?external_key=.", req.ExternalKey)
		}
		return err
	}
	writeJSON(w, http.StatusCreated, viewWorkspace(ws))
	return nil
}

// GET /v1/workspaces
func (s *Server) listWorkspaces(w http.ResponseWriter, r *http.Request) error {
	p, err := listParams(r)
	if err != nil {
		return err
	}
	page, err := s.store.ListWorkspaces(r.Context(), p)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, listOf(page, viewWorkspace))
	return nil
}

// GET /v1/workspaces/{ws}
func (s *Server) getWorkspace(w http.ResponseWriter, r *http.Request) error {
	writeJSON(w, http.StatusOK, viewWorkspace(workspaceFrom(r.Context())))
	return nil
}

// GET /v1/workspaces/by-external-key?external_key=
func (s *Server) getWorkspaceByExternalKey(w http.ResponseWriter, r *http.Request) error {
	key := r.URL.Query().Get("external_key")
	if key == "" {
		return errorf(http.StatusBadRequest, CodeInvalidInput, "Query parameter external_key is required.")
	}
	ws, err := s.store.GetWorkspaceByExternalKey(r.Context(), key)
	if isNotFound(err) {
		return errorf(http.StatusNotFound, CodeNotFound, "No workspace has external_key %q. Create it with POST /v1/workspaces.", key)
	}
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, viewWorkspace(ws))
	return nil
}

// requireText checks a required string field: present, at most max
// characters, valid UTF-8, no control characters.
func requireText(field, v string, max int) error {
	if strings.TrimSpace(v) == "" {
		return errorf(http.StatusBadRequest, CodeInvalidInput, "Field %q is required.", field)
	}
	return optionalText(field, v, max)
}

// optionalText checks an optional string field like requireText, but
// lets it be empty.
func optionalText(field, v string, max int) error {
	if !utf8.ValidString(v) {
		return errorf(http.StatusBadRequest, CodeInvalidInput, "Field %q is not valid UTF-8.", field)
	}
	if n := utf8.RuneCountInString(v); n > max {
		return errorf(http.StatusBadRequest, CodeInvalidInput, "Field %q is %d characters; the most is %d.", field, n, max)
	}
	if strings.ContainsFunc(v, func(r rune) bool { return r < 0x20 || r == 0x7f }) {
		return errorf(http.StatusBadRequest, CodeInvalidInput, "Field %q contains control characters.", field)
	}
	return nil
}
