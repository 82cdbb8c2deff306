package sfemu

import (
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"
)

func TestGlobMatch(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		pattern, path string
		want          bool
	}{
		{"/services/data/*/query*", "/services/data/v59.0/query", true},
		{"/services/data/*/query*", "/services/data/v59.0/query/01g-2000", true},
		{"/services/data/*/query*", "/services/data/v59.0/sobjects", false},
		{"*/sobjects/Account*", "/services/data/v59.0/sobjects/Account/001", true},
		{"/exact", "/exact", true},
		{"/exact", "/exactly", false},
		{"*", "", true},
		{"a*b*c", "aXXbYYc", true},
		{"a*b*c", "aXXcYYb", false},
	} {
		if got := globMatch(tc.pattern, tc.path); got != tc.want {
			t.Errorf("globMatch(%q, %q) = %v", tc.pattern, tc.path, got)
		}
	}
}

func TestInjectedFaults(t *testing.T) {
	t.Parallel()
	b := setup(t, Options{})
	ctx := t.Context()
	inject := func(f Fault) {
		t.Helper()
		if _, err := b.srv.InjectFault(ctx, f); err != nil {
			t.Fatal(err)
		}
	}

	t.Run("error code brings its status and message, for the next N matching requests", func(t *testing.T) {
		inject(Fault{Method: "PATCH", Path: "/services/data/*/sobjects/Account/*", ErrorCode: "UNABLE_TO_LOCK_ROW", Times: 2})
		id := b.create(t, "Account", map[string]any{"Name": "Locked"})
		for i := 0; i < 2; i++ {
			res := b.do(t, "PATCH", "/services/data/v59.0/sobjects/Account/"+id, map[string]any{"Phone": "1"})
			if res.status != 400 || !strings.Contains(string(res.body), `"errorCode":"UNABLE_TO_LOCK_ROW"`) || !strings.Contains(string(res.body), "unable to obtain exclusive access") {
				t.Fatalf("try %d: %d %s", i, res.status, res.body)
			}
		}
		if res := b.do(t, "PATCH", "/services/data/v59.0/sobjects/Account/"+id, map[string]any{"Phone": "1"}); res.status != 204 {
			t.Fatalf("third try: %d %s", res.status, res.body)
		}
	})
	t.Run("status brings its usual code", func(t *testing.T) {
		inject(Fault{Path: "/services/data/v59.0/limits", Status: 503})
		res := b.do(t, "GET", "/services/data/v59.0/limits", nil)
		if res.status != 503 || !strings.Contains(string(res.body), `"errorCode":"SERVER_UNAVAILABLE"`) {
			t.Fatalf("%d %s", res.status, res.body)
		}
	})
	t.Run("injected session expiry", func(t *testing.T) {
		inject(Fault{Path: "*/query*", ErrorCode: "INVALID_SESSION_ID"})
		res := b.do(t, "GET", "/services/data/v59.0/query?q=SELECT+Id+FROM+User", nil)
		if res.status != 401 || !strings.Contains(string(res.body), `"message":"Session expired or invalid","errorCode":"INVALID_SESSION_ID"`) {
			t.Fatalf("%d %s", res.status, res.body)
		}
	})
	t.Run("OAuth endpoints answer in OAuth's shape", func(t *testing.T) {
		inject(Fault{Path: "/services/oauth2/token", Status: 400, ErrorCode: "INVALID_GRANT", Message: "expired access/refresh token"})
		res := b.do(t, "POST", "/services/oauth2/token", "grant_type=refresh_token")
		if res.status != 400 || string(res.body) != `{"error":"invalid_grant","error_description":"expired access/refresh token"}` {
			t.Fatalf("%d %s", res.status, res.body)
		}
	})
	t.Run("latency delays the answer", func(t *testing.T) {
		inject(Fault{Path: "/services/data", Latency: 150 * time.Millisecond})
		start := time.Now()
		res := b.do(t, "GET", "/services/data", nil)
		if res.status != 200 || time.Since(start) < 150*time.Millisecond {
			t.Fatalf("%d after %s", res.status, time.Since(start))
		}
	})
	t.Run("cut connection", func(t *testing.T) {
		inject(Fault{Path: "*/sobjects", Cut: true})
		req, _ := http.NewRequest("GET", b.http.URL+"/services/data/v59.0/sobjects", nil)
		req.Header.Set("Authorization", "Bearer "+b.token)
		res, err := b.http.Client().Do(req)
		if err == nil {
			_, err = io.ReadAll(res.Body)
			res.Body.Close()
		}
		if err == nil || !(errors.Is(err, io.ErrUnexpectedEOF) || strings.Contains(err.Error(), "EOF")) {
			t.Fatalf("want a broken body, got %v", err)
		}
		if res := b.do(t, "GET", "/services/data/v59.0/sobjects", nil); res.status != 200 {
			t.Fatalf("after the cut: %d", res.status)
		}
	})
	t.Run("bad faults are refused", func(t *testing.T) {
		for _, f := range []Fault{{}, {Status: 200}, {ErrorCode: "MADE_UP"}, {Latency: -time.Second}} {
			if _, err := b.srv.InjectFault(ctx, f); err == nil {
				t.Errorf("fault %+v accepted", f)
			}
		}
	})
	t.Run("clear", func(t *testing.T) {
		inject(Fault{Path: "/nowhere", Status: 500, Times: -1})
		if len(b.srv.Faults()) == 0 || !b.srv.ClearFaults("") || len(b.srv.Faults()) != 0 {
			t.Fatalf("faults left: %+v", b.srv.Faults())
		}
	})
}

func TestDropResponse(t *testing.T) {
	t.Parallel()
	b := setup(t, Options{})
	if _, err := b.srv.InjectFault(t.Context(), Fault{Method: "POST", Path: "*/sobjects/Account", DropResponse: true}); err != nil {
		t.Fatal(err)
	}
	req, _ := http.NewRequest("POST", b.http.URL+"/services/data/v59.0/sobjects/Account", strings.NewReader(`{"Name":"Maybe"}`))
	req.Header.Set("Authorization", "Bearer "+b.token)
	req.Header.Set("Content-Type", "application/json")
	res, err := b.http.Client().Do(req)
	if err == nil {
		res.Body.Close()
		t.Fatalf("got an answer: %d", res.StatusCode)
	}
	// The create happened all the same.
	if out, _ := b.query(t, "SELECT Id FROM Account WHERE Name = 'Maybe'"); out.TotalSize != 1 {
		t.Fatalf("the dropped create did not happen: %d", out.TotalSize)
	}
	if _, err := b.srv.InjectFault(t.Context(), Fault{DropResponse: true, Status: 500}); err == nil {
		t.Fatal("dropResponse with a status accepted")
	}
}
