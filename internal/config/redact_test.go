package config

import (
	"bytes"
	"fmt"
	"log/slog"
	"reflect"
	"strings"
	"testing"
)

func TestRedacted(t *testing.T) {
	t.Parallel()
	c := validConfig()
	c.EncryptionKeys = "k1:U0VDUkVUS0VZU0VDUkVUS0VZU0VDUkVUS0VZU0VDUkVU"
	c.AdminAPIKey = "ADMINSECRET-ADMINSECRET-ADMINSECRET"
	c.DefaultClientID = "3MVG-public-id"
	c.DefaultClientSecret = "CLIENTSECRET"
	c.DatabaseURL = "postgres://sf:DBPASSWORD@db:5432/sf?sslmode=disable&sslpassword=SSLPASS"
	secrets := []string{"U0VDUkVU", "ADMINSECRET", "CLIENTSECRET", "DBPASSWORD", "SSLPASS"}

	r := c.Redacted()
	if r.EncryptionKeys != RedactedValue || r.AdminAPIKey != RedactedValue || r.DefaultClientSecret != RedactedValue {
		t.Errorf("secrets not redacted: %q %q %q", r.EncryptionKeys, r.AdminAPIKey, r.DefaultClientSecret)
	}
	if r.DefaultClientID != c.DefaultClientID || r.Listen != c.Listen || r.LoginURL != c.LoginURL {
		t.Error("Redacted changed a setting that is not secret")
	}
	if want := "postgres://sf:[redacted]@db:5432/sf?sslmode=disable&sslpassword=[redacted]"; r.DatabaseURL != want {
		t.Errorf("DatabaseURL = %q, want %q", r.DatabaseURL, want)
	}
	if c.AdminAPIKey != "ADMINSECRET-ADMINSECRET-ADMINSECRET" {
		t.Error("Redacted modified the receiver")
	}

	// Every field of the copy, however it is printed or logged.
	var outputs []string
	v := reflect.ValueOf(r)
	for i := range v.NumField() {
		outputs = append(outputs, fmt.Sprint(v.Field(i).Interface()))
	}
	for _, verb := range []string{"%v", "%+v", "%#v", "%s"} {
		outputs = append(outputs, fmt.Sprintf(verb, r), fmt.Sprintf(verb, c), fmt.Sprintf(verb, &c))
	}
	var buf bytes.Buffer
	slog.New(slog.NewJSONHandler(&buf, nil)).Info("starting", "config", c)
	slog.New(slog.NewTextHandler(&buf, nil)).Info("starting", "config", c)
	outputs = append(outputs, buf.String())
	for _, out := range outputs {
		for _, s := range secrets {
			if strings.Contains(out, s) {
				t.Errorf("output holds secret %q:\n%s", s, out)
			}
		}
	}
	if !strings.Contains(buf.String(), `"admin-api-key":"[redacted]"`) || !strings.Contains(buf.String(), "config.listen=127.0.0.1:8080") {
		t.Errorf("slog output lacks the redacted settings:\n%s", buf.String())
	}
}

func TestRedactedLeavesUnsetEmpty(t *testing.T) {
	t.Parallel()
	r := Default().Redacted()
	if r != Default() {
		t.Errorf("Default().Redacted() = %v, want it unchanged", r)
	}
}

func TestRedactDatabaseURL(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ in, want string }{
		{"sqlite://./data/sf.db", "sqlite://./data/sf.db"},
		{"postgres://db/sf", "postgres://db/sf"},
		{"postgres://user@db/sf", "postgres://user@db/sf"},
		{"postgres://user:pw@db/sf", "postgres://user:[redacted]@db/sf"},
		{"postgresql://db/sf?password=pw", "postgresql://db/sf?password=[redacted]"},
		{"postgres://u:pw@db:port/sf", RedactedValue},
		{"postgres://db/sf#tail", "postgres://db/sf#[redacted]"},
		{"u:pw@db/sf", RedactedValue},
		{"", ""},
	} {
		if got := redactDatabaseURL(tc.in); got != tc.want {
			t.Errorf("redactDatabaseURL(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}
