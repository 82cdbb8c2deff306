package api

import (
	"net/http"
	"time"

	"github.com/sfbridge/sfbridge/internal/store"
)

type recordView struct {
	ID     string         `json:"id"`
	Type   string         `json:"type"`
	Fields map[string]any `json:"fields"`
	// Deleted marks a record deleted in Salesforce and kept under the
	// mark delete policy.
	Deleted   bool      `json:"deleted"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
}

func viewRecord(r store.AppRecord) recordView {
	v := recordView{ID: r.ID, Type: r.Type, Fields: r.Fields, Deleted: r.Deleted, CreatedAt: r.CreatedAt, UpdatedAt: r.UpdatedAt}
	if v.Fields == nil {
		v.Fields = map[string]any{}
	}
	return v
}

// GET /v1/workspaces/{ws}/records/{type}: the app's copy of the records
// of one type, deleted ones included and marked.
func (s *Server) listRecords(w http.ResponseWriter, r *http.Request) error {
	p, err := listParams(r)
	if err != nil {
		return err
	}
	t, err := s.appType(r, r.PathValue("type"))
	if err != nil {
		return err
	}
	page, err := s.store.ListAppRecords(r.Context(), workspaceFrom(r.Context()).ID, t.Name, p)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, listOf(page, viewRecord))
	return nil
}

// GET /v1/workspaces/{ws}/records/{type}/{id}
func (s *Server) getRecord(w http.ResponseWriter, r *http.Request) error {
	t, err := s.appType(r, r.PathValue("type"))
	if err != nil {
		return err
	}
	rec, err := s.store.GetAppRecord(r.Context(), workspaceFrom(r.Context()).ID, t.Name, r.PathValue("id"))
	if isNotFound(err) {
		return errorf(http.StatusNotFound, CodeNotFound, "No %s record %q in this workspace.", t.Name, r.PathValue("id"))
	}
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, viewRecord(rec))
	return nil
}
