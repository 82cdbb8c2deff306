package config

import (
	"fmt"
	"strings"
)

// Setting documents one configuration setting. [Settings] lists them
// all; [Describe] renders them for --help and the README.
type Setting struct {
	// Field is the name of the [Config] field, such as "AdminAPIKey".
	Field string
	// Flag is the command-line flag without dashes, such as
	// "admin-api-key".
	Flag string
	// Env is the environment variable, such as "SFBRIDGE_ADMIN_API_KEY".
	Env string
	// Placeholder names the value in usage lines, such as "URL".
	Placeholder string
	// Default is the documented default; empty when there is none.
	Default string
	// Example is a sample value for documentation.
	Example string
	// Usage says what the setting does, in one or two sentences.
	Usage string
	// Required says when the setting must be set ("always", "unless
	// demo"), or is empty when it is optional.
	Required string
	// Secret marks values that [Config.Redacted] hides and that errors
	// never echo.
	Secret bool

	// derived marks a Default that is computed from other settings
	// (PublicURL): [Default] leaves the field empty.
	derived bool
	field   func(*Config) *string
}

// name is how messages refer to the setting: "SFBRIDGE_X (--x)".
func (s Setting) name() string { return s.Env + " (--" + s.Flag + ")" }

// setting declares one setting; the environment variable is derived from
// the flag, as in every sfbridge command.
func setting(field, flag string, ptr func(*Config) *string, s Setting) Setting {
	s.Field, s.Flag, s.field = field, flag, ptr
	s.Env = "SFBRIDGE_" + strings.ToUpper(strings.ReplaceAll(flag, "-", "_"))
	return s
}

// settings is the single declaration of the configuration. Order is the
// order of --help, of validation messages and of the README table.
var settings = []Setting{
	setting("Listen", "listen", func(c *Config) *string { return &c.Listen }, Setting{
		Placeholder: "ADDR",
		Default:     "127.0.0.1:8080",
		Example:     ":8080",
		Usage:       "Host and port the HTTP server listens on.",
	}),
	setting("PublicURL", "public-url", func(c *Config) *string { return &c.PublicURL }, Setting{
		Placeholder: "URL",
		Default:     "http://<listen>",
		derived:     true,
		Example:     "https://sfbridge.example.com",
		Usage: "External base URL of this service as browsers and Salesforce reach it (http or https, no path). " +
			"The OAuth callback to register on the connected app is <public-url>" + CallbackPath + ".",
	}),
	setting("DatabaseURL", "database-url", func(c *Config) *string { return &c.DatabaseURL }, Setting{
		Placeholder: "URL",
		Default:     "sqlite://./sfbridge-data/sfbridge.db",
		Example:     "postgres://sfbridge:PASSWORD@127.0.0.1:5432/sfbridge",
		Usage: "Where state is stored: sqlite://PATH (relative, or sqlite:///abs/path) for the embedded store, " +
			"or a postgres:// or postgresql:// URL. A password in the URL is redacted in logs.",
	}),
	setting("EncryptionKeys", "encryption-keys", func(c *Config) *string { return &c.EncryptionKeys }, Setting{
		Placeholder: "ID:KEY[,ID:KEY...]",
		Example:     "k2:<base64 key>,k1:<older base64 key>",
		Usage: "Keys that encrypt tokens and client secrets at rest: ID:BASE64KEY entries, each key 32 random bytes " +
			"(openssl rand -base64 32). The first seals; the others still open older data, so keys rotate by putting a new one first.",
		Required: "unless demo",
		Secret:   true,
	}),
	setting("AdminAPIKey", "admin-api-key", func(c *Config) *string { return &c.AdminAPIKey }, Setting{
		Placeholder: "KEY",
		Example:     "<random string, openssl rand -base64 32>",
		Usage:       fmt.Sprintf("API key of the host product's admin calls; a random string of at least %d characters.", MinAdminAPIKeyLen),
		Required:    "always",
		Secret:      true,
	}),
	setting("DefaultClientID", "default-client-id", func(c *Config) *string { return &c.DefaultClientID }, Setting{
		Placeholder: "ID",
		Example:     "3MVG9...",
		Usage:       "Consumer key of the host's Salesforce connected app, used by connections without their own. Set together with --default-client-secret.",
	}),
	setting("DefaultClientSecret", "default-client-secret", func(c *Config) *string { return &c.DefaultClientSecret }, Setting{
		Placeholder: "SECRET",
		Example:     "<connected app consumer secret>",
		Usage:       "Consumer secret of the host's connected app. Set together with --default-client-id.",
		Secret:      true,
	}),
	setting("LoginURL", "login-url", func(c *Config) *string { return &c.LoginURL }, Setting{
		Placeholder: "URL",
		Default:     "https://login.salesforce.com",
		Example:     "https://login.salesforce.com",
		Usage:       "Salesforce login host for production orgs.",
	}),
	setting("SandboxLoginURL", "sandbox-login-url", func(c *Config) *string { return &c.SandboxLoginURL }, Setting{
		Placeholder: "URL",
		Default:     "https://test.salesforce.com",
		Example:     "https://test.salesforce.com",
		Usage:       "Salesforce login host for sandbox orgs.",
	}),
	setting("LogLevel", "log-level", func(c *Config) *string { return &c.LogLevel }, Setting{
		Placeholder: "LEVEL",
		Default:     LogLevelInfo,
		Example:     LogLevelDebug,
		Usage:       "Least severe log level written: debug, info, warn or error.",
	}),
	setting("LogFormat", "log-format", func(c *Config) *string { return &c.LogFormat }, Setting{
		Placeholder: "FORMAT",
		Default:     LogFormatText,
		Example:     LogFormatJSON,
		Usage:       "Log format: text or json.",
	}),
	setting("BulkThreshold", "bulk-threshold", func(c *Config) *string { return &c.BulkThreshold }, Setting{
		Placeholder: "N",
		Default:     "50000",
		Example:     "20000",
		Usage: "Records an object's first load needs (one COUNT() query decides) to read them through a Bulk API 2.0 query job " +
			"instead of REST query pages; never turns Bulk reads off.",
	}),
	setting("BulkPushThreshold", "bulk-push-threshold", func(c *Config) *string { return &c.BulkPushThreshold }, Setting{
		Placeholder: "N",
		Default:     "10000",
		Example:     "5000",
		Usage: "Due app changes of one object a push needs to write them through Bulk API 2.0 ingest jobs " +
			"instead of sObject Collections of 200; never turns Bulk writes off.",
	}),
}

