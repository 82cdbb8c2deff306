package config

import (
	"errors"
	"strings"
	"testing"
)

func TestValidateOK(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name   string
		modify func(*Config)
	}{
		{"defaults plus required", func(*Config) {}},
		{"demo without keys", func(c *Config) { c.Demo = true; c.EncryptionKeys = "" }},
		{"https public url", func(c *Config) { c.PublicURL = "https://sf.example.com" }},
		{"public url slash", func(c *Config) { c.PublicURL = "https://sf.example.com/" }},
		{"public url port", func(c *Config) { c.PublicURL = "http://127.0.0.1:9000" }},
		{"port zero with public url", func(c *Config) { c.Listen = "127.0.0.1:0"; c.PublicURL = "http://127.0.0.1:4321" }},
		{"ipv6 listen", func(c *Config) { c.Listen = "[::1]:8080" }},
		{"postgres", func(c *Config) { c.DatabaseURL = "postgres://u:p@127.0.0.1:5432/sf?sslmode=disable" }},
		{"postgresql", func(c *Config) { c.DatabaseURL = "postgresql:///sf?host=/var/run/postgresql" }},
		{"absolute sqlite", func(c *Config) { c.DatabaseURL = "sqlite:///var/lib/sfbridge/sf.db" }},
		{"client app", func(c *Config) { c.DefaultClientID = "id"; c.DefaultClientSecret = "secret" }},
		{"rotated keys", func(c *Config) { c.EncryptionKeys = "k2:" + strings.Repeat("A", 43) + "=," + testKeySpec }},
		{"upper case log level", func(c *Config) { c.LogLevel = "DEBUG"; c.LogFormat = "JSON" }},
		{"http emulator login", func(c *Config) { c.LoginURL = "http://127.0.0.1:7000"; c.SandboxLoginURL = "http://127.0.0.1:7000/" }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			c := validConfig()
			tc.modify(&c)
			if err := c.Validate(); err != nil {
				t.Errorf("Validate: %v", err)
			}
		})
	}
}

