package ui

import (
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/sfbridge/sfbridge/internal/connection"
	"github.com/sfbridge/sfbridge/internal/ops"
	"github.com/sfbridge/sfbridge/internal/store"
)

// The bounds and default of a session link's lifetime.
const (
	MinLinkTTL     = time.Minute
	MaxLinkTTL     = 24 * time.Hour
	DefaultLinkTTL = time.Hour
)

// DefaultSessionTTL is how long a session lasts after its link is opened.
const DefaultSessionTTL = 12 * time.Hour

// Prefix is where the UI is mounted.
const Prefix = "/ui/"

// cookieName is the session cookie.
const cookieName = "sfbridge_ui"

// Config is what the UI needs from the deployment.
type Config struct {
	// Store holds workspaces and sync runs.
	Store store.Store
	// Connections runs connection lifecycles.
	Connections *connection.Service
	// PublicURL is the service's external base URL: links start with it,
	// the OAuth return URL is under it, and the cookie is Secure when it
	// is https.
	PublicURL string
	// Key signs links, sessions and CSRF tokens; at least 32 bytes. Use
	// [DeriveKey].
	Key []byte
	// SessionTTL is how long a session lasts; 0 means DefaultSessionTTL.
	SessionTTL time.Duration
	// Logger receives internal errors; nil means slog.Default().
	Logger *slog.Logger
	// Now is the clock; nil means time.Now.
	Now func() time.Time
	// Operations runs one-time operations (the *ops.Runner the service
	// starts); nil shows the section without the Start buttons.
	Operations *ops.Runner
}

// Handler is the admin UI: an http.Handler for every path under /ui/.
type Handler struct {
	store      store.Store
	conns      *connection.Service
	publicURL  string
	secure     bool
	signer     signer
	sessionTTL time.Duration
	log        *slog.Logger
	now        func() time.Time
	mux        *http.ServeMux
	pages      *pages
	origin     *http.CrossOriginProtection
	ops        *ops.Runner
}

// New builds the UI from cfg.
func New(cfg Config) (*Handler, error) {
	if cfg.Store == nil || cfg.Connections == nil {
		return nil, errors.New("ui: Config.Store and Config.Connections are required")
	}
	if len(cfg.Key) < 32 {
		return nil, errors.New("ui: Config.Key must be at least 32 bytes; use DeriveKey")
	}
	u, err := url.Parse(cfg.PublicURL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("ui: the public URL %q must be an absolute http(s) URL", cfg.PublicURL)
	}
	p, err := parsePages()
	if err != nil {
		return nil, err
	}
	h := &Handler{
		store:      cfg.Store,
		conns:      cfg.Connections,
		publicURL:  strings.TrimRight(cfg.PublicURL, "/"),
		secure:     u.Scheme == "https",
		signer:     signer{key: append([]byte(nil), cfg.Key...)},
		sessionTTL: cfg.SessionTTL,
		log:        cfg.Logger,
		now:        cfg.Now,
		mux:        http.NewServeMux(),
		pages:      p,
		origin:     http.NewCrossOriginProtection(),
		ops:        cfg.Operations,
	}
	if h.sessionTTL <= 0 {
		h.sessionTTL = DefaultSessionTTL
	}
	if h.log == nil {
		h.log = slog.Default()
	}
	if h.now == nil {
		h.now = time.Now
	}
	h.routes()
	return h, nil
}

// routes builds the mux. Pages behind a session go through h.authed.
func (h *Handler) routes() {
	m := h.mux
	m.HandleFunc("GET /ui", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, Prefix, http.StatusSeeOther)
	})
	m.HandleFunc("GET /ui/{$}", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/ui/integrations", http.StatusSeeOther)
	})
	m.HandleFunc("GET /ui/login", h.login)
	m.Handle("GET /ui/static/", staticHandler())
	m.Handle("GET /ui/integrations", h.authed(h.listIntegrations))
	m.Handle("GET /ui/integrations/new", h.authed(h.newBasic))
	m.Handle("GET /ui/integrations/new/auth", h.authed(h.newAuth))
	m.Handle("POST /ui/integrations", h.authed(h.connect))
	m.Handle("GET /ui/integrations/{id}", h.authed(h.salesforcePage))
	m.Handle("POST /ui/integrations/{id}/test", h.authed(h.testConnection))
	m.Handle("POST /ui/integrations/{id}/authorize", h.authed(h.regenerateToken))
	m.Handle("GET /ui/integrations/{id}/disconnect", h.authed(h.disconnectPage))
	m.Handle("POST /ui/integrations/{id}/disconnect", h.authed(h.disconnect))
	m.Handle("GET /ui/integrations/{id}/delete", h.authed(h.deletePage))
	m.Handle("POST /ui/integrations/{id}/delete", h.authed(h.deleteIntegration))
	// The sections of an integration, one file each.
	h.syncRoutes(m)
	h.mappingRoutes(m)
	h.exclusionRoutes(m)
	h.ownerRoutes(m)
	h.operationRoutes(m)
	h.errorRoutes(m)
	h.doctorRoutes(m)
}

