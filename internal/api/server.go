package api

import (
	"context"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/sfbridge/sfbridge/internal/connection"
	"github.com/sfbridge/sfbridge/internal/ops"
	"github.com/sfbridge/sfbridge/internal/schedule"
	"github.com/sfbridge/sfbridge/internal/store"
	"github.com/sfbridge/sfbridge/internal/syncer"
)

// Config is what the API needs from the deployment.
type Config struct {
	// Store holds workspaces, API keys and events.
	Store store.Store
	// Connections runs connection lifecycles.
	Connections *connection.Service
	// AdminKey is the host product's key; it acts on every workspace.
	// Only its SHA-256 is kept. Empty means no admin access over HTTP.
	AdminKey string
	// Logger receives one line per request and the detail of internal
	// errors; nil means slog.Default().
	Logger *slog.Logger
	// Metrics is where the API registers its collectors and what
	// /metrics serves; nil means a registry of its own with the Go and
	// process collectors.
	Metrics *prometheus.Registry
	// Now is the clock; nil means time.Now.
	Now func() time.Time
	// Engine runs the manual sync trigger; nil answers that route 503
	// unavailable.
	Engine *syncer.Engine
	// Locker keeps a manual sync from running while another run of the
	// same connection does: pass the *schedule.Scheduler. Nil means a
	// lock set of the API's own, which only keeps manual syncs apart.
	Locker Locker
	// Sealer seals webhook signing secrets (the *secret.Keyring); nil
	// answers webhook creation 503 unavailable.
	Sealer Sealer
	// Operations runs one-time operations (the *ops.Runner, started
	// beside the scheduler); nil answers starting and cancelling them
	// 503 unavailable.
	Operations *ops.Runner
	// UI mints admin UI session links (the *ui.Handler); nil answers
	// POST .../ui-sessions 503 unavailable.
	UI UISessions
}

// Sealer encrypts a secret for storage.
type Sealer interface {
	Seal(plaintext []byte) ([]byte, error)
}

// Locker takes a connection's run lock without waiting; ok is false
// while another run holds it.
type Locker interface {
	TryLock(connectionID string) (unlock func(), ok bool)
}

// Server is the API: an http.Handler for every route under /v1, plus
// /healthz and /metrics.
type Server struct {
	store     store.Store
	conns     *connection.Service
	adminHash []byte
	log       *slog.Logger
	metrics   *metrics
	now       func() time.Time
	mux       *http.ServeMux
	engine    *syncer.Engine
	locker    Locker
	sealer    Sealer
	ops       *ops.Runner
	ui        UISessions
}

// New builds the API from cfg.
func New(cfg Config) (*Server, error) {
	if cfg.Store == nil {
		return nil, errors.New("api: Config.Store is required")
	}
	if cfg.Connections == nil {
		return nil, errors.New("api: Config.Connections is required")
	}
	s := &Server{
		store:  cfg.Store,
		conns:  cfg.Connections,
		log:    cfg.Logger,
		now:    cfg.Now,
		mux:    http.NewServeMux(),
		engine: cfg.Engine,
		locker: cfg.Locker,
		sealer: cfg.Sealer,
	}
	s.ops = cfg.Operations
	s.ui = cfg.UI
	if s.locker == nil {
		s.locker = new(schedule.Locks)
	}
	if cfg.AdminKey != "" {
		sum := sha256.Sum256([]byte(cfg.AdminKey))
		s.adminHash = sum[:]
	}
	if s.log == nil {
		s.log = slog.Default()
	}
	if s.now == nil {
		s.now = time.Now
	}
	m, err := newMetrics(cfg.Metrics)
	if err != nil {
		return nil, fmt.Errorf("api: registering metrics: %w", err)
	}
	s.metrics = m
	for _, rt := range s.routes() {
		s.mux.Handle(rt.method+" "+rt.path, s.handler(rt))
	}
	return s, nil
}

// access says who may call a route.
type access int

const (
	// public routes need no key.
	public access = iota
	// admin routes need the admin key.
	admin
	// workspace routes take the admin key or a key of the {ws} in the
	// path.
	workspace
	// workspaceAdmin routes are in a workspace but need the admin key;
	// another workspace's key still gets 404, not 403.
	workspaceAdmin
)

