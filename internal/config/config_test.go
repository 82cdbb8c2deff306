package config

import (
	"bytes"
	"log/slog"
	"strings"
	"testing"
)

func TestDefault(t *testing.T) {
	t.Parallel()
	got := Default()
	want := Config{
		Listen:            "127.0.0.1:8080",
		DatabaseURL:       "sqlite://./sfbridge-data/sfbridge.db",
		LoginURL:          "https://login.salesforce.com",
		SandboxLoginURL:   "https://test.salesforce.com",
		LogLevel:          "info",
		LogFormat:         "text",
		BulkThreshold:     "50000",
		BulkPushThreshold: "10000",
	}
	if got != want {
		t.Errorf("Default() =\n%#v\nwant\n%#v", got, want)
	}
}

func TestResolvedPublicURL(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name, listen, public, want string
	}{
		{"derived", "127.0.0.1:8080", "", "http://127.0.0.1:8080"},
		{"derived empty host", ":9000", "", "http://localhost:9000"},
		{"derived wildcard v4", "0.0.0.0:80", "", "http://localhost:80"},
		{"derived wildcard v6", "[::]:80", "", "http://localhost:80"},
		{"derived v6", "[::1]:8080", "", "http://[::1]:8080"},
		{"port zero", "127.0.0.1:0", "", ""},
		{"bad listen", "nonsense", "", ""},
		{"explicit", "127.0.0.1:8080", "https://sf.example.com", "https://sf.example.com"},
		{"explicit slash", "127.0.0.1:8080", "https://sf.example.com/", "https://sf.example.com"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			c := Config{Listen: tc.listen, PublicURL: tc.public}
			if got := c.ResolvedPublicURL(); got != tc.want {
				t.Errorf("ResolvedPublicURL = %q, want %q", got, tc.want)
			}
		})
	}
	c := Config{PublicURL: "https://sf.example.com/"}
	if got, want := c.CallbackURL(), "https://sf.example.com/v1/oauth/callback"; got != want {
		t.Errorf("CallbackURL = %q, want %q", got, want)
	}
}

func TestKeyring(t *testing.T) {
	t.Parallel()
	kr, err := validConfig().Keyring()
	if err != nil || kr.PrimaryID() != "k1" {
		t.Fatalf("Keyring = %v, %v; want primary k1", kr, err)
	}
	if _, err := (Config{}).Keyring(); err == nil || !strings.Contains(err.Error(), "SFBRIDGE_ENCRYPTION_KEYS (--encryption-keys) is not set") {
		t.Errorf("empty keys: err = %v", err)
	}
	bad := Config{EncryptionKeys: "k1:c2hvcnQ="}
	if _, err := bad.Keyring(); err == nil || !strings.Contains(err.Error(), "SFBRIDGE_ENCRYPTION_KEYS (--encryption-keys) is invalid") || strings.Contains(err.Error(), "c2hvcnQ") {
		t.Errorf("bad keys: err = %v", err)
	}
}

func TestLogging(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		level string
		want  slog.Level
	}{
		{"debug", slog.LevelDebug}, {"info", slog.LevelInfo}, {"WARN", slog.LevelWarn}, {"error", slog.LevelError},
	} {
		if got := (Config{LogLevel: tc.level}).SlogLevel(); got != tc.want {
			t.Errorf("SlogLevel(%q) = %v, want %v", tc.level, got, tc.want)
		}
	}
	var buf bytes.Buffer
	Config{LogLevel: "warn", LogFormat: "json"}.NewLogger(&buf).Info("hidden")
	Config{LogLevel: "warn", LogFormat: "json"}.NewLogger(&buf).Warn("shown")
	if out := buf.String(); strings.Contains(out, "hidden") || !strings.Contains(out, `"msg":"shown"`) {
		t.Errorf("json logger wrote %q", out)
	}
	buf.Reset()
	Config{LogLevel: "info", LogFormat: "text"}.NewLogger(&buf).Info("hello")
	if out := buf.String(); !strings.Contains(out, "msg=hello") {
		t.Errorf("text logger wrote %q", out)
	}
}
