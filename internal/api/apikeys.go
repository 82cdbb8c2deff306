package api

import (
	"net/http"
	"strings"

	"github.com/sfbridge/sfbridge/internal/store"
)

type createAPIKeyRequest struct {
	Name string `json:"name"`
}

// POST /v1/workspaces/{ws}/api-keys: the answer is the only time the
// key is ever shown.
func (s *Server) createAPIKey(w http.ResponseWriter, r *http.Request) error {
	var req createAPIKeyRequest
	if err := decodeBody(w, r, &req, false); err != nil {
		return err
	}
	if err := requireText("name", req.Name, 200); err != nil {
		return err
	}
	var (
		key string
		k   store.APIKey
		err error
	)
	// A prefix is 8 base62 characters (47 bits); should one be taken,
	// another try finds a free one.
	for range 3 {
		var prefix string
		var hash []byte
		key, prefix, hash = newAPIKey()
		k, err = s.store.CreateAPIKey(r.Context(), store.APIKey{
			WorkspaceID: workspaceFrom(r.Context()).ID,
			Name:        strings.TrimSpace(req.Name),
			Prefix:      prefix,
			Hash:        hash,
			CreatedAt:   s.now().UTC(),
		})
		if !isDuplicate(err) {
			break
		}
	}
	if err != nil {
		return err
	}
	v := viewAPIKey(k)
	v.Key = key
	writeJSON(w, http.StatusCreated, v)
	return nil
}

// DELETE /v1/workspaces/{ws}/api-keys/{id}
func (s *Server) revokeAPIKey(w http.ResponseWriter, r *http.Request) error {
	id := r.PathValue("id")
	err := s.store.RevokeAPIKey(r.Context(), workspaceFrom(r.Context()).ID, id, s.now().UTC())
	if isNotFound(err) {
		return errorf(http.StatusNotFound, CodeNotFound, "No API key %q in this workspace.", id)
	}
	if err != nil {
		return err
	}
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(http.StatusNoContent)
	return nil
}
