package api

import (
	"net/http"
	"strings"
	"testing"
)

func TestWorkspacesAndAuth(t *testing.T) {
	t.Parallel()
	b := setup(t)
	a, keyA := b.workspace(t, "acme")
	other, keyB := b.workspace(t, "globex")

	var revoked apiKeyView
	b.mustDo(t, 201, "POST", "/v1/workspaces/"+a.ID+"/api-keys", testAdminKey, `{"name":"to revoke"}`).json(t, &revoked)
	if !strings.HasPrefix(revoked.Key, "sfb_"+revoked.Prefix+"_") || len(revoked.Key) != len("sfb_")+keyPrefixLen+1+keySecretLen {
		t.Fatalf("key %q, prefix %q", revoked.Key, revoked.Prefix)
	}
	b.mustDo(t, 200, "GET", "/v1/workspaces/"+a.ID, revoked.Key, "")
	b.mustDo(t, 204, "DELETE", "/v1/workspaces/"+a.ID+"/api-keys/"+revoked.ID, testAdminKey, "")

	// A key with a real prefix and a wrong secret.
	forged := keyA[:len(keyA)-4] + "AAAA"
	if forged == keyA {
		forged = keyA[:len(keyA)-4] + "BBBB"
	}

	ws := "/v1/workspaces/" + a.ID
	b.run(t, []scenario{
		{name: "health needs no key", method: "GET", path: "/healthz", status: 200, contains: []string{`"ok"`}},
		{name: "no key", method: "GET", path: ws, status: 401, contains: []string{`"unauthorized"`}},
		{name: "not bearer", method: "GET", path: ws, header: []string{"Authorization", "Basic " + testAdminKey}, status: 401, contains: []string{`"unauthorized"`}},
		{name: "unknown key", method: "GET", path: ws, key: "sfb_AAAAAAAA_" + strings.Repeat("x", keySecretLen), status: 401, contains: []string{`"unauthorized"`}},
		{name: "malformed key", method: "GET", path: ws, key: "nonsense", status: 401, contains: []string{`"unauthorized"`}},
		{name: "forged secret", method: "GET", path: ws, key: forged, status: 401, contains: []string{`"unauthorized"`}},
		{name: "revoked key", method: "GET", path: ws, key: revoked.Key, status: 401, contains: []string{`"unauthorized"`}},

		{name: "admin reads a workspace", method: "GET", path: ws, key: testAdminKey, status: 200, contains: []string{`"external_key":"acme"`, a.ID}},
		{name: "workspace key reads its own", method: "GET", path: ws, key: keyA, status: 200, contains: []string{`"external_key":"acme"`}},
		{name: "workspace key on another workspace is 404", method: "GET", path: "/v1/workspaces/" + other.ID, key: keyA, status: 404,
			contains: []string{`"not_found"`}, notContains: []string{"globex"}},
		{name: "workspace key on another's connections is 404", method: "GET", path: "/v1/workspaces/" + other.ID + "/connections", key: keyA, status: 404, contains: []string{`"not_found"`}},
		{name: "workspace key on another's events is 404", method: "GET", path: "/v1/workspaces/" + other.ID + "/events", key: keyA, status: 404, contains: []string{`"not_found"`}},
		{name: "workspace key cannot mint keys on another workspace", method: "POST", path: "/v1/workspaces/" + other.ID + "/api-keys", key: keyA, body: `{"name":"x"}`, status: 404, contains: []string{`"not_found"`}},
		{name: "workspace key cannot mint keys", method: "POST", path: ws + "/api-keys", key: keyA, body: `{"name":"x"}`, status: 403, contains: []string{`"forbidden"`}},
		{name: "workspace key cannot list workspaces", method: "GET", path: "/v1/workspaces", key: keyA, status: 403, contains: []string{`"forbidden"`}},
		{name: "workspace key cannot create workspaces", method: "POST", path: "/v1/workspaces", key: keyB, body: `{"external_key":"x","name":"x"}`, status: 403, contains: []string{`"forbidden"`}},
		{name: "workspace key cannot look up by external key", method: "GET", path: "/v1/workspaces/by-external-key?external_key=acme", key: keyB, status: 403, contains: []string{`"forbidden"`}},
		{name: "unknown workspace", method: "GET", path: "/v1/workspaces/ws_nope", key: testAdminKey, status: 404, contains: []string{`"not_found"`, "ws_nope"}},

		{name: "list workspaces", method: "GET", path: "/v1/workspaces", key: testAdminKey, status: 200, contains: []string{`"data":[`, "acme", "globex"}},
		{name: "by external key", method: "GET", path: "/v1/workspaces/by-external-key?external_key=globex", key: testAdminKey, status: 200, contains: []string{other.ID}},
		{name: "by unknown external key", method: "GET", path: "/v1/workspaces/by-external-key?external_key=nobody", key: testAdminKey, status: 404, contains: []string{`"not_found"`}},
		{name: "duplicate external key", method: "POST", path: "/v1/workspaces", key: testAdminKey, body: `{"external_key":"acme","name":"Again"}`, status: 409, contains: []string{`"duplicate"`}},
		{name: "missing name", method: "POST", path: "/v1/workspaces", key: testAdminKey, body: `{"external_key":"new"}`, status: 400, contains: []string{`"invalid_input"`, `\"name\"`}},
		{name: "revoke unknown key", method: "DELETE", path: ws + "/api-keys/key_nope", key: testAdminKey, status: 404, contains: []string{`"not_found"`}},
		{name: "revoke another workspace's key", method: "DELETE", path: "/v1/workspaces/" + other.ID + "/api-keys/" + revoked.ID, key: testAdminKey, status: 404, contains: []string{`"not_found"`}},
		{name: "unknown route", method: "GET", path: "/v1/nothing", key: testAdminKey, status: 404, contains: []string{`"not_found"`}},
		{name: "wrong method", method: "PUT", path: "/v1/workspaces", key: testAdminKey, body: `{}`, status: 405, contains: []string{`"method_not_allowed"`}},
	})

	t.Run("nothing changed", func(t *testing.T) {
		// Runs after the parallel scenarios above have finished.
		var page list[workspaceView]
		b.mustDo(t, 200, "GET", "/v1/workspaces", testAdminKey, "").json(t, &page)
		if len(page.Data) != 2 {
			t.Errorf("%d workspaces, want 2: %+v", len(page.Data), page.Data)
		}
	})
	for _, k := range []string{keyA, keyB, revoked.Key, testAdminKey} {
		if strings.Contains(b.logs.String(), k) {
			t.Errorf("the log holds an API key")
		}
	}
}

