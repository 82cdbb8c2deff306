package main

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/sfbridge/sfbridge/internal/doctor"
	"github.com/sfbridge/sfbridge/internal/orgtest"
	"github.com/sfbridge/sfbridge/internal/store"
	"github.com/sfbridge/sfbridge/sfemu"
)

// doctorOrg is an emulated Professional Edition org and a SQLite
// database holding a workspace (external key "acme") whose connection
// "Main" is authorized as the org's admin, with the settings that open
// them as serve would.
type doctorOrg struct {
	org      *sfemu.Server
	settings []string
	ws       store.Workspace
	conn     store.Connection
}

func newDoctorOrg(t *testing.T) *doctorOrg {
	t.Helper()
	env := orgtest.Connect(t, orgtest.Options{Org: sfemu.Options{Edition: sfemu.EditionProfessional}})
	creds := env.Org.Credentials()
	return &doctorOrg{org: env.Org, ws: env.Workspace, conn: env.Conn, settings: []string{
		"--database-url", "sqlite://" + env.DBPath, "--encryption-keys", env.Keys, "--admin-api-key", strings.Repeat("a", 40),
		"--default-client-id", creds.ClientID, "--default-client-secret", creds.ClientSecret,
		"--login-url", env.OrgServer.URL, "--public-url", orgtest.DefaultPublicURL,
	}}
}

// doctor runs sfbridge doctor with args and the org's settings.
func (o *doctorOrg) doctor(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errOut syncBuffer
	code = run(context.Background(), append(append([]string{"doctor"}, args...), o.settings...), &out, &errOut)
	return code, out.String(), errOut.String()
}

func TestDoctorCommand(t *testing.T) {
	t.Parallel()
	o := newDoctorOrg(t)

	code, out, errOut := o.doctor(t, "--workspace", "acme", "--connection", "Main")
	if code != 1 {
		t.Fatalf("exit %d on a Professional Edition org; stdout:\n%s\nstderr:\n%s", code, out, errOut)
	}
	for _, want := range []string{
		"✓ Token accepted by Salesforce: ",
		"✓ Lead.Email readable and editable: ",
		"✗ Task.Type readable and editable: Salesforce hides the Task field Type from this user (Professional Edition does by default).\n" +
			"    In Salesforce: Object Manager > Task > Fields & Relationships > Type > Set Field-Level Security, make it visible.\n",
		"some checks failed: ",
		", 0 warnings, 1 failed (5 API calls)",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}

	if err := o.org.ShowField(context.Background(), "Task", "Type", ""); err != nil {
		t.Fatal(err)
	}
	code, out, errOut = o.doctor(t, "--workspace", o.ws.ID, "--connection", o.conn.ID)
	if code != 0 || !strings.Contains(out, "✓ Task.Type readable and editable") || strings.Contains(out, "✗") || !strings.Contains(out, "all checks passed") {
		t.Fatalf("exit %d after showing Task.Type; stdout:\n%s\nstderr:\n%s", code, out, errOut)
	}

	// A warning prints "!" and its fix, and does not fail.
	if err := o.org.SetDailyAPILimit(context.Background(), 1000); err != nil {
		t.Fatal(err)
	}
	if err := o.org.SetAPIUsage(context.Background(), 950); err != nil {
		t.Fatal(err)
	}
	code, out, _ = o.doctor(t, "--workspace", "acme", "--connection", "Main", "--objects", "Lead")
	if code != 0 || !strings.Contains(out, "! Daily API calls left: Only 49 of the org's 1000 daily API calls are left (4.9%)") ||
		!strings.Contains(out, "\n    Lengthen the connection's sync interval") || strings.Contains(out, "Task.") {
		t.Fatalf("exit %d with the budget low:\n%s", code, out)
	}

	code, out, _ = o.doctor(t, "--workspace", "acme", "--connection", "Main", "--objects", "Task", "--json")
	var rep doctor.Report
	if err := json.Unmarshal([]byte(out), &rep); err != nil || code != 0 || !rep.OK || rep.ConnectionID != o.conn.ID {
		t.Fatalf("--json: exit %d, %v:\n%s", code, err, out)
	}
}

func TestDoctorCommandRefusals(t *testing.T) {
	t.Parallel()
	o := newDoctorOrg(t)
	tests := []struct {
		name string
		args []string
		code int
		want string
	}{
		{"no workspace", []string{"--connection", "Main"}, 2, "--workspace and --connection are required"},
		{"unknown workspace", []string{"--workspace", "nope", "--connection", "Main"}, 1, `no workspace has the id or external key "nope"`},
		{"unknown connection", []string{"--workspace", "acme", "--connection", "Other"}, 1, `workspace "acme" has no connection with the id or name "Other"`},
		{"positional argument", []string{"--workspace", "acme", "--connection", "Main", "extra"}, 2, "unexpected argument"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			code, _, errOut := o.doctor(t, tc.args...)
			if code != tc.code || !strings.Contains(errOut, tc.want) {
				t.Errorf("exit %d, stderr %q; want %d and %q", code, errOut, tc.code, tc.want)
			}
		})
	}
	var out syncBuffer
	if code := run(context.Background(), []string{"doctor", "-h"}, &out, &out); code != 0 || !strings.Contains(out.String(), "Usage: sfbridge doctor") {
		t.Errorf("doctor -h: exit %d:\n%s", code, out.String())
	}
}