// Settings returns the documentation of every setting, in --help order.
func Settings() []Setting { return append([]Setting(nil), settings...) }

// settingByField returns the setting of a Config field; it panics on a
// name that is not in the table, which is a programming error.
func settingByField(field string) Setting {
	for _, s := range settings {
		if s.Field == field {
			return s
		}
	}
	panic("config: no setting for field " + field)
}

// Describe lists every setting with its flag, environment variable,
// default, example and whether it is required or secret, for --help and
// the README.
func Describe() string {
	var b strings.Builder
	b.WriteString("Settings (a flag overrides its SFBRIDGE_* environment variable, which overrides the default):\n")
	for _, s := range settings {
		fmt.Fprintf(&b, "\n  --%s %s\n      env %s", s.Flag, s.Placeholder, s.Env)
		var marks []string
		if s.Required != "" {
			marks = append(marks, "required "+s.Required)
		}
		if s.Secret {
			marks = append(marks, "secret")
		}
		if len(marks) > 0 {
			fmt.Fprintf(&b, "  [%s]", strings.Join(marks, ", "))
		}
		b.WriteString("\n")
		for _, line := range wrap(s.Usage, 72) {
			b.WriteString("      " + line + "\n")
		}
		if s.Default != "" {
			fmt.Fprintf(&b, "      default: %s\n", s.Default)
		}
		if s.Example != "" {
			fmt.Fprintf(&b, "      example: %s\n", s.Example)
		}
	}
	return b.String()
}

// wrap breaks text into lines of at most width characters at spaces.
func wrap(text string, width int) []string {
	var lines []string
	var line strings.Builder
	for _, w := range strings.Fields(text) {
		if line.Len() > 0 && line.Len()+1+len(w) > width {
			lines = append(lines, line.String())
			line.Reset()
		}
		if line.Len() > 0 {
			line.WriteByte(' ')
		}
		line.WriteString(w)
	}
	if line.Len() > 0 {
		lines = append(lines, line.String())
	}
	return lines
}
