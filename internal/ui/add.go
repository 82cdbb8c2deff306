package ui

import (
	"errors"
	"net/http"
	"net/url"
	"strings"
	"unicode/utf8"

	"github.com/sfbridge/sfbridge/internal/connection"
	"github.com/sfbridge/sfbridge/internal/store"
)

// option is one choice of a select.
type option struct {
	Value, Label string
}

var (
	capabilityOptions = []option{
		{string(store.CapabilityCRM), "CRM"},
		{string(store.CapabilityHelpdesk), "Helpdesk"},
		{string(store.CapabilityContentManagement), "Content management"},
	}
	environmentOptions = []option{
		{string(store.EnvironmentProduction), "Production"},
		{string(store.EnvironmentSandbox), "Sandbox"},
		{string(store.EnvironmentCustom), "Custom domain"},
	}
	pullByOptions = []option{
		{string(store.PullByUpdatedTime), "Last modified time"},
		{string(store.PullByCreatedTime), "Created time"},
	}
)

// addForm is what the two steps of Add integration collect. The client
// secret is never sent back to the browser.
type addForm struct {
	Name, Capability, Environment, PullBy, Domain, ClientID string

	Capabilities, Environments, PullBys []option
	// ContentOnly hides what Content Management does not use.
	ContentOnly bool
	// Field names the input an error is about, for aria-invalid.
	Field string
}

func readAddForm(v url.Values) addForm {
	f := addForm{
		Name:        strings.TrimSpace(v.Get("name")),
		Capability:  v.Get("capability"),
		Environment: v.Get("environment"),
		PullBy:      v.Get("pull_by"),
		Domain:      strings.TrimSpace(v.Get("login_url")),
		ClientID:    strings.TrimSpace(v.Get("client_id")),
	}
	if f.Capability == "" {
		f.Capability = string(store.CapabilityCRM)
	}
	if f.Environment == "" {
		f.Environment = string(store.EnvironmentProduction)
	}
	if f.PullBy == "" {
		f.PullBy = string(store.PullByUpdatedTime)
	}
	f.Capabilities, f.Environments, f.PullBys = capabilityOptions, environmentOptions, pullByOptions
	f.ContentOnly = f.Capability == string(store.CapabilityContentManagement)
	return f
}

// checkBasic checks the Basic step, returning the field and message of
// the first problem.
func (f addForm) checkBasic() (field, msg string) {
	if f.Name == "" || utf8.RuneCountInString(f.Name) > 80 {
		return "name", "Enter a name of 1 to 80 characters."
	}
	for _, o := range capabilityOptions {
		if o.Value == f.Capability {
			return "", ""
		}
	}
	return "capability", "Choose what the integration is for."
}

// checkAuth checks the Authentication step.
func (f addForm) checkAuth(secret string) (field, msg string) {
	switch store.Environment(f.Environment) {
	case store.EnvironmentCustom:
		if f.Domain == "" {
			return "login_url", "Enter your Salesforce domain, such as https://acme.my.salesforce.com, or choose Production or Sandbox."
		}
	case store.EnvironmentProduction, store.EnvironmentSandbox:
		if f.Domain != "" {
			return "login_url", "The Salesforce domain is used only with Custom domain: clear it, or choose Custom domain."
		}
	default:
		return "environment", "Choose the Salesforce environment."
	}
	if !f.ContentOnly && (f.ClientID == "") != (secret == "") {
		return "client_id", "Give both a client id and a client secret to use your own connected app, or neither."
	}
	return "", ""
}

func (h *Handler) addView(s *session, title string, f addForm, errMsg string) view {
	v := view{Title: title, Session: s, Data: f,
		Crumbs: []crumb{{"Add integration", ""}}}
	if errMsg != "" {
		v.Notice = &notice{"error", errMsg}
	}
	return v
}

// GET /ui/integrations/new: the Basic step. Its form goes to the
// Authentication step with a GET, so Next works without script.
func (h *Handler) newBasic(w http.ResponseWriter, r *http.Request, s *session) error {
	h.render(w, r, http.StatusOK, "new_basic", h.addView(s, "Add integration", readAddForm(r.URL.Query()), ""))
	return nil
}

// GET /ui/integrations/new/auth: the Authentication step.
func (h *Handler) newAuth(w http.ResponseWriter, r *http.Request, s *session) error {
	f := readAddForm(r.URL.Query())
	if field, msg := f.checkBasic(); msg != "" {
		f.Field = field
		h.render(w, r, http.StatusBadRequest, "new_basic", h.addView(s, "Add integration", f, msg))
		return nil
	}
	h.render(w, r, http.StatusOK, "new_auth", h.addView(s, "Add integration: authentication", f, ""))
	return nil
}

// POST /ui/integrations: Connect. It creates the connection, starts the
// authorization and hands the browser to Salesforce's login page.
func (h *Handler) connect(w http.ResponseWriter, r *http.Request, s *session) error {
	f := readAddForm(r.PostForm)
	secret := r.PostFormValue("client_secret")
	if f.ContentOnly {
		f.PullBy, f.ClientID, secret = "", "", ""
	}
	if field, msg := f.checkBasic(); msg != "" {
		f.Field = field
		h.render(w, r, http.StatusBadRequest, "new_basic", h.addView(s, "Add integration", f, msg))
		return nil
	}
	if field, msg := f.checkAuth(secret); msg != "" {
		f.Field = field
		h.render(w, r, http.StatusBadRequest, "new_auth", h.addView(s, "Add integration: authentication", f, msg))
		return nil
	}
	p := connection.CreateParams{
		WorkspaceID: s.Workspace.ID, Name: f.Name, Capability: store.Capability(f.Capability),
		Environment: store.Environment(f.Environment), PullBy: store.PullBy(f.PullBy),
		ClientID: f.ClientID, ClientSecret: secret,
	}
	if p.Environment == store.EnvironmentCustom {
		p.LoginURL = f.Domain
	}
	c, err := h.conns.Create(r.Context(), p)
	if err != nil {
		var ce *connection.Error
		if errors.As(err, &ce) && (ce.Code == connection.CodeInvalidInput || ce.Code == connection.CodeDuplicate) {
			page, title := "new_auth", "Add integration: authentication"
			if ce.Code == connection.CodeDuplicate {
				page, title, f.Field = "new_basic", "Add integration", "name"
			}
			h.render(w, r, ce.Status, page, h.addView(s, title, f, sentence(ce.Message)))
			return nil
		}
		return err
	}
	return h.toSalesforce(w, r, s, c)
}

// toSalesforce starts an authorization of c and sends the browser to
// Salesforce. The answer is a page that moves on by itself rather than a
// redirect: browsers apply the form's form-action 'self' to redirects
// that follow a form POST, so a 303 to Salesforce would be blocked.
func (h *Handler) toSalesforce(w http.ResponseWriter, r *http.Request, s *session, c store.Connection) error {
	authURL, err := h.conns.Authorize(r.Context(), s.Workspace.ID, c.ID, h.publicURL+"/ui/integrations")
	if err != nil {
		return err
	}
	w.Header().Set("Refresh", "0; url="+authURL)
	h.render(w, r, http.StatusOK, "to_salesforce", view{Title: "Opening Salesforce", Session: s,
		Data: struct {
			Name string
			URL  string
		}{c.Name, authURL}})
	return nil
}
