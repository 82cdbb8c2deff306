package ui

import (
	"context"
	"net/http"
	"net/url"

	"github.com/sfbridge/sfbridge/internal/store"
)

// tabDef is one section of an integration's pages.
type tabDef struct {
	// Key names the section in view.Section.Current and in its path:
	// /ui/integrations/{id}/{Key}; the overview's key is empty.
	Key, Label string
}

// tabs are the sections of an integration, in the order the navigation
// shows them.
var tabs = []tabDef{
	{"", "Overview"},
	{"sync", "Sync"},
	{"mapping", "Mapping"},
	{"exclusions", "Sourcing exclusions"},
	{"owners", "Owner settings"},
	{"operations", "One-time operations"},
	{"errors", "Errors"},
	{"doctor", "Doctor"},
}

// sectionNav is the heading and tab navigation of an integration's
// pages.
type sectionNav struct {
	ID, Name string
	Badge    badge
	Tabs     []tabLink
}

// tabLink is one tab as the navigation shows it.
type tabLink struct {
	Label, Href string
	Current     bool
}

func newSectionNav(c store.Connection, current string) *sectionNav {
	n := &sectionNav{ID: c.ID, Name: c.Name, Badge: statusBadge(c.Status)}
	for _, t := range tabs {
		href := integrationPath(c.ID, t.Key)
		n.Tabs = append(n.Tabs, tabLink{Label: t.Label, Href: href, Current: t.Key == current})
	}
	return n
}

// integrationPath is the path of one section of an integration.
func integrationPath(id, section string) string {
	p := "/ui/integrations/" + url.PathEscape(id)
	if section != "" {
		p += "/" + section
	}
	return p
}

// tabLabel is the label of section key.
func tabLabel(key string) string {
	for _, t := range tabs {
		if t.Key == key {
			return t.Label
		}
	}
	return key
}

// sectionView reads the session's connection id and starts the view of
// one of its sections: title, breadcrumbs and tabs. The caller sets
// Data (and Notice, Scripts, Styles) and renders its page.
func (h *Handler) sectionView(ctx context.Context, s *session, id, section string) (view, store.Connection, error) {
	c, err := h.conns.Get(ctx, s.Workspace.ID, id)
	if err != nil {
		return view{}, store.Connection{}, err
	}
	label := tabLabel(section)
	v := view{Title: c.Name + " · " + label, Session: s, Section: newSectionNav(c, section),
		Crumbs: []crumb{{c.Name, integrationPath(c.ID, "")}, {label, ""}}}
	if section == "" {
		v.Title, v.Crumbs = c.Name, []crumb{{c.Name, ""}}
	}
	return v, c, nil
}

// redirectSection answers a POST with a redirect back to a section,
// carrying a one-word outcome (?saved=1, ?started=...) the page turns
// into its notice: post, redirect, get, so a reload does not post again.
func redirectSection(w http.ResponseWriter, r *http.Request, id, section string, q url.Values) {
	target := integrationPath(id, section)
	if len(q) > 0 {
		target += "?" + q.Encode()
	}
	http.Redirect(w, r, target, http.StatusSeeOther)
}

// failing is an integration whose sync fails, for the banner on every
// page.
type failing struct {
	Name, Message, Href string
}

// failing lists the workspace's integrations that are Not Synced. A
// store error leaves the banner out rather than the page.
func (h *Handler) failing(ctx context.Context, wsID string) []failing {
	conns, err := h.connections(ctx, wsID)
	if err != nil {
		h.log.WarnContext(ctx, "ui: reading connections for the banner", "err", err)
		return nil
	}
	return failingOf(conns)
}

// failingOf picks the Not Synced connections of conns for the banner;
// the result is never nil, so render does not read them again.
func failingOf(conns []store.Connection) []failing {
	out := []failing{}
	for _, c := range conns {
		if c.Status == store.StatusNotSynced {
			out = append(out, failing{Name: c.Name, Message: c.StatusMessage, Href: integrationPath(c.ID, "")})
		}
	}
	return out
}