// route is one entry of the API: the mux pattern is method + " " +
// path, and the OpenAPI document must describe exactly these.
type route struct {
	method string
	path   string
	access access
	handle func(http.ResponseWriter, *http.Request) error
}

// routes is the API's route table, the one source the mux is built from.
func (s *Server) routes() []route {
	return []route{
		{"GET", "/healthz", public, s.healthz},
		{"GET", "/metrics", public, s.serveMetrics},
		{"GET", "/v1/openapi.json", public, s.serveOpenAPI},
		{"GET", connection.CallbackPath, public, s.oauthCallback},

		{"POST", "/v1/workspaces", admin, s.createWorkspace},
		{"GET", "/v1/workspaces", admin, s.listWorkspaces},
		// A query parameter rather than a path segment: external keys are the
		// host's and may hold '/', and /v1/workspaces/{ws}/... owns the
		// two-segment paths.
		{"GET", "/v1/workspaces/by-external-key", admin, s.getWorkspaceByExternalKey},
		{"GET", "/v1/workspaces/{ws}", workspace, s.getWorkspace},

		{"POST", "/v1/workspaces/{ws}/api-keys", workspaceAdmin, s.createAPIKey},
		{"DELETE", "/v1/workspaces/{ws}/api-keys/{id}", workspaceAdmin, s.revokeAPIKey},
		{"POST", "/v1/workspaces/{ws}/ui-sessions", workspace, s.createUISession},

		{"POST", "/v1/workspaces/{ws}/connections", workspace, s.createConnection},
		{"GET", "/v1/workspaces/{ws}/connections", workspace, s.listConnections},
		{"GET", "/v1/workspaces/{ws}/connections/{id}", workspace, s.getConnection},
		{"PATCH", "/v1/workspaces/{ws}/connections/{id}", workspace, s.updateConnection},
		{"DELETE", "/v1/workspaces/{ws}/connections/{id}", workspace, s.deleteConnection},
		{"POST", "/v1/workspaces/{ws}/connections/{id}/authorize", workspace, s.authorizeConnection},
		{"POST", "/v1/workspaces/{ws}/connections/{id}/test", workspace, s.testConnection},
		{"POST", "/v1/workspaces/{ws}/connections/{id}/disconnect", workspace, s.disconnectConnection},
		{"POST", "/v1/workspaces/{ws}/connections/{id}/doctor", workspace, s.runDoctor},

		{"GET", "/v1/workspaces/{ws}/events", workspace, s.listEvents},

		{"PUT", "/v1/app-types/{name}", admin, s.putGlobalAppType},
		{"PUT", "/v1/workspaces/{ws}/app-types/{name}", workspace, s.putAppType},
		{"GET", "/v1/workspaces/{ws}/app-types", workspace, s.listAppTypes},
		{"GET", "/v1/workspaces/{ws}/app-types/{name}", workspace, s.getAppType},

		{"PUT", "/v1/workspaces/{ws}/connections/{id}/objects/{object}", workspace, s.putObjectMapping},
		{"GET", "/v1/workspaces/{ws}/connections/{id}/objects", workspace, s.listObjectMappings},
		{"GET", "/v1/workspaces/{ws}/connections/{id}/objects/{object}/choices", workspace, s.fieldChoices},
		{"POST", "/v1/workspaces/{ws}/connections/{id}/objects/{object}/external-id-field", workspace, s.createExternalIDField},
		{"POST", "/v1/workspaces/{ws}/connections/{id}/mappings", workspace, s.createFieldMapping},
		{"GET", "/v1/workspaces/{ws}/connections/{id}/mappings", workspace, s.listFieldMappings},
		{"POST", "/v1/workspaces/{ws}/connections/{id}/objects/{object}/picklist-values", workspace, s.reconcilePicklist},

		{"POST", "/v1/workspaces/{ws}/connections/{id}/exclusions", workspace, s.createExclusionRule},
		{"GET", "/v1/workspaces/{ws}/connections/{id}/exclusions", workspace, s.listExclusionRules},
		{"GET", "/v1/workspaces/{ws}/connections/{id}/exclusions/{rule_id}", workspace, s.getExclusionRule},
		{"DELETE", "/v1/workspaces/{ws}/connections/{id}/exclusions/{rule_id}", workspace, s.deleteExclusionRule},
		{"POST", "/v1/workspaces/{ws}/connections/{id}/exclusions/check", workspace, s.checkExclusions},
		{"POST", "/v1/workspaces/{ws}/connections/{id}/lead-statuses/pull", workspace, s.pullLeadStatuses},
		{"GET", "/v1/workspaces/{ws}/connections/{id}/lead-statuses", workspace, s.getLeadStatuses},
		{"PUT", "/v1/workspaces/{ws}/connections/{id}/lead-statuses/mapping", workspace, s.putLeadStatusMapping},

		{"PUT", "/v1/workspaces/{ws}/users", workspace, s.putUsers},
		{"GET", "/v1/workspaces/{ws}/users", workspace, s.listUsers},
		{"POST", "/v1/workspaces/{ws}/connections/{id}/users/sync", workspace, s.syncUsers},
		{"GET", "/v1/workspaces/{ws}/connections/{id}/user-mappings", workspace, s.listUserMappings},

		{"POST", "/v1/workspaces/{ws}/connections/{id}/sync", workspace, s.syncNow},
		{"GET", "/v1/workspaces/{ws}/connections/{id}/runs", workspace, s.listRuns},
		{"GET", "/v1/workspaces/{ws}/connections/{id}/runs/{run_id}", workspace, s.getRun},
		{"GET", "/v1/workspaces/{ws}/connections/{id}/errors", workspace, s.listRecordErrors},
		{"GET", "/v1/workspaces/{ws}/connections/{id}/conflicts", workspace, s.listConflicts},

		{"GET", "/v1/workspaces/{ws}/connections/{id}/outbox", workspace, s.listOutbox},
		{"GET", "/v1/workspaces/{ws}/connections/{id}/outbox/summary", workspace, s.outboxSummary},
		{"POST", "/v1/workspaces/{ws}/connections/{id}/outbox/retry", workspace, s.retryOutbox},
		{"POST", "/v1/workspaces/{ws}/connections/{id}/outbox/{object}/{app_id}/link", workspace, s.linkOutboxRecord},

		{"GET", "/v1/workspaces/{ws}/records/{type}", workspace, s.listRecords},
		{"GET", "/v1/workspaces/{ws}/records/{type}/{id}", workspace, s.getRecord},
		{"POST", "/v1/workspaces/{ws}/records/{type}", workspace, s.createRecord},
		{"PATCH", "/v1/workspaces/{ws}/records/{type}/{id}", workspace, s.updateRecord},
		{"DELETE", "/v1/workspaces/{ws}/records/{type}/{id}", workspace, s.deleteRecord},
		// A colon, not a path segment: /records/{type} owns the segment
		// after records, and "batch" is a valid app type name.
		{"POST", "/v1/workspaces/{ws}/records:batch", workspace, s.batchRecords},

		{"POST", "/v1/workspaces/{ws}/webhooks", workspace, s.createWebhook},
		{"GET", "/v1/workspaces/{ws}/webhooks", workspace, s.listWebhooks},
		{"GET", "/v1/workspaces/{ws}/webhooks/{id}/deliveries", workspace, s.listDeliveries},

		{"POST", "/v1/workspaces/{ws}/connections/{id}/operations", workspace, s.startOperation},
		{"GET", "/v1/workspaces/{ws}/connections/{id}/operations", workspace, s.listOperations},
		{"GET", "/v1/workspaces/{ws}/connections/{id}/operations/{op_id}", workspace, s.getOperation},
		{"POST", "/v1/workspaces/{ws}/connections/{id}/operations/{op_id}/cancel", workspace, s.cancelOperation},
		{"POST", "/v1/workspaces/{ws}/connections/{id}/actions/create-lead", workspace, s.createLead},
		{"POST", "/v1/workspaces/{ws}/connections/{id}/actions/log-task", workspace, s.logTask},
	}
}

