package api

import "net/http"

// GET /v1/workspaces/{ws}/events: the workspace's event feed in order,
// paged with ?after=<next_cursor>. A reader that keeps the last
// next_cursor (or the last event id) resumes where it stopped.
func (s *Server) listEvents(w http.ResponseWriter, r *http.Request) error {
	p, err := listParams(r)
	if err != nil {
		return err
	}
	page, err := s.store.ListEvents(r.Context(), workspaceFrom(r.Context()).ID, p)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, listOf(page, viewEvent))
	return nil
}
