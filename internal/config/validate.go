package config

import (
	"fmt"
	"net"
	"net/url"
	"strconv"
	"strings"

	"github.com/sfbridge/sfbridge/internal/secret"
)

// Problem is one invalid setting.
type Problem struct {
	// Field, Flag and Env identify the setting (see [Setting]).
	Field, Flag, Env string
	// Message says what is wrong and what to do, phrased to follow the
	// setting's name: "is required: set it to ...". It never holds a
	// secret's value.
	Message string
}

// String is the problem as shown to the operator:
// "SFBRIDGE_X (--x) is required: ...".
func (p Problem) String() string { return p.Env + " (--" + p.Flag + ") " + p.Message }

// ValidationError lists every problem [Config.Validate] found.
type ValidationError struct {
	Problems []Problem
}

func (e *ValidationError) Error() string {
	if len(e.Problems) == 1 {
		return "invalid configuration: " + e.Problems[0].String()
	}
	var b strings.Builder
	fmt.Fprintf(&b, "invalid configuration (%d problems):", len(e.Problems))
	for _, p := range e.Problems {
		b.WriteString("\n  - " + p.String())
	}
	return b.String()
}

// Validate checks every setting and reports all problems together as a
// *[ValidationError], or returns nil. It checks the struct as it is, so
// a Config built by hand should start from [Default]: an empty value is
// a problem for every setting that has a default, except PublicURL,
// where empty means http://<Listen>.
func (c Config) Validate() error {
	var problems []Problem
	add := func(field, format string, args ...any) {
		s := settingByField(field)
		problems = append(problems, Problem{Field: s.Field, Flag: s.Flag, Env: s.Env, Message: fmt.Sprintf(format, args...)})
	}

	listenOK := true
	if msg := checkListen(c.Listen); msg != "" {
		listenOK = false
		add("Listen", "%s", msg)
	}

	if c.PublicURL != "" {
		if msg := checkBaseURL(c.PublicURL, "https://sfbridge.example.com"); msg != "" {
			add("PublicURL", "%s; the OAuth callback is <public-url>%s", msg, CallbackPath)
		}
	} else if listenOK && c.ResolvedPublicURL() == "" {
		add("PublicURL", "is required when %s listens on port 0: set it to the URL browsers and Salesforce reach this service at",
			settingByField("Listen").name())
	}

	if _, _, msg := parseDatabaseURL(c.DatabaseURL); msg != "" {
		add("DatabaseURL", "%s", msg)
	}

	if c.EncryptionKeys == "" {
		if !c.Demo {
			add("EncryptionKeys", "is required: set it to ID:BASE64KEY with a random 32-byte key, for example k1:$(openssl rand -base64 32)")
		}
	} else if _, err := secret.ParseKeyring(c.EncryptionKeys); err != nil {
		// secret's errors never echo key material.
		add("EncryptionKeys", "is invalid: %v", err)
	}

	switch n := len(c.AdminAPIKey); {
	case n == 0:
		add("AdminAPIKey", "is required: set it to a random string of at least %d characters", MinAdminAPIKeyLen)
	case n < MinAdminAPIKeyLen:
		add("AdminAPIKey", "is %d characters: set it to a random string of at least %d characters", n, MinAdminAPIKeyLen)
	}

	switch {
	case c.DefaultClientID != "" && c.DefaultClientSecret == "":
		add("DefaultClientSecret", "is required when %s is set: set both to the host's connected app, or neither",
			settingByField("DefaultClientID").name())
	case c.DefaultClientID == "" && c.DefaultClientSecret != "":
		add("DefaultClientID", "is required when %s is set: set both to the host's connected app, or neither",
			settingByField("DefaultClientSecret").name())
	}

	if msg := checkBaseURL(c.LoginURL, "https://login.salesforce.com"); msg != "" {
		add("LoginURL", "%s", msg)
	}
	if msg := checkBaseURL(c.SandboxLoginURL, "https://test.salesforce.com"); msg != "" {
		add("SandboxLoginURL", "%s", msg)
	}

	switch strings.ToLower(c.LogLevel) {
	case LogLevelDebug, LogLevelInfo, LogLevelWarn, LogLevelError:
	default:
		add("LogLevel", "is %q: want debug, info, warn or error", c.LogLevel)
	}
	switch strings.ToLower(c.LogFormat) {
	case LogFormatText, LogFormatJSON:
	default:
		add("LogFormat", "is %q: want text or json", c.LogFormat)
	}

	for _, field := range []string{"BulkThreshold", "BulkPushThreshold"} {
		if _, err := parseThreshold(*settingByField(field).field(&c)); err != nil {
			add(field, "%s", err.Error())
		}
	}

	if len(problems) > 0 {
		return &ValidationError{Problems: problems}
	}
	return nil
}

// BulkThresholds returns BulkThreshold and BulkPushThreshold as the sync
// engine takes them: a positive count, or -1 for never. Call it on a
// validated Config.
func (c Config) BulkThresholds() (read, push int) {
	read, _ = parseThreshold(c.BulkThreshold)
	push, _ = parseThreshold(c.BulkPushThreshold)
	return read, push
}

// parseThreshold reads a Bulk threshold: a whole number of at least 1,
// or "never" (-1).
func parseThreshold(v string) (int, error) {
	if strings.EqualFold(strings.TrimSpace(v), "never") {
		return -1, nil
	}
	n, err := strconv.Atoi(strings.TrimSpace(v))
	if err != nil || n < 1 {
		return 0, fmt.Errorf("is %q: want a whole number of at least 1, or never", v)
	}
	return n, nil
}

// checkListen returns a problem with a host:port listen address, or "".
func checkListen(addr string) string {
	if addr == "" {
		return "is required: set it to host:port, such as 127.0.0.1:8080 or :8080"
	}
	_, port, err := net.SplitHostPort(addr)
	if err != nil {
		return fmt.Sprintf("is %q: want host:port, such as 127.0.0.1:8080 or :8080", addr)
	}
	if n, err := strconv.Atoi(port); err != nil || n < 0 || n > 65535 {
		return fmt.Sprintf("has port %q: want a number from 0 to 65535", port)
	}
	return ""
}

// checkBaseURL returns a problem with an absolute http(s) base URL (no
// user info, path, query or fragment), or "".
func checkBaseURL(raw, example string) string {
	want := "want an absolute http or https URL such as " + example
	if raw == "" {
		return "is required: " + want
	}
	u, err := url.Parse(raw)
	if err != nil {
		return fmt.Sprintf("is not a valid URL: %s", want)
	}
	switch {
	case u.User != nil:
		// Not echoed: user info may hold a password.
		return "holds a user name or password: " + want
	case u.Scheme != "http" && u.Scheme != "https":
		return fmt.Sprintf("is %q: %s", raw, want)
	case u.Host == "" || u.Hostname() == "":
		return fmt.Sprintf("is %q, which has no host: %s", raw, want)
	case u.Path != "" && u.Path != "/":
		return fmt.Sprintf("is %q, which has path %q: remove the path; %s", raw, u.Path, want)
	case u.RawQuery != "" || u.ForceQuery || u.Fragment != "":
		return fmt.Sprintf("is %q, which has a query or fragment: %s", raw, want)
	}
	return ""
}