// handler wraps a route's handle with its access check and error
// writing.
func (s *Server) handler(rt route) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if rt.access != public {
			ctx, err := s.authorize(r, rt.access)
			if err != nil {
				if ae := (*Error)(nil); errors.As(err, &ae) && ae.Status == http.StatusUnauthorized {
					w.Header().Set("WWW-Authenticate", `Bearer realm="sfbridge"`)
				}
				s.writeError(w, r, err)
				return
			}
			r = r.WithContext(ctx)
		}
		if err := rt.handle(w, r); err != nil {
			s.writeError(w, r, err)
		}
	})
}

// ServeHTTP gives the request an id, routes it, answers unrouted
// requests in the error envelope, and logs and counts it by route
// pattern.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	start := s.now()
	id := incomingRequestID(r)
	w.Header().Set(RequestIDHeader, id)
	r = r.WithContext(context.WithValue(r.Context(), requestIDKey{}, id))
	sw := &statusWriter{ResponseWriter: w}

	h, pattern := s.mux.Handler(r)
	route, method := "unmatched", "other"
	if pattern != "" {
		route, method = routePath(pattern), r.Method
		s.mux.ServeHTTP(sw, r)
	} else {
		s.unrouted(sw, r, h)
	}

	d := s.now().Sub(start)
	s.metrics.observe(method, route, sw.status(), d)
	s.log.LogAttrs(r.Context(), slog.LevelInfo, "http request",
		slog.String("method", r.Method),
		slog.String("route", route),
		slog.Int("status", sw.status()),
		slog.Duration("duration", d),
		slog.String("request_id", id))
}

