package sfemu

import (
	"compress/gzip"
	"context"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
)

// newQueryJob creates a query job and returns its id.
func (b *bundle) newQueryJob(t *testing.T, body map[string]any) string {
	t.Helper()
	res := b.do(t, "POST", jobsPath+"query", body)
	if res.status != http.StatusOK {
		t.Fatalf("creating query job: %d %s", res.status, res.body)
	}
	var info map[string]any
	res.json(t, &info)
	return info["id"].(string)
}

func TestBulkQueryPages(t *testing.T) {
	t.Parallel()
	b := setup(t, Options{})
	acct := b.create(t, "Account", map[string]any{"Name": "Parent, Inc"})
	for i := range 25 {
		fields := map[string]any{"LastName": fmt.Sprintf("Doe%02d", i)}
		if i%2 == 0 {
			fields["AccountId"] = acct
		}
		b.create(t, "Contact", fields)
	}
	res := b.do(t, "POST", jobsPath+"query", map[string]any{"operation": "query", "query": "SELECT Id, LastName, Account.Name, CreatedDate FROM Contact ORDER BY LastName"})
	for _, want := range []string{`"id":"750`, `"operation":"query"`, `"object":"Contact"`, `"state":"UploadComplete"`, `"apiVersion":59.0`, `"jobType":"V2Query"`} {
		if !strings.Contains(string(res.body), want) {
			t.Errorf("create answer lacks %s: %s", want, res.body)
		}
	}
	var created map[string]any
	res.json(t, &created)
	id := created["id"].(string)
	info := string(b.do(t, "GET", jobsPath+"query/"+id, nil).body)
	for _, want := range []string{`"state":"JobComplete"`, `"numberRecordsProcessed":25`, `"isPkChunkingSupported":true`} {
		if !strings.Contains(info, want) {
			t.Errorf("job info lacks %s: %s", want, info)
		}
	}

	var all [][]string
	locator, pages := "", 0
	for {
		path := jobsPath + "query/" + id + "/results?maxRecords=10"
		if locator != "" {
			path += "&locator=" + locator
		}
		page := b.do(t, "GET", path, nil)
		if page.status != 200 || !strings.HasPrefix(page.header.Get("Content-Type"), "text/csv") {
			t.Fatalf("page: %d %s %s", page.status, page.header, page.body)
		}
		rows := csvRecords(t, page.body, ',')
		if strings.Join(rows[0], "|") != "Id|LastName|Account.Name|CreatedDate" {
			t.Fatalf("header %q", rows[0])
		}
		if n := page.header.Get("Sforce-NumberOfRecords"); n != fmt.Sprint(len(rows)-1) {
			t.Errorf("Sforce-NumberOfRecords %q for %d rows", n, len(rows)-1)
		}
		all = append(all, rows[1:]...)
		pages++
		locator = page.header.Get("Sforce-Locator")
		if locator == "" {
			t.Fatal("no Sforce-Locator header")
		}
		if locator == "null" {
			break
		}
	}
	if pages != 3 || len(all) != 25 {
		t.Fatalf("%d pages, %d rows", pages, len(all))
	}
	if all[0][1] != "Doe00" || all[0][2] != "Parent, Inc" || all[1][2] != "" || all[0][3] != "2024-03-15T12:00:00.000Z" || len(all[0][0]) != 18 {
		t.Errorf("rows %q", all[:2])
	}
	if st := b.srv.Stats().Requests; st["bulk_query"] != 2 || st["bulk_query_results"] != 3 {
		t.Errorf("stats %v", st)
	}
}

