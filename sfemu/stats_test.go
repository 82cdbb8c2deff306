package sfemu

import (
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
)

func TestDataKind(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		method, path string
		want         string
	}{
		{"GET", "", "other"},
		{"GET", "query", "query"},
		{"GET", "queryAll", "query"},
		{"GET", "query/01gXX-2000", "query_more"},
		{"GET", "queryAll/01gXX-2000", "query_more"},
		{"GET", "limits", "limits"},
		{"GET", "tooling/query", "tooling"},
		{"GET", "sobjects", "describe_global"},
		{"GET", "sobjects/Account", "describe"},
		{"GET", "sobjects/Account/describe", "describe"},
		{"POST", "sobjects/Account", "sobject_create"},
		{"POST", "sobjects/Account/Id", "sobject_create"},
		{"GET", "sobjects/Account/001000000000001", "sobject_read"},
		{"HEAD", "sobjects/Account/001000000000001", "sobject_read"},
		{"GET", "sobjects/Account/Ext__c/K1", "sobject_read"},
		{"PATCH", "sobjects/Account/001000000000001", "sobject_update"},
		{"DELETE", "sobjects/Account/001000000000001", "sobject_delete"},
		{"DELETE", "sobjects/Account/Ext__c/K1", "sobject_delete"},
		{"PATCH", "sobjects/Account/Ext__c/K1", "sobject_upsert"},
		{"POST", "sobjects/Account/Ext__c/K1", "sobject_upsert"},
		{"GET", "sobjects/Account/updated", "replication"},
		{"GET", "sobjects/Account/deleted", "replication"},
		{"PUT", "sobjects/Account/001000000000001", "other"},
		{"POST", "composite", "composite"},
		{"POST", "composite/batch", "composite_batch"},
		{"POST", "composite/sobjects", "collections_create"},
		{"PATCH", "composite/sobjects", "collections_update"},
		{"DELETE", "composite/sobjects", "collections_delete"},
		{"GET", "composite/sobjects/Account", "collections_retrieve"},
		{"POST", "composite/sobjects/Account", "collections_retrieve"},
		{"PATCH", "composite/sobjects/Account/Ext__c", "collections_upsert"},
		{"PUT", "composite/sobjects", "other"},
		{"GET", "composite/tree/Account", "other"},
		{"GET", "jobs/ingest", "bulk_ingest"},
		{"PUT", "jobs/ingest/750000000000001AAA/batches", "bulk_ingest_upload"},
		{"GET", "jobs/ingest/750000000000001AAA/failedResults", "bulk_ingest_results"},
		{"POST", "jobs/query", "bulk_query"},
		{"GET", "jobs/query/750000000000001AAA/results", "bulk_query_results"},
		{"GET", "jobs", "other"},
	} {
		if got := statKindNames[dataKind(tc.method, strings.Split(tc.path, "/"))]; got != tc.want {
			t.Errorf("%s %s: %s, want %s", tc.method, tc.path, got, tc.want)
		}
	}
}