func TestValidateProblems(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name   string
		modify func(*Config)
		field  string
		want   string // the whole problem, or a prefix of it ending in "…"
	}{
		{"listen empty", func(c *Config) { c.Listen = "" }, "Listen",
			"SFBRIDGE_LISTEN (--listen) is required: set it to host:port, such as 127.0.0.1:8080 or :8080"},
		{"listen no port", func(c *Config) { c.Listen = "localhost" }, "Listen",
			`SFBRIDGE_LISTEN (--listen) is "localhost": want host:port, such as 127.0.0.1:8080 or :8080`},
		{"listen bad port", func(c *Config) { c.Listen = "localhost:http" }, "Listen",
			`SFBRIDGE_LISTEN (--listen) has port "http": want a number from 0 to 65535`},
		{"listen port range", func(c *Config) { c.Listen = ":70000" }, "Listen",
			`SFBRIDGE_LISTEN (--listen) has port "70000": want a number from 0 to 65535`},
		{"public url port zero", func(c *Config) { c.Listen = ":0" }, "PublicURL",
			"SFBRIDGE_PUBLIC_URL (--public-url) is required when SFBRIDGE_LISTEN (--listen) listens on port 0: …"},
		{"public url relative", func(c *Config) { c.PublicURL = "sf.example.com" }, "PublicURL",
			`SFBRIDGE_PUBLIC_URL (--public-url) is "sf.example.com": want an absolute http or https URL such as https://sfbridge.example.com; the OAuth callback is <public-url>/v1/oauth/callback`},
		{"public url scheme", func(c *Config) { c.PublicURL = "ftp://sf.example.com" }, "PublicURL",
			`SFBRIDGE_PUBLIC_URL (--public-url) is "ftp://sf.example.com": want an absolute http or https URL …`},
		{"public url path", func(c *Config) { c.PublicURL = "https://sf.example.com/sfbridge" }, "PublicURL",
			`SFBRIDGE_PUBLIC_URL (--public-url) is "https://sf.example.com/sfbridge", which has path "/sfbridge": remove the path; …`},
		{"public url query", func(c *Config) { c.PublicURL = "https://sf.example.com/?a=b" }, "PublicURL",
			`SFBRIDGE_PUBLIC_URL (--public-url) is "https://sf.example.com/?a=b", which has a query or fragment: …`},
		{"public url fragment", func(c *Config) { c.PublicURL = "https://sf.example.com#x" }, "PublicURL",
			`SFBRIDGE_PUBLIC_URL (--public-url) is "https://sf.example.com#x", which has a query or fragment: …`},
		{"public url no host", func(c *Config) { c.PublicURL = "https://:443" }, "PublicURL",
			`SFBRIDGE_PUBLIC_URL (--public-url) is "https://:443", which has no host: …`},
		{"public url user", func(c *Config) { c.PublicURL = "ftp://u:hunter2@sf.example.com" }, "PublicURL",
			"SFBRIDGE_PUBLIC_URL (--public-url) holds a user name or password: …"},
		{"public url unparsable", func(c *Config) { c.PublicURL = "http://[::1" }, "PublicURL",
			"SFBRIDGE_PUBLIC_URL (--public-url) is not a valid URL: …"},
		{"database empty", func(c *Config) { c.DatabaseURL = "" }, "DatabaseURL",
			"SFBRIDGE_DATABASE_URL (--database-url) is required: want sqlite://PATH or postgres://USER:PASSWORD@HOST:PORT/DB"},
		{"database no scheme", func(c *Config) { c.DatabaseURL = "./sf.db" }, "DatabaseURL",
			"SFBRIDGE_DATABASE_URL (--database-url) has no scheme: …"},
		{"database mysql", func(c *Config) { c.DatabaseURL = "mysql://u:hunter2@db/sf" }, "DatabaseURL",
			`SFBRIDGE_DATABASE_URL (--database-url) has unsupported scheme "mysql": …`},
		{"database sqlite no path", func(c *Config) { c.DatabaseURL = "sqlite://" }, "DatabaseURL",
			"SFBRIDGE_DATABASE_URL (--database-url) has no file path: …"},
		{"database bad postgres", func(c *Config) { c.DatabaseURL = "postgres://u:hunter2@db:port/sf" }, "DatabaseURL",
			"SFBRIDGE_DATABASE_URL (--database-url) is not a valid PostgreSQL URL: …"},
		{"keys missing", func(c *Config) { c.EncryptionKeys = "" }, "EncryptionKeys",
			"SFBRIDGE_ENCRYPTION_KEYS (--encryption-keys) is required: set it to ID:BASE64KEY with a random 32-byte key, …"},
		{"keys short", func(c *Config) { c.EncryptionKeys = "k1:aHVudGVyMg==" }, "EncryptionKeys",
			`SFBRIDGE_ENCRYPTION_KEYS (--encryption-keys) is invalid: parsing keyring: entry 1 (key id "k1"): key is 7 bytes after base64 decoding; want 32 …`},
		{"keys bare", func(c *Config) { c.EncryptionKeys = "hunter2hunter2" }, "EncryptionKeys",
			"SFBRIDGE_ENCRYPTION_KEYS (--encryption-keys) is invalid: parsing keyring: entry 1 has no key id: …"},
		{"keys invalid in demo", func(c *Config) { c.Demo = true; c.EncryptionKeys = "k1:hunter2!" }, "EncryptionKeys",
			`SFBRIDGE_ENCRYPTION_KEYS (--encryption-keys) is invalid: parsing keyring: entry 1 (key id "k1"): key is not valid base64 …`},
		{"admin missing", func(c *Config) { c.AdminAPIKey = "" }, "AdminAPIKey",
			"SFBRIDGE_ADMIN_API_KEY (--admin-api-key) is required: set it to a random string of at least 32 characters"},
		{"admin missing in demo", func(c *Config) { c.Demo = true; c.AdminAPIKey = "" }, "AdminAPIKey",
			"SFBRIDGE_ADMIN_API_KEY (--admin-api-key) is required: …"},
		{"admin short", func(c *Config) { c.AdminAPIKey = "hunter2" }, "AdminAPIKey",
			"SFBRIDGE_ADMIN_API_KEY (--admin-api-key) is 7 characters: set it to a random string of at least 32 characters"},
		{"client secret missing", func(c *Config) { c.DefaultClientID = "3MVG" }, "DefaultClientSecret",
			"SFBRIDGE_DEFAULT_CLIENT_SECRET (--default-client-secret) is required when SFBRIDGE_DEFAULT_CLIENT_ID (--default-client-id) is set: set both to the host's connected app, or neither"},
		{"client id missing", func(c *Config) { c.DefaultClientSecret = "hunter2" }, "DefaultClientID",
			"SFBRIDGE_DEFAULT_CLIENT_ID (--default-client-id) is required when SFBRIDGE_DEFAULT_CLIENT_SECRET (--default-client-secret) is set: …"},
		{"login url empty", func(c *Config) { c.LoginURL = "" }, "LoginURL",
			"SFBRIDGE_LOGIN_URL (--login-url) is required: want an absolute http or https URL such as https://login.salesforce.com"},
		{"login url path", func(c *Config) { c.LoginURL = "https://login.salesforce.com/services" }, "LoginURL",
			`SFBRIDGE_LOGIN_URL (--login-url) is "https://login.salesforce.com/services", which has path "/services": …`},
		{"sandbox url", func(c *Config) { c.SandboxLoginURL = "test.salesforce.com" }, "SandboxLoginURL",
			`SFBRIDGE_SANDBOX_LOGIN_URL (--sandbox-login-url) is "test.salesforce.com": want an absolute http or https URL such as https://test.salesforce.com`},
		{"log level", func(c *Config) { c.LogLevel = "trace" }, "LogLevel",
			`SFBRIDGE_LOG_LEVEL (--log-level) is "trace": want debug, info, warn or error`},
		{"log level empty", func(c *Config) { c.LogLevel = "" }, "LogLevel",
			`SFBRIDGE_LOG_LEVEL (--log-level) is "": want debug, info, warn or error`},
		{"bulk threshold", func(c *Config) { c.BulkThreshold = "0" }, "BulkThreshold",
			`SFBRIDGE_BULK_THRESHOLD (--bulk-threshold) is "0": want a whole number of at least 1, or never`},
		{"bulk push threshold", func(c *Config) { c.BulkPushThreshold = "lots" }, "BulkPushThreshold",
			`SFBRIDGE_BULK_PUSH_THRESHOLD (--bulk-push-threshold) is "lots": want a whole number of at least 1, or never`},
		{"log format", func(c *Config) { c.LogFormat = "logfmt" }, "LogFormat",
			`SFBRIDGE_LOG_FORMAT (--log-format) is "logfmt": want text or json`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			c := validConfig()
			tc.modify(&c)
			err := c.Validate()
			var verr *ValidationError
			if !errors.As(err, &verr) {
				t.Fatalf("Validate: err = %v, want *ValidationError", err)
			}
			if len(verr.Problems) != 1 {
				t.Fatalf("Validate: %d problems, want 1:\n%v", len(verr.Problems), err)
			}
			p := verr.Problems[0]
			if p.Field != tc.field {
				t.Errorf("problem is about %s, want %s", p.Field, tc.field)
			}
			got := p.String()
			if prefix, ok := strings.CutSuffix(tc.want, "…"); ok {
				if !strings.HasPrefix(got, prefix) {
					t.Errorf("problem =\n  %s\nwant prefix\n  %s", got, prefix)
				}
			} else if got != tc.want {
				t.Errorf("problem =\n  %s\nwant\n  %s", got, tc.want)
			}
			if msg := err.Error(); strings.Contains(msg, "hunter2") || strings.Contains(msg, "aHVudGVy") {
				t.Errorf("error echoes a secret: %s", msg)
			}
		})
	}
}

func TestValidateCollectsAllProblems(t *testing.T) {
	t.Parallel()
	err := Config{}.Validate()
	var verr *ValidationError
	if !errors.As(err, &verr) {
		t.Fatalf("Validate(zero Config): err = %v", err)
	}
	var fields []string
	for _, p := range verr.Problems {
		fields = append(fields, p.Field)
	}
	want := "Listen DatabaseURL EncryptionKeys AdminAPIKey LoginURL SandboxLoginURL LogLevel LogFormat BulkThreshold BulkPushThreshold"
	if got := strings.Join(fields, " "); got != want {
		t.Errorf("problem fields = %s\nwant %s", got, want)
	}
	msg := err.Error()
	if !strings.HasPrefix(msg, "invalid configuration (10 problems):\n  - SFBRIDGE_LISTEN (--listen) is required") {
		t.Errorf("error = %s", msg)
	}
	if strings.Count(msg, "\n  - ") != 10 {
		t.Errorf("error lists %d problems, want 10:\n%s", strings.Count(msg, "\n  - "), msg)
	}
}
