package config

import (
	"errors"
	"net/url"
	"strings"
)

// Dialects [Config.Database] returns.
const (
	DialectSQLite   = "sqlite"
	DialectPostgres = "postgres"
)

// Database splits DatabaseURL into a store dialect ([DialectSQLite] or
// [DialectPostgres]) and the DSN its driver opens:
//
//	sqlite://./data/sfbridge.db       sqlite    ./data/sfbridge.db
//	sqlite:///var/lib/sfbridge.db     sqlite    /var/lib/sfbridge.db
//	postgres://u:p@host:5432/db       postgres  postgres://u:p@host:5432/db
//	postgresql://host/db?sslmode=...  postgres  postgresql://host/db?sslmode=...
//
// For SQLite the DSN is everything after "sqlite://". Errors name the
// setting and never echo the URL, which may hold a password.
func (c Config) Database() (dialect, dsn string, err error) {
	dialect, dsn, problem := parseDatabaseURL(c.DatabaseURL)
	if problem != "" {
		return "", "", errors.New(settingByField("DatabaseURL").name() + " " + problem)
	}
	return dialect, dsn, nil
}

// parseDatabaseURL returns the dialect and DSN, or a problem phrased to
// follow the setting's name.
func parseDatabaseURL(raw string) (dialect, dsn, problem string) {
	const want = "want sqlite://PATH or postgres://USER:PASSWORD@HOST:PORT/DB"
	if raw == "" {
		return "", "", "is required: " + want
	}
	scheme, rest, ok := strings.Cut(raw, "://")
	if !ok || scheme == "" {
		return "", "", "has no scheme: " + want
	}
	switch strings.ToLower(scheme) {
	case "sqlite":
		if rest == "" || strings.HasPrefix(rest, "?") {
			return "", "", "has no file path: want sqlite://PATH, such as sqlite://./sfbridge-data/sfbridge.db or sqlite:///var/lib/sfbridge/sfbridge.db"
		}
		return DialectSQLite, rest, ""
	case "postgres", "postgresql":
		// url.Parse's error quotes the input, so it is not passed on.
		if _, err := url.Parse(raw); err != nil {
			return "", "", "is not a valid PostgreSQL URL: " + want
		}
		return DialectPostgres, raw, ""
	default:
		if !validScheme(scheme) {
			return "", "", "has no scheme: " + want
		}
		return "", "", "has unsupported scheme \"" + scheme + "\": " + want
	}
}

// validScheme reports whether s looks like a URL scheme, so that only
// such text is echoed in errors.
func validScheme(s string) bool {
	if len(s) > 20 {
		return false
	}
	for i, r := range s {
		letter := r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z'
		if !letter && (i == 0 || !(r >= '0' && r <= '9' || r == '+' || r == '-' || r == '.')) {
			return false
		}
	}
	return true
}

// redactDatabaseURL hides a password in the userinfo, in any query
// parameter whose name holds "password", and any fragment. Text that is not a parsable postgres URL
// is hidden whole unless it is a SQLite path.
func redactDatabaseURL(raw string) string {
	dialect, _, problem := parseDatabaseURL(raw)
	if problem == "" && dialect == DialectSQLite || raw == "" {
		return raw
	}
	if problem != "" {
		return RedactedValue
	}
	u, err := url.Parse(raw)
	if err != nil {
		return RedactedValue
	}
	userinfo := ""
	if u.User != nil {
		userinfo = url.User(u.User.Username()).String()
		if _, has := u.User.Password(); has {
			userinfo += ":" + RedactedValue
		}
		userinfo += "@"
		u.User = nil
	}
	if u.RawQuery != "" {
		parts := strings.Split(u.RawQuery, "&")
		for i, p := range parts {
			k, _, _ := strings.Cut(p, "=")
			if key, err := url.QueryUnescape(k); err != nil || strings.Contains(strings.ToLower(key), "password") {
				parts[i] = k + "=" + RedactedValue
			}
		}
		u.RawQuery = strings.Join(parts, "&")
	}
	// A fragment means nothing to PostgreSQL; it is most likely the tail
	// of a password with an unescaped '#'.
	hasFragment := u.Fragment != "" || u.RawFragment != ""
	u.Fragment, u.RawFragment = "", ""
	s := u.String()
	if hasFragment {
		s += "#" + RedactedValue
	}
	if userinfo != "" {
		s = strings.Replace(s, "://", "://"+userinfo, 1)
	}
	return s
}
