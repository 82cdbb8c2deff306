package ui

import (
	"cmp"
	"context"
	"fmt"
	"net/http"
	"slices"

	"github.com/sfbridge/sfbridge/internal/connection"
	"github.com/sfbridge/sfbridge/internal/store"
)

// maxListed bounds how many connections the list reads: a workspace has
// a handful.
const maxListed = 1000

// card is one integration on the list.
type card struct {
	ID, Name, Capability string
	Badge                badge
	Message              string
	Username             string
	InstanceURL          string
}

// badge is a status as the page shows it.
type badge struct {
	Label string
	// Class is the CSS modifier: ok, warn, off.
	Class string
}

func statusBadge(s store.Status) badge {
	switch s {
	case store.StatusSynced:
		return badge{"Synced", "ok"}
	case store.StatusNotSynced:
		return badge{"Not Synced", "warn"}
	case store.StatusDisconnected:
		return badge{"Disconnected", "off"}
	}
	return badge{"Not connected", "off"}
}

var capabilityLabels = map[store.Capability]string{
	store.CapabilityCRM:               "CRM",
	store.CapabilityHelpdesk:          "Helpdesk",
	store.CapabilityContentManagement: "Content management",
}

func capabilityLabel(c store.Capability) string {
	if l, ok := capabilityLabels[c]; ok {
		return l
	}
	return string(c)
}

func newCard(c store.Connection) card {
	return card{ID: c.ID, Name: c.Name, Capability: capabilityLabel(c.Capability), Badge: statusBadge(c.Status),
		Message: c.StatusMessage, Username: c.Username, InstanceURL: c.InstanceURL}
}

// listData is the integrations page.
type listData struct {
	Cards []card
	// Tested is the card a Test Connection result belongs to.
	Tested string
	Result *testView
}

// testView is a Test Connection result.
type testView struct {
	OK      bool
	Message string
	APIUsed int
	APIMax  int
}

// connections reads every connection of the workspace, newest first.
func (h *Handler) connections(ctx context.Context, wsID string) ([]store.Connection, error) {
	var all []store.Connection
	p := store.ListParams{Limit: store.MaxLimit}
	for {
		page, err := h.conns.List(ctx, wsID, p)
		if err != nil {
			return nil, fmt.Errorf("listing connections: %w", err)
		}
		all = append(all, page.Items...)
		if page.Next == "" || len(all) >= maxListed {
			break
		}
		p.After = page.Next
	}
	slices.SortStableFunc(all, func(a, b store.Connection) int {
		return cmp.Or(b.CreatedAt.Compare(a.CreatedAt), cmp.Compare(b.ID, a.ID))
	})
	return all, nil
}

// GET /ui/integrations. After the OAuth callback it carries
// connection=<id> and status=connected, or error=<code>.
func (h *Handler) listIntegrations(w http.ResponseWriter, r *http.Request, s *session) error {
	v, err := h.listView(r, s, nil, "")
	if err != nil {
		return err
	}
	q := r.URL.Query()
	if q.Get("deleted") == "1" {
		v.Notice = &notice{"success", "Integration deleted. Records already synced stay in the app."}
	}
	if id := q.Get("connection"); id != "" {
		if c, err := h.conns.Get(r.Context(), s.Workspace.ID, id); err == nil {
			v.Notice = callbackNotice(c, q.Get("status"), q.Get("error"))
		}
	}
	h.render(w, r, http.StatusOK, "integrations", v)
	return nil
}

func (h *Handler) listView(r *http.Request, s *session, result *testView, tested string) (view, error) {
	conns, err := h.connections(r.Context(), s.Workspace.ID)
	if err != nil {
		return view{}, err
	}
	cards := make([]card, len(conns))
	for i, c := range conns {
		cards[i] = newCard(c)
	}
	// The list has read every connection already: the banner comes from
	// the same read.
	return view{Title: "Integrations", Session: s, Banner: failingOf(conns), Data: listData{Cards: cards, Result: result, Tested: tested}}, nil
}

// callbackNotice says how the OAuth round trip ended. The error's
// description is not echoed: the query is anyone's to write, so only
// the code picks one of our own sentences.
func callbackNotice(c store.Connection, status, code string) *notice {
	if status == "connected" && code == "" {
		text := fmt.Sprintf("Salesforce connected: %s is ready.", c.Name)
		if c.Username != "" {
			text = fmt.Sprintf("Salesforce connected: %s is connected as %s.", c.Name, c.Username)
		}
		return &notice{"success", text}
	}
	if code == "" {
		return nil
	}
	switch code {
	case connection.CodeAccessDenied:
		return &notice{"error", fmt.Sprintf("%s was not connected: access was not allowed in Salesforce. Choose Connect again and click Allow.", c.Name)}
	case connection.CodeStateExpired, connection.CodeStateUsed:
		return &notice{"error", fmt.Sprintf("%s was not connected: the Salesforce login took too long or was used twice. Start again from the integration's page.", c.Name)}
	}
	return &notice{"error", fmt.Sprintf("%s was not connected: Salesforce did not complete the login. Try again from the integration's page.", c.Name)}
}

// POST /ui/integrations/{id}/test runs Test Connection and shows the
// result on the page it came from (from=detail, otherwise the list).
func (h *Handler) testConnection(w http.ResponseWriter, r *http.Request, s *session) error {
	id := r.PathValue("id")
	res, err := h.conns.Test(r.Context(), s.Workspace.ID, id)
	if err != nil {
		return err
	}
	tv := &testView{OK: res.OK, Message: res.Message, APIUsed: res.APIUsed, APIMax: res.APIMax}
	n := &notice{"success", "Test Connection: " + res.Message}
	if !res.OK {
		n.Kind = "error"
	}
	if r.PostFormValue("from") == "detail" {
		v, err := h.salesforceView(r, s, id)
		if err != nil {
			return err
		}
		v.Notice = n
		d := v.Data.(salesforceData)
		d.Result = tv
		v.Data = d
		h.render(w, r, http.StatusOK, "salesforce", v)
		return nil
	}
	// On the list the result shows on the card it belongs to, in place
	// of the card's status line, so it is not repeated at the top.
	v, err := h.listView(r, s, tv, id)
	if err != nil {
		return err
	}
	h.render(w, r, http.StatusOK, "integrations", v)
	return nil
}
