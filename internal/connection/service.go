// Package connection runs the lifecycle of a Salesforce connection:
// create, authorize (OAuth authorization code with state and PKCE),
// callback and token exchange, Test Connection, regenerate the token,
// disconnect and reconnect, and the status model that says whether a
// connection is synced and, when it is not, why.
package connection

import (
	"net/http"
	"time"

	"github.com/sfbridge/sfbridge/internal/store"
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
}

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
	CodeConfirmNeeded = "confirmation_required"
)
