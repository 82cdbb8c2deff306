// Package connection runs the lifecycle of a Salesforce connection:
// create, authorize (OAuth authorization code with state and PKCE),
// callback and token exchange, Test Connection, regenerate the token,
// disconnect and reconnect, and the status model that says whether a
// connection is synced and, when it is not, why.
package connection

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/sfbridge/sfbridge/internal/store"
	"github.com/sfbridge/sfbridge/salesforce"
)

// Sealer encrypts secrets for storage and opens them again
// (internal/secret's Keyring is one).
type Sealer interface {
	Seal(plaintext []byte) ([]byte, error)
	Open(sealed []byte) ([]byte, error)
}

// Config is what the service needs from the deployment.
type Config struct {
	// PublicURL is the service's external base URL; the OAuth callback is
	// PublicURL + CallbackPath.
	PublicURL string
	// DefaultClientID and DefaultClientSecret are the host's connected app,
	// used by connections that bring none of their own.
	DefaultClientID     string
	DefaultClientSecret string
	// ProductionLoginURL and SandboxLoginURL override Salesforce's login
	// hosts (the demo points both at the emulator).
	ProductionLoginURL string
	SandboxLoginURL    string
	// StateTTL is how long an authorization may take; default 15 minutes.
	StateTTL time.Duration
	// ApprovalCap is how many approvals Salesforce keeps per user and
	// connected app (5; one product document says 4). A token refused
	// after that many later authorizations of the same user and app was
	// evicted by the cap rather than revoked.
	ApprovalCap int
	// HTTPClient talks to Salesforce; nil means http.DefaultClient.
	HTTPClient *http.Client
	// Now is the clock; nil means time.Now.
	Now func() time.Time
}

// CallbackPath is where Salesforce sends the person back after login.
const CallbackPath = "/v1/oauth/callback"

// Service runs connection lifecycles on a Store.
type Service struct {
	store  store.Store
	sealer Sealer
	cfg    Config
}

// CreateParams describes a new connection.
type CreateParams struct {
	WorkspaceID string
	Name        string
	Capability  store.Capability
	Environment store.Environment
	// LoginURL is required for EnvironmentCustom (a My Domain URL).
	LoginURL string
	PullBy   store.PullBy
	// ClientID and ClientSecret name the workspace's own connected app;
	// both empty means the host's default app.
	ClientID     string
	ClientSecret string
	// SyncInterval is how often the scheduler syncs the connection: 0
	// for the scheduler's default, otherwise between MinSyncInterval and
	// MaxSyncInterval.
	SyncInterval time.Duration
}

// The bounds of a connection's own sync interval.
const (
	MinSyncInterval = time.Minute
	MaxSyncInterval = 24 * time.Hour
)

// TestResult is what Test Connection found.
type TestResult struct {
	OK bool
	// Status and Reason are the connection's status after the test.
	Status store.Status
	Reason store.Reason
	// Message says in plain words what is wrong and what to do.
	Message     string
	OrgID       string
	Username    string
	InstanceURL string
	// APIUsed and APIMax are the org's daily API usage, when known.
	APIUsed int
	APIMax  int
}

// DisconnectResult says what a disconnect removed.
type DisconnectResult struct {
	Connection      store.Connection
	RemovedMappings int
	TokensRevoked   bool
}

// Error is a lifecycle failure with a stable code for the API's error
// envelope and a message that says what to do.
type Error struct {
	Code    string
	Message string
	// Status is the HTTP status the API answers.
	Status int
	Err    error
}

func (e *Error) Error() string { return e.Code + ": " + e.Message }

func (e *Error) Unwrap() error { return e.Err }

// The error codes the service returns.
const (
	CodeNotFound      = "not_found"
	CodeInvalidInput  = "invalid_input"
	CodeInvalidState  = "invalid_state"
	CodeStateUsed     = "state_used"
	CodeStateExpired  = "state_expired"
	CodeAccessDenied  = "access_denied"
	CodeOAuthFailed   = "oauth_failed"
	CodeNotConnected  = "not_connected"
	CodeConflict      = "conflict"
	CodeDuplicate     = "duplicate"
	CodeConfirmNeeded = "confirmation_required"
)

