package config

import (
	"reflect"
	"strings"
	"testing"
)

// TestSettingsCoverConfig keeps the settings table and the struct in step:
// every string field has exactly one setting.
func TestSettingsCoverConfig(t *testing.T) {
	t.Parallel()
	typ := reflect.TypeFor[Config]()
	seen := map[string]bool{}
	for _, s := range Settings() {
		if seen[s.Field] {
			t.Errorf("field %s has two settings", s.Field)
		}
		seen[s.Field] = true
		f, ok := typ.FieldByName(s.Field)
		if !ok || f.Type.Kind() != reflect.String {
			t.Errorf("setting %s names no string field of Config", s.Field)
		}
		if !strings.HasPrefix(s.Env, "SFBRIDGE_") || s.Usage == "" || s.Placeholder == "" {
			t.Errorf("setting %s is missing documentation: %+v", s.Field, s)
		}
	}
	for f := range typ.Fields() {
		if f.Type.Kind() == reflect.String && !seen[f.Name] {
			t.Errorf("field %s has no setting", f.Name)
		}
	}
}

func TestDescribe(t *testing.T) {
	t.Parallel()
	d := Describe()
	for _, s := range Settings() {
		if !strings.Contains(d, "--"+s.Flag+" ") || !strings.Contains(d, "env "+s.Env) {
			t.Errorf("Describe lacks %s / %s", s.Flag, s.Env)
		}
		if s.Default != "" && !strings.Contains(d, "default: "+s.Default) {
			t.Errorf("Describe lacks the default of %s", s.Flag)
		}
	}
	for _, want := range []string{
		"env SFBRIDGE_ENCRYPTION_KEYS  [required unless demo, secret]",
		"env SFBRIDGE_ADMIN_API_KEY  [required always, secret]",
		"env SFBRIDGE_DEFAULT_CLIENT_SECRET  [secret]",
		"default: http://<listen>",
		"/v1/oauth/callback",
	} {
		if !strings.Contains(d, want) {
			t.Errorf("Describe lacks %q", want)
		}
	}
	for _, line := range strings.Split(d, "\n") {
		if len(line) > 100 {
			t.Errorf("line too long for a terminal (%d): %s", len(line), line)
		}
	}
}