func TestAPIKeyShownOnce(t *testing.T) {
	t.Parallel()
	b := setup(t)
	ws, key := b.workspace(t, "acme")
	k, err := b.store.GetAPIKeyByPrefix(t.Context(), key[4:4+keyPrefixLen])
	if err != nil {
		t.Fatal(err)
	}
	if k.WorkspaceID != ws.ID || strings.Contains(string(k.Hash), key) || len(k.Hash) != 32 {
		t.Fatalf("stored key %+v", k)
	}
	res := b.mustDo(t, 200, "GET", "/v1/workspaces/"+ws.ID, key, "")
	if strings.Contains(res.String(), key) || res.header.Get("Cache-Control") != "no-store" {
		t.Fatalf("answer %s, headers %v", res, res.header)
	}
}

func TestPagination(t *testing.T) {
	t.Parallel()
	b := setup(t)
	for _, k := range []string{"a", "b", "c", "d", "e"} {
		b.mustDo(t, 201, "POST", "/v1/workspaces", testAdminKey, `{"external_key":"`+k+`","name":"`+k+`"}`)
	}
	var seen []string
	after := ""
	for range 10 {
		var page list[workspaceView]
		b.mustDo(t, 200, "GET", "/v1/workspaces?limit=2&after="+after, testAdminKey, "").json(t, &page)
		for _, w := range page.Data {
			seen = append(seen, w.ExternalKey)
		}
		if page.NextCursor == "" {
			break
		}
		after = page.NextCursor
	}
	if strings.Join(seen, ",") != "a,b,c,d,e" {
		t.Fatalf("paged through %v", seen)
	}
	b.run(t, []scenario{
		{name: "limit zero", method: "GET", path: "/v1/workspaces?limit=0", key: testAdminKey, status: 400, contains: []string{`"invalid_input"`, "limit"}},
		{name: "limit too big", method: "GET", path: "/v1/workspaces?limit=201", key: testAdminKey, status: 400, contains: []string{`"invalid_input"`, "200"}},
		{name: "limit not a number", method: "GET", path: "/v1/workspaces?limit=ten", key: testAdminKey, status: 400, contains: []string{`"invalid_input"`}},
		{name: "limit max", method: "GET", path: "/v1/workspaces?limit=200", key: testAdminKey, status: 200, contains: []string{`"data":[`}, notContains: []string{"next_cursor"}},
		{name: "bad cursor", method: "GET", path: "/v1/workspaces?after=garbage", key: testAdminKey, status: 400, contains: []string{`"invalid_input"`, "after"}},
	})
}

