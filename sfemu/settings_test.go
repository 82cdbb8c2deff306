package sfemu

import (
	"net/url"
	"strconv"
	"strings"
	"testing"
)

func TestAPIDisabled(t *testing.T) {
	t.Parallel()
	b := setup(t, Options{APIDisabled: true})
	res := b.do(t, "GET", "/services/data/v59.0/limits", nil)
	if res.status != 403 || !strings.Contains(string(res.body), `"errorCode":"API_DISABLED_FOR_ORG"`) {
		t.Fatalf("%d %s", res.status, res.body)
	}
	if err := b.srv.SetAPIEnabled(t.Context(), true); err != nil {
		t.Fatal(err)
	}
	if res := b.do(t, "GET", "/services/data/v59.0/limits", nil); res.status != 200 {
		t.Fatalf("after enabling: %d", res.status)
	}
}

func TestDailyAPILimit(t *testing.T) {
	t.Parallel()
	b := setup(t, Options{DailyAPILimit: 3})
	for i := 1; i <= 3; i++ {
		res := b.do(t, "GET", "/services/data/v59.0/limits", nil)
		if res.status != 200 {
			t.Fatalf("call %d: %d", i, res.status)
		}
		if got := res.header.Get("Sforce-Limit-Info"); got != "api-usage="+strconv.Itoa(i)+"/3" {
			t.Errorf("call %d: Sforce-Limit-Info %q", i, got)
		}
		if i == 3 && !strings.Contains(string(res.body), `"DailyApiRequests":{"Max":3,"Remaining":0}`) {
			t.Errorf("/limits disagrees with the header: %s", res.body)
		}
	}
	res := b.do(t, "GET", "/services/data/v59.0/query?q=SELECT+Id+FROM+User", nil)
	if res.status != 403 || !strings.Contains(string(res.body), `"message":"TotalRequests Limit exceeded.","errorCode":"REQUEST_LIMIT_EXCEEDED"`) {
		t.Fatalf("over the limit: %d %s", res.status, res.body)
	}
	if err := b.srv.SetDailyAPILimit(t.Context(), 10); err != nil {
		t.Fatal(err)
	}
	if res := b.do(t, "GET", "/services/data/v59.0/limits", nil); res.status != 200 || res.header.Get("Sforce-Limit-Info") != "api-usage=4/10" {
		t.Fatalf("after raising the limit: %d %q", res.status, res.header.Get("Sforce-Limit-Info"))
	}
	if err := b.srv.SetAPIUsage(t.Context(), 9); err != nil {
		t.Fatal(err)
	}
	b.do(t, "GET", "/services/data/v59.0/limits", nil)
	if res := b.do(t, "GET", "/services/data/v59.0/limits", nil); res.status != 403 {
		t.Fatalf("usage set near the limit: %d", res.status)
	}
}

func TestEditionDefaults(t *testing.T) {
	t.Parallel()
	b := setup(t, Options{Edition: EditionEnterprise})
	res := b.do(t, "GET", "/services/data/v59.0/query?q=SELECT+OrganizationType+FROM+Organization", nil)
	if !strings.Contains(string(res.body), `"OrganizationType":"Enterprise Edition"`) || res.header.Get("Sforce-Limit-Info") != "api-usage=1/100000" {
		t.Fatalf("%s %q", res.body, res.header.Get("Sforce-Limit-Info"))
	}
	if _, err := New(Options{Edition: "Platinum"}); err == nil || !strings.Contains(err.Error(), "Platinum") {
		t.Fatalf("unknown edition: %v", err)
	}
}

