package sfemu

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"
)

// testClock is a settable clock for tests.
type testClock struct{ t time.Time }

func (c *testClock) now() time.Time { return c.t }

// bundle is what setup gives a test: a running emulator and a client.
type bundle struct {
	srv   *Server
	http  *httptest.Server
	clock *testClock
	token string
}

// setup starts an empty org on a fixed clock.
func setup(t *testing.T, opts Options) *bundle {
	t.Helper()
	clock := &testClock{t: time.Date(2024, 3, 15, 12, 0, 0, 0, time.UTC)}
	if opts.Now == nil {
		opts.Now = clock.now
	}
	srv, err := New(opts)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	hs := httptest.NewServer(srv)
	t.Cleanup(hs.Close)
	return &bundle{srv: srv, http: hs, clock: clock, token: srv.Credentials().AccessToken}
}

// response is a decoded answer.
type response struct {
	status int
	header http.Header
	body   []byte
}

func (r response) json(t *testing.T, v any) {
	t.Helper()
	if err := json.Unmarshal(r.body, v); err != nil {
		t.Fatalf("decoding %s: %v", r.body, err)
	}
}

// do sends a request with the admin token; body may be a string or a value
// to encode.
func (b *bundle) do(t *testing.T, method, path string, body any, headers ...string) response {
	t.Helper()
	var rd io.Reader
	switch x := body.(type) {
	case nil:
	case string:
		rd = strings.NewReader(x)
	default:
		enc, err := json.Marshal(x)
		if err != nil {
			t.Fatal(err)
		}
		rd = bytes.NewReader(enc)
	}
	req, err := http.NewRequestWithContext(context.Background(), method, b.http.URL+path, rd)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+b.token)
	if rd != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	res, err := b.http.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	data, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return response{status: res.StatusCode, header: res.Header, body: data}
}

// create makes a record through the API and returns its id.
func (b *bundle) create(t *testing.T, object string, fields map[string]any) string {
	t.Helper()
	res := b.do(t, "POST", "/services/data/v59.0/sobjects/"+object, fields)
	if res.status != http.StatusCreated {
		t.Fatalf("creating %s: %d %s", object, res.status, res.body)
	}
	var out saveResult
	res.json(t, &out)
	return out.ID
}

// scenario is one request and what its answer must hold.
type scenario struct {
	name       string
	method     string
	path       string
	body       any
	headers    []string
	wantStatus int
	contains   []string
	excludes   []string
}

func runScenarios(t *testing.T, b *bundle, scenarios []scenario) {
	t.Helper()
	for _, sc := range scenarios {
		t.Run(sc.name, func(t *testing.T) {
			res := b.do(t, sc.method, sc.path, sc.body, sc.headers...)
			if res.status != sc.wantStatus {
				t.Fatalf("status %d, want %d; body %s", res.status, sc.wantStatus, res.body)
			}
			for _, s := range sc.contains {
				if !bytes.Contains(res.body, []byte(s)) {
					t.Errorf("body lacks %q: %s", s, res.body)
				}
			}
			for _, s := range sc.excludes {
				if bytes.Contains(res.body, []byte(s)) {
					t.Errorf("body has %q: %s", s, res.body)
				}
			}
		})
	}
}