// defaultStateTTL is how long a person has to finish logging in.
const defaultStateTTL = 15 * time.Minute

// defaultApprovalCap is Salesforce's number of approvals per user and app.
const defaultApprovalCap = 5

// scopes are what sfbridge asks for: the API, and a refresh token so the
// connection keeps working while nobody is logged in.
var scopes = []string{"api", "refresh_token"}

// New returns a service. The configuration is checked here, so a bad one
// fails at start rather than at the first connect.
func New(st store.Store, sealer Sealer, cfg Config) (*Service, error) {
	if st == nil || sealer == nil {
		return nil, fmt.Errorf("connection: a store and a sealer are required")
	}
	u, err := url.Parse(cfg.PublicURL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("connection: the public URL %q must be an absolute http(s) URL", cfg.PublicURL)
	}
	cfg.PublicURL = strings.TrimRight(cfg.PublicURL, "/")
	if (cfg.DefaultClientID == "") != (cfg.DefaultClientSecret == "") {
		return nil, fmt.Errorf("connection: the default connected app needs both a client id and a client secret")
	}
	if cfg.ProductionLoginURL == "" {
		cfg.ProductionLoginURL = salesforce.LoginProduction
	}
	if cfg.SandboxLoginURL == "" {
		cfg.SandboxLoginURL = salesforce.LoginSandbox
	}
	if cfg.StateTTL <= 0 {
		cfg.StateTTL = defaultStateTTL
	}
	if cfg.ApprovalCap <= 0 {
		cfg.ApprovalCap = defaultApprovalCap
	}
	if cfg.HTTPClient == nil {
		cfg.HTTPClient = http.DefaultClient
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	return &Service{store: st, sealer: sealer, cfg: cfg}, nil
}

// CallbackURL is the redirect URI registered on the connected app.
func (s *Service) CallbackURL() string { return s.cfg.PublicURL + CallbackPath }

func (s *Service) now() time.Time { return s.cfg.Now().UTC() }

// loginURL is where a connection's people log in.
func (s *Service) loginURL(c store.Connection) string {
	switch c.Environment {
	case store.EnvironmentSandbox:
		return s.cfg.SandboxLoginURL
	case store.EnvironmentCustom:
		return c.LoginURL
	}
	return s.cfg.ProductionLoginURL
}

// oauthConfig is the OAuth client of a connection: its own app or the
// host's default one.
func (s *Service) oauthConfig(c store.Connection) (*salesforce.OAuthConfig, error) {
	id, secret := s.cfg.DefaultClientID, s.cfg.DefaultClientSecret
	if c.ClientID != "" {
		plain, err := s.sealer.Open(c.ClientSecretSealed)
		if err != nil {
			return nil, fmt.Errorf("opening the client secret of connection %s: %w", c.ID, err)
		}
		id, secret = c.ClientID, string(plain)
	}
	if id == "" {
		return nil, &Error{Code: CodeInvalidInput, Status: http.StatusBadRequest,
			Message: "no connected app: give this connection a client id and secret, or configure the default app (SFBRIDGE_DEFAULT_CLIENT_ID and SFBRIDGE_DEFAULT_CLIENT_SECRET)"}
	}
	return &salesforce.OAuthConfig{
		LoginURL:     s.loginURL(c),
		ClientID:     id,
		ClientSecret: secret,
		RedirectURL:  s.CallbackURL(),
		Scopes:       scopes,
		HTTPClient:   s.cfg.HTTPClient,
	}, nil
}

// notFound is the answer for a connection that does not exist in the
// workspace asked for (or at all: the two are not told apart).
func notFound(id string) *Error {
	return &Error{Code: CodeNotFound, Status: http.StatusNotFound, Message: fmt.Sprintf("no connection %q in this workspace", id), Err: store.ErrNotFound}
}
