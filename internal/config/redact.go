package config

import (
	"log/slog"
	"strconv"
	"strings"
)

// Redacted returns a copy safe to log: every secret setting that is set
// reads [RedactedValue] (an unset one stays empty, which shows it is unset),
// and a password in DatabaseURL is replaced the same way.
func (c Config) Redacted() Config {
	r := c
	for _, s := range settings {
		if p := s.field(&r); s.Secret && *p != "" {
			*p = RedactedValue
		}
	}
	r.DatabaseURL = redactDatabaseURL(c.DatabaseURL)
	return r
}

// String lists the settings of the redacted configuration, so printing
// a Config with %v never shows a secret.
func (c Config) String() string {
	r := c.Redacted()
	var b strings.Builder
	b.WriteString("config.Config{")
	for i, s := range settings {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(s.Field + ": " + strconv.Quote(*s.field(&r)))
	}
	b.WriteString(", Demo: " + strconv.FormatBool(r.Demo) + "}")
	return b.String()
}

// GoString is String, so %#v is redacted too.
func (c Config) GoString() string { return c.String() }

// LogValue makes slog log the redacted settings, keyed by flag name.
func (c Config) LogValue() slog.Value {
	r := c.Redacted()
	attrs := make([]slog.Attr, 0, len(settings)+1)
	for _, s := range settings {
		attrs = append(attrs, slog.String(s.Flag, *s.field(&r)))
	}
	attrs = append(attrs, slog.Bool("demo", r.Demo))
	return slog.GroupValue(attrs...)
}