func TestProfessionalEditionHidesTaskType(t *testing.T) {
	t.Parallel()
	b := setup(t, Options{Edition: EditionProfessional})
	task := b.create(t, "Task", map[string]any{"Subject": "Call"})
	q := func(soql string) string { return "/services/data/v59.0/query?q=" + url.QueryEscape(soql) }
	runScenarios(t, b, []scenario{
		{name: "describe leaves it out", method: "GET", path: "/services/data/v59.0/sobjects/Task/describe", wantStatus: 200,
			contains: []string{`"name":"Subject"`}, excludes: []string{`"name":"Type"`}},
		{name: "query names it as no such column", method: "GET", path: q("SELECT Id, Type FROM Task"), wantStatus: 400,
			contains: []string{`"errorCode":"INVALID_FIELD"`, `No such column 'Type' on entity 'Task'`}},
		{name: "filter on it fails too", method: "GET", path: q("SELECT Id FROM Task WHERE Type = 'Call'"), wantStatus: 400, contains: []string{`INVALID_FIELD`}},
		{name: "FIELDS(ALL) skips it", method: "GET", path: q("SELECT FIELDS(ALL) FROM Task LIMIT 1"), wantStatus: 200,
			contains: []string{`"Subject":"Call"`}, excludes: []string{`"Type"`}},
		{name: "writing it fails", method: "PATCH", path: "/services/data/v59.0/sobjects/Task/" + task, body: map[string]any{"Type": "Call"}, wantStatus: 400,
			contains: []string{`"errorCode":"INVALID_FIELD"`, `No such column 'Type' on sobject of type Task`}},
		{name: "reading it by name fails", method: "GET", path: "/services/data/v59.0/sobjects/Task/" + task + "?fields=Type", wantStatus: 400, contains: []string{`INVALID_FIELD`}},
		{name: "reading the record leaves it out", method: "GET", path: "/services/data/v59.0/sobjects/Task/" + task, wantStatus: 200,
			contains: []string{`"Subject":"Call"`}, excludes: []string{`"Type"`}},
	})
	if err := b.srv.ShowField(t.Context(), "Task", "Type", ""); err != nil {
		t.Fatal(err)
	}
	if res := b.do(t, "GET", q("SELECT Id, Type FROM Task"), nil); res.status != 200 {
		t.Fatalf("after showing the field: %d %s", res.status, res.body)
	}
}

func TestHideFieldForAProfile(t *testing.T) {
	t.Parallel()
	b := setup(t, Options{})
	if err := b.srv.HideField(t.Context(), "Account", "Industry", "Standard User"); err != nil {
		t.Fatal(err)
	}
	// The admin is a System Administrator, so nothing changes for it.
	if res := b.do(t, "GET", "/services/data/v59.0/query?q=SELECT+Industry+FROM+Account", nil); res.status != 200 {
		t.Fatalf("admin lost the field: %s", res.body)
	}
	if err := b.srv.HideField(t.Context(), "Account", "Industry", "System Administrator"); err != nil {
		t.Fatal(err)
	}
	if res := b.do(t, "GET", "/services/data/v59.0/query?q=SELECT+Industry+FROM+Account", nil); res.status != 400 {
		t.Fatalf("hidden from the admin's profile: %d", res.status)
	}
	for _, tc := range []struct{ object, field, profile, want string }{
		{"Nope", "Industry", "", "no object"},
		{"Account", "Nope", "", "no field"},
		{"Account", "Industry", "Wizards", "no profile"},
		{"Account", "Name", "", "required"},
	} {
		if err := b.srv.HideField(t.Context(), tc.object, tc.field, tc.profile); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("HideField(%s, %s, %s): %v, want %q", tc.object, tc.field, tc.profile, err, tc.want)
		}
	}
}

func TestTokenWithoutAPIScope(t *testing.T) {
	t.Parallel()
	b := setup(t, Options{})
	if err := b.srv.AddConnectedApp(t.Context(), ConnectedApp{Name: "Identity only", ClientID: "id.only", ClientSecret: "s3cret", Scopes: []string{"id", "openid"}, RunAs: b.srv.Credentials().Username}); err != nil {
		t.Fatal(err)
	}
	res := b.do(t, "POST", "/services/oauth2/token", "grant_type=client_credentials&client_id=id.only&client_secret=s3cret",
		"Content-Type", "application/x-www-form-urlencoded")
	var tok struct {
		AccessToken string `json:"access_token"`
		Scope       string `json:"scope"`
	}
	res.json(t, &tok)
	if res.status != 200 || tok.AccessToken == "" || strings.Contains(tok.Scope, "api") {
		t.Fatalf("%d %s", res.status, res.body)
	}
	b.token = tok.AccessToken
	res = b.do(t, "GET", "/services/data/v59.0/limits", nil)
	if res.status != 401 || !strings.Contains(string(res.body), `"message":"This session is not valid for use with the REST API","errorCode":"INVALID_SESSION_ID"`) {
		t.Fatalf("REST with an id-only token: %d %s", res.status, res.body)
	}
	if res := b.do(t, "GET", "/services/oauth2/userinfo", nil); res.status != 200 {
		t.Fatalf("userinfo with an id-only token: %d %s", res.status, res.body)
	}
}
