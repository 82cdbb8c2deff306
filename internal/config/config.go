package config

import (
	"errors"
	"io"
	"log/slog"
	"net"
	"strings"

	"github.com/sfbridge/sfbridge/internal/secret"
)

// CallbackPath is where Salesforce sends the person back after login,
// under [Config.PublicURL]. It matches connection.CallbackPath.
const CallbackPath = "/v1/oauth/callback"

// RedactedValue is what [Config.Redacted] puts in place of a secret.
const RedactedValue = "[redacted]"

// Log levels and formats accepted by [Config.LogLevel] and
// [Config.LogFormat].
const (
	LogLevelDebug = "debug"
	LogLevelInfo  = "info"
	LogLevelWarn  = "warn"
	LogLevelError = "error"

	LogFormatText = "text"
	LogFormatJSON = "json"
)

// MinAdminAPIKeyLen is the shortest admin API key [Config.Validate]
// accepts.
const MinAdminAPIKeyLen = 32

// Config is everything the sfbridge service reads from its deployment.
// The zero value is not valid; start from [Default] or [Load]. Each
// field's flag and environment variable are listed by [Describe].
type Config struct {
	// Listen is the host:port the HTTP server listens on.
	// Default 127.0.0.1:8080.
	Listen string
	// PublicURL is the service's external base URL, as browsers and
	// Salesforce reach it: an absolute http or https URL with no path
	// but "/". Empty means http://<Listen> (see
	// [Config.ResolvedPublicURL]). The OAuth callback, to be registered
	// on the connected app, is [Config.CallbackURL].
	PublicURL string
	// DatabaseURL selects the store: sqlite://PATH (relative, or
	// sqlite:///abs/path) or postgres:// / postgresql:// URLs.
	// Default sqlite://./sfbridge-data/sfbridge.db. See [Config.Database].
	DatabaseURL string
	// EncryptionKeys is the keyring that encrypts tokens and client
	// secrets at rest, in [secret.ParseKeyring]'s form
	// (ID:BASE64KEY[,ID:BASE64KEY...], primary first). Required unless
	// Demo. Secret.
	EncryptionKeys string
	// AdminAPIKey authenticates the host product's admin calls; at
	// least [MinAdminAPIKeyLen] characters. Required. Secret.
	AdminAPIKey string
	// DefaultClientID and DefaultClientSecret are the host's connected
	// app, used by connections that bring none of their own. Both or
	// neither. The secret is secret.
	DefaultClientID     string
	DefaultClientSecret string
	// LoginURL and SandboxLoginURL are Salesforce's login hosts for
	// production and sandbox orgs. Defaults https://login.salesforce.com
	// and https://test.salesforce.com; the demo points them at the
	// emulator.
	LoginURL        string
	SandboxLoginURL string
	// LogLevel is debug, info, warn or error. Default info.
	LogLevel string
	// LogFormat is text or json. Default text.
	LogFormat string
	// BulkThreshold is how many records an object's first load needs to
	// read them through Bulk API 2.0 (a whole number; "never" turns it
	// off). Default 50000. See [Config.BulkThresholds].
	BulkThreshold string
	// BulkPushThreshold is how many due app changes of one object a push
	// needs to write them through Bulk API 2.0 ingest jobs (a whole
	// number, or "never"). Default 10000.
	BulkPushThreshold string

	// Demo relaxes the requirements the demo command meets by other
	// means (it generates its own encryption key). It has no flag or
	// environment variable: only code sets it.
	Demo bool
}

// Default returns a Config holding every documented default. Settings
// without a default are empty, and PublicURL is empty, meaning
// http://<Listen>.
func Default() Config {
	var c Config
	for _, s := range settings {
		if !s.derived {
			*s.field(&c) = s.Default
		}
	}
	return c
}

// ResolvedPublicURL is PublicURL without a trailing slash or, when
// PublicURL is empty, http://<Listen> with a wildcard or empty host
// replaced by localhost. It is empty when neither gives a usable URL
// (Listen is invalid or its port is 0).
func (c Config) ResolvedPublicURL() string {
	if c.PublicURL != "" {
		return strings.TrimSuffix(c.PublicURL, "/")
	}
	host, port, err := net.SplitHostPort(c.Listen)
	if err != nil || port == "" || port == "0" {
		return ""
	}
	switch host {
	case "", "0.0.0.0", "::":
		host = "localhost"
	}
	return "http://" + net.JoinHostPort(host, port)
}

// CallbackURL is the OAuth redirect URI: [Config.ResolvedPublicURL]
// followed by [CallbackPath].
func (c Config) CallbackURL() string { return c.ResolvedPublicURL() + CallbackPath }

// Keyring parses EncryptionKeys. It fails when they are empty; the demo
// generates a spec with [secret.NewKey] and sets it before calling.
func (c Config) Keyring() (*secret.Keyring, error) {
	if strings.TrimSpace(c.EncryptionKeys) == "" {
		return nil, errors.New(settingByField("EncryptionKeys").name() + " is not set")
	}
	kr, err := secret.ParseKeyring(c.EncryptionKeys)
	if err != nil {
		return nil, errors.New(settingByField("EncryptionKeys").name() + " is invalid: " + err.Error())
	}
	return kr, nil
}

// SlogLevel is LogLevel as a [slog.Level]; an unknown level is info.
func (c Config) SlogLevel() slog.Level {
	switch strings.ToLower(c.LogLevel) {
	case LogLevelDebug:
		return slog.LevelDebug
	case LogLevelWarn:
		return slog.LevelWarn
	case LogLevelError:
		return slog.LevelError
	default:
		return slog.LevelInfo
	}
}

// NewLogger returns a logger writing to w in LogFormat at LogLevel.
func (c Config) NewLogger(w io.Writer) *slog.Logger {
	opts := &slog.HandlerOptions{Level: c.SlogLevel()}
	if strings.EqualFold(c.LogFormat, LogFormatJSON) {
		return slog.New(slog.NewJSONHandler(w, opts))
	}
	return slog.New(slog.NewTextHandler(w, opts))
}
