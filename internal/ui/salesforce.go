package ui

import (
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/sfbridge/sfbridge/internal/store"
)

// salesforceData is the Salesforce page of one integration.
type salesforceData struct {
	Card        card
	Environment string
	LoginURL    string
	ConnectedAt *time.Time
	// LastSync is when the latest finished run ended; NextSync is that
	// plus the connection's own interval, when it has one.
	LastSync     *time.Time
	LastSyncNote string
	NextSync     *time.Time
	Interval     string
	Connected    bool
	Disconnected bool
	// Mappings is how many field mappings a disconnect removes.
	Mappings int
	Result   *testView
}

// GET /ui/integrations/{id}: status, syncs, API usage and the actions
// of one integration.
func (h *Handler) salesforcePage(w http.ResponseWriter, r *http.Request, s *session) error {
	v, err := h.salesforceView(r, s, r.PathValue("id"))
	if err != nil {
		return err
	}
	if n, err := strconv.Atoi(r.URL.Query().Get("disconnected")); err == nil && n >= 0 {
		v.Notice = &notice{"success", "Salesforce disconnected. " + plural(n, "field mapping") + " removed; records already synced are kept."}
	}
	h.render(w, r, http.StatusOK, "salesforce", v)
	return nil
}

func (h *Handler) salesforceView(r *http.Request, s *session, id string) (view, error) {
	ctx := r.Context()
	c, err := h.conns.Get(ctx, s.Workspace.ID, id)
	if err != nil {
		return view{}, err
	}
	d := salesforceData{Card: newCard(c), Environment: string(c.Environment), LoginURL: c.LoginURL, ConnectedAt: c.ConnectedAt,
		Connected: c.RefreshTokenSealed != nil, Disconnected: c.Status == store.StatusDisconnected}
	runs, err := h.store.ListRuns(ctx, c.ID, store.ListParams{Limit: 50})
	if err != nil {
		return view{}, err
	}
	for _, run := range runs.Items {
		if run.FinishedAt != nil {
			d.LastSync = run.FinishedAt
			d.LastSyncNote = run.Object + ", " + string(run.Status)
			if run.API == store.RunAPIBulk {
				d.LastSyncNote += ", through Bulk API 2.0"
			}
			d.LastSyncNote += ", " + plural(run.APICalls, "API call")
			break
		}
	}
	if c.SyncInterval > 0 {
		d.Interval = "every " + c.SyncInterval.String()
		if d.LastSync != nil && d.Connected {
			next := d.LastSync.Add(c.SyncInterval)
			d.NextSync = &next
		}
	}
	if d.Mappings, err = h.conns.CountMappings(ctx, s.Workspace.ID, c.ID); err != nil {
		return view{}, err
	}
	return view{Title: c.Name, Session: s, Crumbs: []crumb{{c.Name, ""}}, Section: newSectionNav(c, ""), Data: d}, nil
}

// POST /ui/integrations/{id}/authorize: Re-generate token (or connect
// again after a disconnect) through Salesforce's login.
func (h *Handler) regenerateToken(w http.ResponseWriter, r *http.Request, s *session) error {
	c, err := h.conns.Get(r.Context(), s.Workspace.ID, r.PathValue("id"))
	if err != nil {
		return err
	}
	return h.toSalesforce(w, r, s, c)
}

// GET /ui/integrations/{id}/disconnect: the confirmation page, for
// browsers without script (the Salesforce page opens the same form in a
// dialog).
func (h *Handler) disconnectPage(w http.ResponseWriter, r *http.Request, s *session) error {
	v, err := h.salesforceView(r, s, r.PathValue("id"))
	if err != nil {
		return err
	}
	d := v.Data.(salesforceData)
	v.Title = "Disconnect " + d.Card.Name
	v.Crumbs = []crumb{{d.Card.Name, "/ui/integrations/" + url.PathEscape(d.Card.ID)}, {"Disconnect", ""}}
	v.Section = nil
	h.render(w, r, http.StatusOK, "disconnect", v)
	return nil
}

// POST /ui/integrations/{id}/disconnect with confirm=disconnect.
func (h *Handler) disconnect(w http.ResponseWriter, r *http.Request, s *session) error {
	id := r.PathValue("id")
	if r.PostFormValue("confirm") != "disconnect" {
		v, err := h.salesforceView(r, s, id)
		if err != nil {
			return err
		}
		v.Notice = &notice{"error", "Confirm with the button \u201cI understand, disconnect Salesforce\u201d."}
		h.render(w, r, http.StatusBadRequest, "disconnect", v)
		return nil
	}
	res, err := h.conns.Disconnect(r.Context(), s.Workspace.ID, id)
	if err != nil {
		return err
	}
	http.Redirect(w, r, "/ui/integrations/"+url.PathEscape(id)+"?disconnected="+strconv.Itoa(res.RemovedMappings), http.StatusSeeOther)
	return nil
}

func plural(n int, what string) string {
	if n == 1 {
		return "1 " + what
	}
	return strconv.Itoa(n) + " " + what + "s"
}