// unrouted answers a request no route matched: the mux's handler says
// whether it is 404 or 405 (and sets Allow); the body is the envelope.
func (s *Server) unrouted(w http.ResponseWriter, r *http.Request, h http.Handler) {
	probe := &probeWriter{header: http.Header{}}
	h.ServeHTTP(probe, r)
	if allow := probe.header.Get("Allow"); allow != "" {
		w.Header().Set("Allow", allow)
	}
	if probe.code == http.StatusMethodNotAllowed {
		s.writeError(w, r, errorf(http.StatusMethodNotAllowed, CodeMethodNotAllowed,
			"%s is not allowed here; use %s.", r.Method, probe.header.Get("Allow")))
		return
	}
	s.writeError(w, r, errorf(http.StatusNotFound, CodeNotFound,
		"No such route. See /v1/openapi.json for the routes."))
}

// routePath is a mux pattern without its method.
func routePath(pattern string) string {
	for i := 0; i < len(pattern); i++ {
		if pattern[i] == ' ' {
			return pattern[i+1:]
		}
	}
	return pattern
}

// statusWriter remembers the status a handler wrote.
type statusWriter struct {
	http.ResponseWriter
	code int
}

func (w *statusWriter) WriteHeader(code int) {
	if w.code == 0 {
		w.code = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.code == 0 {
		w.code = http.StatusOK
	}
	return w.ResponseWriter.Write(b)
}

func (w *statusWriter) status() int {
	if w.code == 0 {
		return http.StatusOK
	}
	return w.code
}

// Unwrap lets http.ResponseController reach the real writer.
func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// probeWriter records what the mux's fallback handler would answer.
type probeWriter struct {
	header http.Header
	code   int
}

func (p *probeWriter) Header() http.Header         { return p.header }
func (p *probeWriter) Write(b []byte) (int, error) { return len(b), nil }
func (p *probeWriter) WriteHeader(code int)        { p.code = code }

// writeJSON answers v as JSON with status. API answers are never cached:
// some carry a key shown once.
func writeJSON(w http.ResponseWriter, status int, v any) {
	h := w.Header()
	h.Set("Content-Type", "application/json; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	h.Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(true)
	_ = enc.Encode(v) // the client went away; nothing to do
}

func (s *Server) healthz(w http.ResponseWriter, _ *http.Request) error {
	writeJSON(w, http.StatusOK, map[string]string{"status": "ok"})
	return nil
}

func (s *Server) serveMetrics(w http.ResponseWriter, r *http.Request) error {
	s.metrics.handler.ServeHTTP(w, r)
	return nil
}