func TestRequestID(t *testing.T) {
	t.Parallel()
	b := setup(t)
	res := b.do(t, "GET", "/v1/workspaces", "", "", RequestIDHeader, "trace-123.abc")
	if res.header.Get(RequestIDHeader) != "trace-123.abc" || !strings.Contains(res.String(), `"request_id":"trace-123.abc"`) {
		t.Fatalf("incoming id not kept: %v %s", res.header, res)
	}
	res = b.do(t, "GET", "/healthz", "", "", RequestIDHeader, "bad id\"with junk")
	if id := res.header.Get(RequestIDHeader); id == "" || strings.Contains(id, "junk") {
		t.Fatalf("insane incoming id kept: %q", id)
	}
	b.do(t, "GET", "/v1/workspaces/ws_x", testAdminKey, "", RequestIDHeader, "find-me-in-the-log")
	var line string
	for l := range strings.Lines(b.logs.String()) {
		if strings.Contains(l, "find-me-in-the-log") {
			line = l
		}
	}
	for _, want := range []string{`"method":"GET"`, `"route":"/v1/workspaces/{ws}"`, `"status":404`, `"duration"`} {
		if !strings.Contains(line, want) {
			t.Errorf("access log line lacks %s: %s", want, line)
		}
	}
}

func TestMetrics(t *testing.T) {
	t.Parallel()
	b := setup(t)
	b.mustDo(t, 200, "GET", "/healthz", "", "")
	b.mustDo(t, 404, "GET", "/v1/workspaces/ws_one", testAdminKey, "")
	b.mustDo(t, 404, "GET", "/v1/workspaces/ws_two", testAdminKey, "")
	res := b.mustDo(t, http.StatusOK, "GET", "/metrics", "", "")
	for _, want := range []string{
		`sfbridge_http_requests_total{method="GET",route="/healthz",status="200"} 1`,
		`sfbridge_http_requests_total{method="GET",route="/v1/workspaces/{ws}",status="404"} 2`,
		`sfbridge_http_request_duration_seconds_count{method="GET",route="/v1/workspaces/{ws}",status="404"} 2`,
	} {
		if !strings.Contains(res.String(), want) {
			t.Errorf("metrics lack %s", want)
		}
	}
	if strings.Contains(res.String(), "ws_one") {
		t.Errorf("metrics are labelled by concrete path")
	}
}

func FuzzKeyPrefix(f *testing.F) {
	key, _, _ := newAPIKey()
	for _, s := range []string{key, "sfb_", "sfb_12345678_", testAdminKey} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		p, ok := keyPrefix(in)
		if ok && (len(p) != keyPrefixLen || !strings.HasPrefix(in, keyTag+p+"_")) {
			t.Fatalf("keyPrefix(%q) = %q", in, p)
		}
	})
}

func TestInternalErrorsSayLittle(t *testing.T) {
	t.Parallel()
	b := setup(t)
	if err := b.store.Close(); err != nil {
		t.Fatal(err)
	}
	res := b.do(t, "GET", "/v1/workspaces", testAdminKey, "", RequestIDHeader, "broken-store-1")
	if res.status != 500 || !strings.Contains(res.String(), `"internal"`) || strings.Contains(res.String(), "sql") {
		t.Fatalf("answer %d %s", res.status, res)
	}
	checkEnvelope(t, res)
	logs := b.logs.String()
	if !strings.Contains(logs, `"msg":"request failed"`) || !strings.Contains(logs, "broken-store-1") {
		t.Fatalf("the detail is not logged: %s", logs)
	}
}

func TestMethodNotAllowed(t *testing.T) {
	t.Parallel()
	b := setup(t)
	res := b.do(t, "DELETE", "/v1/workspaces", testAdminKey, "")
	if res.status != 405 || !strings.Contains(res.header.Get("Allow"), "POST") || !strings.Contains(res.String(), `"method_not_allowed"`) {
		t.Fatalf("answer %d %v %s", res.status, res.header, res)
	}
	checkEnvelope(t, res)
}
