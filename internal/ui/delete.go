package ui

import (
	"net/http"
	"net/url"
)

// confirmDeleteValue is the confirm field the delete form sends.
const confirmDeleteValue = "delete"

// GET /ui/integrations/{id}/delete: the confirmation page, for browsers
// without script (the list opens the same form in a dialog).
func (h *Handler) deletePage(w http.ResponseWriter, r *http.Request, s *session) error {
	v, err := h.salesforceView(r, s, r.PathValue("id"))
	if err != nil {
		return err
	}
	d := v.Data.(salesforceData)
	v.Title = "Delete " + d.Card.Name
	v.Crumbs = []crumb{{d.Card.Name, integrationPath(d.Card.ID, "")}, {"Delete", ""}}
	v.Section = nil
	h.render(w, r, http.StatusOK, "delete", v)
	return nil
}

// POST /ui/integrations/{id}/delete with confirm=delete removes the
// integration for good and goes back to the list.
func (h *Handler) deleteIntegration(w http.ResponseWriter, r *http.Request, s *session) error {
	id := r.PathValue("id")
	if r.PostFormValue("confirm") != confirmDeleteValue {
		v, err := h.salesforceView(r, s, id)
		if err != nil {
			return err
		}
		v.Section = nil
		v.Notice = &notice{"error", "Confirm with the button \u201cDelete integration\u201d."}
		h.render(w, r, http.StatusBadRequest, "delete", v)
		return nil
	}
	if _, err := h.conns.Delete(r.Context(), s.Workspace.ID, id); err != nil {
		return err
	}
	http.Redirect(w, r, "/ui/integrations?"+url.Values{"deleted": {"1"}}.Encode(), http.StatusSeeOther)
	return nil
}
