package config

import (
	"strings"
	"testing"
)

func TestDatabase(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		url, dialect, dsn string
	}{
		{"sqlite://./sfbridge-data/sfbridge.db", DialectSQLite, "./sfbridge-data/sfbridge.db"},
		{"sqlite://data/sf.db", DialectSQLite, "data/sf.db"},
		{"sqlite:///var/lib/sfbridge/sf.db", DialectSQLite, "/var/lib/sfbridge/sf.db"},
		{"SQLite://sf.db?_pragma=busy_timeout(5000)", DialectSQLite, "sf.db?_pragma=busy_timeout(5000)"},
		{"sqlite://:memory:", DialectSQLite, ":memory:"},
		{"postgres://u:p@127.0.0.1:5432/sf?sslmode=disable", DialectPostgres, "postgres://u:p@127.0.0.1:5432/sf?sslmode=disable"},
		{"postgresql://db/sf", DialectPostgres, "postgresql://db/sf"},
		{"postgres:///sf?host=/var/run/postgresql", DialectPostgres, "postgres:///sf?host=/var/run/postgresql"},
	} {
		t.Run(tc.url, func(t *testing.T) {
			t.Parallel()
			dialect, dsn, err := Config{DatabaseURL: tc.url}.Database()
			if err != nil || dialect != tc.dialect || dsn != tc.dsn {
				t.Errorf("Database() = %q, %q, %v; want %q, %q", dialect, dsn, err, tc.dialect, tc.dsn)
			}
		})
	}
}

func TestDatabaseErrors(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		url, want string
	}{
		{"", "is required"},
		{"/var/lib/sf.db", "has no scheme"},
		{"u:hunter2@db/sf", "has no scheme"},
		{"://x", "has no scheme"},
		{"mysql://u:hunter2@db/sf", `has unsupported scheme "mysql"`},
		{"my sql hunter2://x", "has no scheme"},
		{"sqlite://", "has no file path"},
		{"sqlite://?mode=memory", "has no file path"},
		{"postgres://u:hunter2@db:notaport/sf", "is not a valid PostgreSQL URL"},
	} {
		t.Run(tc.url, func(t *testing.T) {
			t.Parallel()
			_, _, err := Config{DatabaseURL: tc.url}.Database()
			if err == nil {
				t.Fatal("Database() succeeded")
			}
			msg := err.Error()
			if !strings.HasPrefix(msg, "SFBRIDGE_DATABASE_URL (--database-url) "+tc.want) {
				t.Errorf("error = %q, want it to start with the setting and %q", msg, tc.want)
			}
			if strings.Contains(msg, "hunter2") {
				t.Errorf("error echoes the password: %q", msg)
			}
		})
	}
}

// FuzzDatabaseURL checks that parsing and redacting any database URL
// never panics and that neither the redacted form nor an error depends
// on the password in the URL, so neither can leak it.
func FuzzDatabaseURL(f *testing.F) {
	for _, s := range []string{
		"db:5432/sf?sslmode=disable", "h/db", "", "[::1", "%zz", "x?password=y",
	} {
		f.Add(s, "hunter2")
	}
	f.Fuzz(func(t *testing.T, rest, password string) {
		// Any database URL: parse and redact without panicking.
		c := Config{DatabaseURL: rest}
		_, _, _ = c.Database()
		_ = c.Redacted()

		if password == "" || strings.Trim(password, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789") != "" {
			return
		}
		other := strings.Repeat("Z", len(password))
		if other == password {
			other = strings.Repeat("Y", len(password))
		}
		for _, build := range []func(pw string) string{
			func(pw string) string { return "postgres://user:" + pw + "@" + rest },
			func(pw string) string { return "postgresql://host/db?password=" + pw + "&" + rest },
			func(pw string) string { return "postgres://host/db?" + rest + "&sslpassword=" + pw },
		} {
			a := Config{DatabaseURL: build(password)}
			b := Config{DatabaseURL: build(other)}
			if ra, rb := a.Redacted().DatabaseURL, b.Redacted().DatabaseURL; ra != rb {
				t.Fatalf("redaction depends on the password:\n%q -> %q\n%q -> %q", a.DatabaseURL, ra, b.DatabaseURL, rb)
			}
			_, _, ea := a.Database()
			_, _, eb := b.Database()
			if (ea == nil) != (eb == nil) || ea != nil && ea.Error() != eb.Error() {
				t.Fatalf("Database error depends on the password: %v / %v", ea, eb)
			}
		}
	})
}