func TestEverywhere(t *testing.T) {
	t.Parallel()
	b := setup(t, Options{})
	runScenarios(t, b, []scenario{
		{name: "versions list is public and ascending", method: "GET", path: "/services/data", wantStatus: 200,
			contains: []string{`{"label":"Summer '14","url":"/services/data/v31.0","version":"31.0"}`, `"version":"64.0"`}},
		{name: "resource root", method: "GET", path: "/services/data/v59.0", wantStatus: 200,
			contains: []string{`"sobjects":"/services/data/v59.0/sobjects"`, `"identity":"http://127.0.0.1`}},
		{name: "repeated slashes collapse", method: "GET", path: "//services/data//v59.0/sobjects/Account/describe", wantStatus: 200,
			contains: []string{`"name":"Account"`}},
		{name: "trailing slash is tolerated", method: "GET", path: "/services/data/v59.0/query/?q=SELECT+Id+FROM+User", wantStatus: 200,
			contains: []string{`"totalSize":1`}},
		{name: "unknown version", method: "GET", path: "/services/data/v65.0/sobjects", wantStatus: 404,
			contains: []string{`"errorCode":"NOT_FOUND"`, `The requested resource does not exist`}},
		{name: "bulk limit name before v49", method: "GET", path: "/services/data/v48.0/limits", wantStatus: 200,
			contains: []string{`"DailyBulkApiRequests":{`}, excludes: []string{`DailyBulkApiBatches`}},
		{name: "bulk limit name from v49", method: "GET", path: "/services/data/v49.0/limits", wantStatus: 200,
			contains: []string{`"DailyBulkApiBatches":{`}, excludes: []string{`DailyBulkApiRequests`}},
		{name: "version below 31", method: "GET", path: "/services/data/v30.0", wantStatus: 404},
		{name: "unknown resource", method: "GET", path: "/services/data/v59.0/nothing", wantStatus: 404},
		{name: "limits", method: "GET", path: "/services/data/v59.0/limits", wantStatus: 200,
			contains: []string{`"DailyApiRequests":{"Max":15000,"Remaining":`, `"DailyBulkV2QueryJobs"`}},
	})

	t.Run("invalid session", func(t *testing.T) {
		b2 := *b
		b2.token = "00Dxx!nope"
		res := b2.do(t, "GET", "/services/data/v59.0/sobjects", nil)
		if res.status != 401 || !strings.Contains(string(res.body), `"errorCode":"INVALID_SESSION_ID"`) {
			t.Fatalf("got %d %s", res.status, res.body)
		}
	})
	t.Run("other auth header forms", func(t *testing.T) {
		for _, h := range [][]string{{"Authorization", "OAuth " + b.token}, {"X-SFDC-Session", b.token}} {
			req, _ := http.NewRequest("GET", b.http.URL+"/services/data/v59.0/limits", nil)
			req.Header.Set(h[0], h[1])
			res, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			res.Body.Close()
			if res.StatusCode != 200 {
				t.Errorf("%s: status %d", h[0], res.StatusCode)
			}
		}
	})
	t.Run("headers", func(t *testing.T) {
		res := b.do(t, "GET", "/services/data/v59.0/limits", nil)
		if got := res.header.Get("Content-Type"); got != "application/json;charset=UTF-8" {
			t.Errorf("Content-Type %q", got)
		}
		info := res.header.Get("Sforce-Limit-Info")
		if !strings.HasPrefix(info, "api-usage=") || !strings.HasSuffix(info, "/15000") || strings.Contains(info, "per-app") {
			t.Errorf("Sforce-Limit-Info %q", info)
		}
		var lim map[string]limitEntry
		res.json(t, &lim)
		used := 15000 - lim["DailyApiRequests"].Remaining
		if info != "api-usage="+strconv.Itoa(used)+"/15000" {
			t.Errorf("header %q disagrees with /limits usage %d", info, used)
		}
	})
}

func TestMethodNotAllowedNamesTheResourcesMethods(t *testing.T) {
	t.Parallel()
	b := setup(t, Options{})
	for _, tc := range []struct{ method, path, allow string }{
		{"POST", "/services/data/v59.0/limits", "GET, HEAD"},
		{"DELETE", "/services/data/v59.0/query?q=SELECT+Id+FROM+User", "GET, HEAD"},
		{"GET", "/services/data/v59.0/composite", "POST"},
		{"PUT", "/services/data/v59.0/sobjects/Account", "GET, HEAD, POST"},
	} {
		res := b.do(t, tc.method, tc.path, nil)
		if res.status != 405 || res.header.Get("Allow") != tc.allow ||
			!strings.Contains(string(res.body), "Allowed are "+strings.ReplaceAll(tc.allow, ", ", ",")) {
			t.Errorf("%s %s: %d Allow=%q %s", tc.method, tc.path, res.status, res.header.Get("Allow"), res.body)
		}
	}
}