// csp is the Content-Security-Policy of every answer: everything from
// this origin, nothing inline, never framed.
const csp = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; " +
	"form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'"

// ServeHTTP sets the security headers and routes the request.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	hd := w.Header()
	hd.Set("Content-Security-Policy", csp)
	hd.Set("X-Content-Type-Options", "nosniff")
	hd.Set("Referrer-Policy", "same-origin")
	hd.Set("X-Frame-Options", "DENY")
	if _, pattern := h.mux.Handler(r); pattern == "" {
		h.renderError(w, r, http.StatusNotFound, "Page not found", "There is no such page. Go back to the integrations.")
		return
	}
	h.mux.ServeHTTP(w, r)
}

// authedFunc is a page behind a session.
type authedFunc func(w http.ResponseWriter, r *http.Request, s *session) error

// session is the signed-in person's workspace and CSRF token.
type session struct {
	claims    claims
	Workspace store.Workspace
	CSRF      string
}

// authed loads the session from the cookie, checks CSRF on POST, and
// renders what the page returns as an error.
func (h *Handler) authed(f authedFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "no-store")
		sess, ok := h.session(r)
		if !ok {
			h.renderError(w, r, http.StatusUnauthorized, "Your session has ended",
				"Open the admin screens again from the host app to get a new link.")
			return
		}
		if r.Method == http.MethodPost {
			r.Body = http.MaxBytesReader(w, r.Body, 64<<10)
			if err := h.origin.Check(r); err != nil || !h.signer.checkCSRF(sess.claims, r.PostFormValue("csrf")) {
				h.renderError(w, r, http.StatusForbidden, "This form has expired",
					"The form was missing its security token or came from another site. Reload the page and try again.")
				return
			}
		}
		if err := f(w, r, sess); err != nil {
			h.pageError(w, r, err)
		}
	})
}

// session reads and verifies the session cookie and loads its workspace.
func (h *Handler) session(r *http.Request) (*session, bool) {
	ck, err := r.Cookie(cookieName)
	if err != nil {
		return nil, false
	}
	c, err := h.signer.verify(ck.Value, kindSession, h.now())
	if err != nil {
		return nil, false
	}
	ws, err := h.store.GetWorkspace(r.Context(), c.WorkspaceID)
	if err != nil {
		if !errors.Is(err, store.ErrNotFound) {
			h.log.ErrorContext(r.Context(), "ui: reading the session's workspace", "err", err)
		}
		return nil, false
	}
	return &session{claims: c, Workspace: ws, CSRF: h.signer.csrfToken(c)}, true
}

// pageError renders err: a connection.Error with its status and
// message, anything else as an internal error that is logged.
func (h *Handler) pageError(w http.ResponseWriter, r *http.Request, err error) {
	var ce *connection.Error
	if errors.As(err, &ce) {
		title := "That did not work"
		if ce.Code == connection.CodeNotFound {
			title = "Integration not found"
		}
		status := ce.Status
		if status < 400 || status > 599 {
			status = http.StatusBadRequest
		}
		h.renderError(w, r, status, title, sentence(ce.Message))
		return
	}
	h.log.ErrorContext(r.Context(), "ui: serving a page", "path", r.URL.Path, "err", err)
	h.renderError(w, r, http.StatusInternalServerError, "Something went wrong",
		"The page could not be shown because of an error on our side. Try again in a moment.")
}

// sentence starts msg with a capital letter and ends it with a period.
func sentence(msg string) string {
	if msg == "" {
		return msg
	}
	msg = strings.ToUpper(msg[:1]) + msg[1:]
	if !strings.HasSuffix(msg, ".") {
		msg += "."
	}
	return msg
}