func TestStatsCountRequestsByKind(t *testing.T) {
	t.Parallel()
	b := setup(t, Options{})
	const v = "/services/data/v59.0"
	accounts := func(n int) []any {
		recs := make([]any, n)
		for i := range recs {
			recs[i] = map[string]any{"attributes": map[string]any{"type": "Account"}, "Name": fmt.Sprintf("A%03d", i)}
		}
		return recs
	}
	b.srv.ResetStats()

	// 250 records in two collection calls, then read back in pages of 200.
	for _, n := range []int{200, 50} {
		if res := b.do(t, "POST", v+"/composite/sobjects", map[string]any{"records": accounts(n)}); res.status != 200 {
			t.Fatalf("create: %d %s", res.status, res.body)
		}
	}
	out, _ := b.query(t, "SELECT Id FROM Account", "Sforce-Query-Options", "batchSize=200")
	if out.Done || out.NextRecordsURL == "" {
		t.Fatalf("want two pages: %+v", out)
	}
	if res := b.do(t, "GET", out.NextRecordsURL, nil); res.status != 200 {
		t.Fatalf("next page: %d %s", res.status, res.body)
	}
	id := b.create(t, "Account", map[string]any{"Name": "One"})
	// A record-level failure still reached the handler and counts.
	if res := b.do(t, "PATCH", v+"/sobjects/Account/"+id, map[string]any{"Name": nil}); res.status != 400 {
		t.Fatalf("update: %d %s", res.status, res.body)
	}
	b.do(t, "GET", v+"/sobjects/Account/"+id, nil)
	b.do(t, "DELETE", v+"/sobjects/Account/"+id, nil)
	b.do(t, "GET", v+"/sobjects/Account/describe", nil)
	b.do(t, "GET", v+"/sobjects", nil)
	b.do(t, "GET", v+"/limits", nil)
	// A Composite request is one request, whatever it holds.
	res := b.do(t, "POST", v+"/composite", map[string]any{"compositeRequest": []any{
		map[string]any{"method": "POST", "url": v + "/sobjects/Account", "referenceId": "a", "body": map[string]any{"Name": "C"}},
		map[string]any{"method": "GET", "url": v + "/sobjects/Account/@{a.id}", "referenceId": "b"},
	}})
	if res.status != 200 {
		t.Fatalf("composite: %d %s", res.status, res.body)
	}
	// Neither a bad session nor an injected failure reaches a handler.
	saved := b.token
	b.token = "00Dbogus!token"
	if res := b.do(t, "GET", v+"/limits", nil); res.status != http.StatusUnauthorized {
		t.Fatalf("bad token: %d", res.status)
	}
	b.token = saved
	if _, err := b.srv.InjectFault(t.Context(), Fault{Path: "*/limits", Status: 503}); err != nil {
		t.Fatal(err)
	}
	if res := b.do(t, "GET", v+"/limits", nil); res.status != 503 {
		t.Fatalf("fault: %d", res.status)
	}
	// The admin API is not counted.
	b.admin(t, "GET", "/settings", nil)

	st := b.srv.Stats()
	want := map[string]int64{
		"collections_create": 2, "query": 1, "query_more": 1, "sobject_create": 1, "sobject_update": 1,
		"sobject_read": 1, "sobject_delete": 1, "describe": 1, "describe_global": 1, "limits": 1, "composite": 1,
	}
	var total int64
	for kind, n := range st.Requests {
		if n != want[kind] {
			t.Errorf("%s: %d, want %d", kind, n, want[kind])
		}
		total += n
	}
	if len(st.Requests) != int(numStatKinds) || st.Total != total || st.Total != 12 || st.Faults != 1 {
		t.Errorf("stats %+v", st)
	}

	b.srv.ResetStats()
	if st := b.srv.Stats(); st.Total != 0 || st.Faults != 0 || st.Requests["collections_create"] != 0 {
		t.Errorf("after reset: %+v", st)
	}
}

func TestStatsOAuthAndOther(t *testing.T) {
	t.Parallel()
	b := setup(t, Options{})
	creds := b.srv.Credentials()
	form := "grant_type=password&client_id=" + creds.ClientID + "&client_secret=" + creds.ClientSecret +
		"&username=" + strings.ReplaceAll(creds.Username, "@", "%40") + "&password=" + creds.Password + creds.SecurityToken
	if res := b.do(t, "POST", "/services/oauth2/token", form, "Content-Type", "application/x-www-form-urlencoded"); res.status != 200 {
		t.Fatalf("token: %d %s", res.status, res.body)
	}
	b.do(t, "GET", "/services/data", nil)
	b.do(t, "GET", "/services/oauth2/userinfo", nil)
	st := b.srv.Stats()
	if st.Requests["oauth_token"] != 1 || st.Requests["other"] != 2 || st.Total != 3 {
		t.Errorf("stats %+v", st)
	}
}

func TestStatsAdminAPI(t *testing.T) {
	t.Parallel()
	b := setup(t, Options{})
	b.do(t, "GET", "/services/data/v59.0/limits", nil)
	var st Stats
	res := b.admin(t, "GET", "/stats", nil)
	res.json(t, &st)
	if res.status != 200 || st.Requests["limits"] != 1 || st.Total != 1 {
		t.Fatalf("%d %s", res.status, res.body)
	}
	if res := b.admin(t, "POST", "/stats/reset", nil); res.status != http.StatusNoContent {
		t.Fatalf("reset: %d %s", res.status, res.body)
	}
	res = b.admin(t, "GET", "/stats", nil)
	if !strings.Contains(string(res.body), `"total":0`) || !strings.Contains(string(res.body), `"limits":0`) {
		t.Fatalf("after reset: %s", res.body)
	}
	if res := b.admin(t, "GET", "", nil); !strings.Contains(string(res.body), "/__sfemu/stats/reset") {
		t.Errorf("route list lacks stats: %s", res.body)
	}
}

// TestStatsConcurrent runs requests and readers of the statistics at once,
// for the race detector.
func TestStatsConcurrent(t *testing.T) {
	t.Parallel()
	b := setup(t, Options{})
	const workers, each = 8, 20
	var wg sync.WaitGroup
	errs := make(chan string, workers*each)
	for range workers {
		wg.Go(func() {
			for range each {
				req, err := http.NewRequestWithContext(t.Context(), "GET", b.http.URL+"/services/data/v59.0/limits", nil)
				if err != nil {
					errs <- err.Error()
					return
				}
				req.Header.Set("Authorization", "Bearer "+b.token)
				res, err := b.http.Client().Do(req)
				if err != nil {
					errs <- err.Error()
					return
				}
				res.Body.Close()
				_ = b.srv.Stats()
			}
		})
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}
	if n := b.srv.Stats().Requests["limits"]; n != workers*each {
		t.Errorf("limits counted %d times, want %d", n, workers*each)
	}
}