func TestBulkQueryGzipAndFormats(t *testing.T) {
	t.Parallel()
	b := setup(t, Options{})
	b.create(t, "Account", map[string]any{"Name": "Acme", "NumberOfEmployees": 7, "AnnualRevenue": 1500})
	gone := b.create(t, "Account", map[string]any{"Name": "Gone"})
	b.do(t, "DELETE", "/services/data/v59.0/sobjects/Account/"+gone, nil)
	id := b.newQueryJob(t, map[string]any{"operation": "queryAll", "query": "SELECT Name, NumberOfEmployees, AnnualRevenue, IsDeleted FROM Account ORDER BY Name",
		"columnDelimiter": "PIPE", "lineEnding": "CRLF"})

	req, _ := http.NewRequestWithContext(context.Background(), "GET", b.http.URL+jobsPath+"query/"+id+"/results", nil)
	req.Header.Set("Authorization", "Bearer "+b.token)
	req.Header.Set("Accept-Encoding", "gzip") // set by hand, so the client leaves the body compressed
	res, err := b.http.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	if res.Header.Get("Content-Encoding") != "gzip" || res.Header.Get("Sforce-Locator") != "null" || res.Header.Get("Sforce-NumberOfRecords") != "2" {
		t.Fatalf("headers %v", res.Header)
	}
	zr, err := gzip.NewReader(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	body, err := io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	want := "\"Name\"|\"NumberOfEmployees\"|\"AnnualRevenue\"|\"IsDeleted\"\r\n\"Acme\"|\"7\"|\"1500.0\"|\"false\"\r\n\"Gone\"|||\"true\"\r\n"
	if string(body) != want {
		t.Errorf("body %q, want %q", body, want)
	}
}

func TestBulkQueryRefusals(t *testing.T) {
	t.Parallel()
	b := setup(t, Options{})
	id := b.newQueryJob(t, map[string]any{"query": "SELECT Id FROM Account"})
	q := jobsPath + "query"
	create := func(soql string) map[string]any { return map[string]any{"operation": "query", "query": soql} }
	runScenarios(t, b, []scenario{
		{name: "count", method: "POST", path: q, body: create("SELECT COUNT() FROM Account"), wantStatus: 400, contains: []string{`Aggregate queries are not supported in Bulk Query`}},
		{name: "group by", method: "POST", path: q, body: create("SELECT Industry, COUNT(Id) FROM Account GROUP BY Industry"), wantStatus: 400, contains: []string{`not supported in Bulk Query`}},
		{name: "offset", method: "POST", path: q, body: create("SELECT Id FROM Account OFFSET 5"), wantStatus: 400, contains: []string{`OFFSET`}},
		{name: "child subquery", method: "POST", path: q, body: create("SELECT Id, (SELECT Id FROM Contacts) FROM Account"), wantStatus: 400, contains: []string{`Aggregate Relationship is not supported in Bulk Query`}},
		{name: "compound field", method: "POST", path: q, body: create("SELECT BillingAddress FROM Account"), wantStatus: 400, contains: []string{`Selecting compound data not supported in Bulk Query`}},
		{name: "bad field", method: "POST", path: q, body: create("SELECT Nope FROM Account"), wantStatus: 400, contains: []string{`"errorCode":"INVALID_FIELD"`}},
		{name: "bad operation", method: "POST", path: q, body: map[string]any{"operation": "insert", "query": "SELECT Id FROM Account"}, wantStatus: 400, contains: []string{`JSON_PARSER_ERROR`}},
		{name: "bad locator", method: "GET", path: q + "/" + id + "/results?locator=@@", wantStatus: 400},
		{name: "ingest id on the query path", method: "GET", path: q + "/750000000000000AAA", wantStatus: 404},
		{name: "list", method: "GET", path: q, wantStatus: 200, contains: []string{`"records":[{"id":"` + id, `"jobType":"V2Query"`}},
		{name: "abort a finished job", method: "PATCH", path: q + "/" + id, body: map[string]any{"state": "Aborted"}, wantStatus: 409, contains: []string{`INVALIDJOBSTATE`}},
		{name: "delete", method: "DELETE", path: q + "/" + id, wantStatus: 204},
		{name: "deleted", method: "GET", path: q + "/" + id + "/results", wantStatus: 404},
	})
}
