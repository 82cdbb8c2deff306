package config

import (
	"errors"
	"flag"
	"io"
	"strings"
	"testing"
)

func TestLoad(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name  string
		args  []string
		env   map[string]string
		check func(t *testing.T, c Config)
	}{
		{
			name: "defaults",
			env:  requiredEnv(nil),
			check: func(t *testing.T, c Config) {
				want := validConfig()
				want.PublicURL = "http://127.0.0.1:8080"
				if c != want {
					t.Errorf("got %#v\nwant %#v", c, want)
				}
				if c.EncryptionKeys != testKeySpec || c.AdminAPIKey != testAdmin {
					t.Error("secrets not loaded from the environment")
				}
			},
		},
		{
			name: "every setting from env",
			env: map[string]string{
				"SFBRIDGE_LISTEN":                ":9090",
				"SFBRIDGE_PUBLIC_URL":            "https://sf.example.com",
				"SFBRIDGE_DATABASE_URL":          "postgres://u:p@db:5432/sf",
				"SFBRIDGE_ENCRYPTION_KEYS":       testKeySpec,
				"SFBRIDGE_ADMIN_API_KEY":         testAdmin,
				"SFBRIDGE_DEFAULT_CLIENT_ID":     "3MVGid",
				"SFBRIDGE_DEFAULT_CLIENT_SECRET": "csecret",
				"SFBRIDGE_LOGIN_URL":             "http://127.0.0.1:7000",
				"SFBRIDGE_SANDBOX_LOGIN_URL":     "http://127.0.0.1:7001",
				"SFBRIDGE_LOG_LEVEL":             "debug",
				"SFBRIDGE_LOG_FORMAT":            "json",
				"SFBRIDGE_BULK_THRESHOLD":        "20000",
				"SFBRIDGE_BULK_PUSH_THRESHOLD":   "never",
			},
			check: func(t *testing.T, c Config) {
				want := Config{
					Listen: ":9090", PublicURL: "https://sf.example.com", DatabaseURL: "postgres://u:p@db:5432/sf",
					EncryptionKeys: testKeySpec, AdminAPIKey: testAdmin, DefaultClientID: "3MVGid", DefaultClientSecret: "csecret",
					LoginURL: "http://127.0.0.1:7000", SandboxLoginURL: "http://127.0.0.1:7001", LogLevel: "debug", LogFormat: "json",
					BulkThreshold: "20000", BulkPushThreshold: "never",
				}
				if read, push := c.BulkThresholds(); read != 20000 || push != -1 {
					t.Errorf("BulkThresholds() = %d, %d; want 20000, -1", read, push)
				}
				if c != want {
					t.Errorf("got %#v\nwant %#v", c.Redacted(), want.Redacted())
				}
			},
		},
		{
			name: "flags override env",
			args: []string{"--listen=:7777", "-log-level", "warn", "--admin-api-key", strings.Repeat("f", 40)},
			env:  requiredEnv(map[string]string{"SFBRIDGE_LISTEN": ":9090", "SFBRIDGE_LOG_LEVEL": "debug"}),
			check: func(t *testing.T, c Config) {
				if c.Listen != ":7777" || c.LogLevel != "warn" || c.AdminAPIKey != strings.Repeat("f", 40) {
					t.Errorf("got listen %q, level %q; want the flag values", c.Listen, c.LogLevel)
				}
				if c.PublicURL != "http://localhost:7777" {
					t.Errorf("PublicURL = %q, want one derived from the flag's listen address", c.PublicURL)
				}
			},
		},
		{
			name: "empty env counts as unset",
			env:  requiredEnv(map[string]string{"SFBRIDGE_LOG_LEVEL": "", "SFBRIDGE_LISTEN": "  "}),
			check: func(t *testing.T, c Config) {
				if c.LogLevel != "info" || c.Listen != "127.0.0.1:8080" {
					t.Errorf("got level %q, listen %q; want the defaults", c.LogLevel, c.Listen)
				}
			},
		},
		{
			name: "values trimmed",
			args: []string{"--public-url", " https://sf.example.com/ "},
			env:  requiredEnv(map[string]string{"SFBRIDGE_ADMIN_API_KEY": " " + testAdmin + "\n"}),
			check: func(t *testing.T, c Config) {
				if c.AdminAPIKey != testAdmin || c.PublicURL != "https://sf.example.com/" {
					t.Errorf("got admin %q, public %q; want trimmed values", c.AdminAPIKey, c.PublicURL)
				}
			},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			c, err := LoadFor("serve", tc.args, env(tc.env))
			if err != nil {
				t.Fatalf("LoadFor: %v", err)
			}
			tc.check(t, c)
		})
	}
}

func TestLoadErrors(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name string
		args []string
		env  map[string]string
		want string
	}{
		{"unknown flag", []string{"--nope=1"}, requiredEnv(nil), "reading serve flags: flag provided but not defined: -nope"},
		{"missing value", []string{"--listen"}, requiredEnv(nil), "flag needs an argument: -listen"},
		{"positional", []string{"--listen", ":1", "s3cr3t-value"}, requiredEnv(nil), "unexpected argument at position 3"},
		{"invalid", nil, nil, "SFBRIDGE_ADMIN_API_KEY (--admin-api-key) is required"},
		{"invalid flag value", []string{"--log-level=loud"}, requiredEnv(nil), `SFBRIDGE_LOG_LEVEL (--log-level) is "loud"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			c, err := LoadFor("serve", tc.args, env(tc.env))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("LoadFor: err = %v, want one containing %q", err, tc.want)
			}
			if strings.Contains(err.Error(), "s3cr3t") {
				t.Errorf("error echoes an argument: %v", err)
			}
			if c != (Config{}) {
				t.Errorf("LoadFor returned %v with an error; want the zero Config", c)
			}
		})
	}
}

func TestLoadHelp(t *testing.T) {
	t.Parallel()
	for _, arg := range []string{"-h", "--help"} {
		if _, err := Load([]string{arg}, nil); err != flag.ErrHelp {
			t.Errorf("Load(%s): err = %v, want flag.ErrHelp", arg, err)
		}
	}
}

func TestLoadValidationErrorType(t *testing.T) {
	t.Parallel()
	_, err := Load(nil, nil)
	var verr *ValidationError
	if !errors.As(err, &verr) {
		t.Fatalf("Load with no settings: err = %v, want *ValidationError", err)
	}
	got := map[string]bool{}
	for _, p := range verr.Problems {
		got[p.Field] = true
	}
	if len(verr.Problems) != 2 || !got["EncryptionKeys"] || !got["AdminAPIKey"] {
		t.Errorf("problems = %v, want EncryptionKeys and AdminAPIKey", verr.Problems)
	}
}

func TestLoadFlagsKeepsCallerFlags(t *testing.T) {
	t.Parallel()
	fs := flag.NewFlagSet("demo", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	ready := fs.String("ready-file", "", "")
	c, err := LoadFlags(fs, []string{"--ready-file=/tmp/r", "--listen=:0", "--public-url=http://127.0.0.1:1234"},
		env(requiredEnv(map[string]string{"SFBRIDGE_READY_FILE": "/tmp/env"})))
	if err != nil {
		t.Fatalf("LoadFlags: %v", err)
	}
	if *ready != "/tmp/r" || c.Listen != ":0" || c.PublicURL != "http://127.0.0.1:1234" {
		t.Errorf("ready %q, listen %q, public %q", *ready, c.Listen, c.PublicURL)
	}
}
