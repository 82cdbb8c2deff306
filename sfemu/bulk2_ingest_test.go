package sfemu

import (
	"bytes"
	"context"
	"encoding/csv"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"
)

const jobsPath = "/services/data/v59.0/jobs/"

// newIngestJob creates an ingest job and returns its id.
func (b *bundle) newIngestJob(t *testing.T, body map[string]any) string {
	t.Helper()
	res := b.do(t, "POST", jobsPath+"ingest", body)
	if res.status != http.StatusOK {
		t.Fatalf("creating job: %d %s", res.status, res.body)
	}
	var info map[string]any
	res.json(t, &info)
	id, _ := info["id"].(string)
	return id
}

// upload PUTs CSV data to an ingest job.
func (b *bundle) upload(t *testing.T, id, data string) response {
	t.Helper()
	req, err := http.NewRequestWithContext(context.Background(), "PUT", b.http.URL+jobsPath+"ingest/"+id+"/batches", strings.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+b.token)
	req.Header.Set("Content-Type", "text/csv")
	res, err := b.http.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	return response{status: res.StatusCode, header: res.Header, body: body}
}

// runIngest closes a job and waits for its processing to end, returning
// the final job info.
func (b *bundle) runIngest(t *testing.T, id string) map[string]any {
	t.Helper()
	res := b.do(t, "PATCH", jobsPath+"ingest/"+id, map[string]any{"state": "UploadComplete"})
	if res.status != http.StatusOK {
		t.Fatalf("closing job: %d %s", res.status, res.body)
	}
	b.waitJob(t, id)
	var info map[string]any
	b.do(t, "GET", jobsPath+"ingest/"+id, nil).json(t, &info)
	return info
}

// waitJob waits for a job's processing to end (a deadline, not a sleep).
func (b *bundle) waitJob(t *testing.T, id string) {
	t.Helper()
	j := b.srv.bulk.get(id, false)
	if j == nil {
		t.Fatalf("no job %s", id)
	}
	select {
	case <-j.done:
	case <-time.After(20 * time.Second):
		t.Fatalf("job %s did not finish", id)
	}
}

// csvRecords parses a CSV answer.
func csvRecords(t *testing.T, body []byte, delim rune) [][]string {
	t.Helper()
	r := csv.NewReader(bytes.NewReader(body))
	r.Comma = delim
	r.FieldsPerRecord = -1
	rows, err := r.ReadAll()
	if err != nil {
		t.Fatalf("parsing CSV %q: %v", body, err)
	}
	return rows
}

func TestBulkIngestInsert(t *testing.T) {
	t.Parallel()
	b := setup(t, Options{})
	res := b.do(t, "POST", jobsPath+"ingest", map[string]any{"object": "Account", "operation": "insert", "contentType": "CSV", "lineEnding": "LF"})
	for _, want := range []string{`"id":"750`, `"operation":"insert"`, `"object":"Account"`, `"state":"Open"`, `"apiVersion":59.0`,
		`"contentUrl":"services/data/v59.0/jobs/ingest/750`, `/batches"`, `"columnDelimiter":"COMMA"`, `"lineEnding":"LF"`, `"jobType":"V2Ingest"`,
		`"createdDate":"2024-03-15T12:00:00.000+0000"`, `"concurrencyMode":"Parallel"`} {
		if !strings.Contains(string(res.body), want) {
			t.Errorf("job info lacks %s: %s", want, res.body)
		}
	}
	var info map[string]any
	res.json(t, &info)
	id := info["id"].(string)

	if r := b.upload(t, id, "Name,Industry,NumberOfEmployees\nAcme,Energy,12\n,Retail,3\n\"Quote \"\"n\"\" Co, Ltd\",,#N/A\n"); r.status != http.StatusCreated {
		t.Fatalf("upload: %d %s", r.status, r.body)
	}
	// A second upload ("chunked") brings its own header, columns in another order.
	if r := b.upload(t, id, "Industry,Name\nMedia,Second\n"); r.status != http.StatusCreated {
		t.Fatalf("second upload: %d %s", r.status, r.body)
	}
	final := b.runIngest(t, id)
	if final["state"] != "JobComplete" || final["numberRecordsProcessed"] != 4.0 || final["numberRecordsFailed"] != 1.0 {
		t.Fatalf("final info %v", final)
	}

	ok := b.do(t, "GET", jobsPath+"ingest/"+id+"/successfulResults", nil)
	if ct := ok.header.Get("Content-Type"); !strings.HasPrefix(ct, "text/csv") {
		t.Errorf("content type %q", ct)
	}
	// The uploaded column names come back as the first upload spelled
	// them, unquoted; the result columns and every value are quoted.
	if want := "\"sf__Id\",\"sf__Created\",Name,Industry,NumberOfEmployees\n\"001"; !strings.HasPrefix(string(ok.body), want) {
		t.Errorf("successful results start %q, want %q", ok.body, want)
	}
	rows := csvRecords(t, ok.body, ',')
	if len(rows) != 4 || strings.Join(rows[0], "|") != "sf__Id|sf__Created|Name|Industry|NumberOfEmployees" {
		t.Fatalf("successful results %q", rows)
	}
	if !strings.HasPrefix(rows[1][0], "001") || len(rows[1][0]) != 18 || rows[1][1] != "true" || rows[1][2] != "Acme" {
		t.Errorf("first success row %q", rows[1])
	}
	if rows[2][2] != `Quote "n" Co, Ltd` || rows[3][2] != "Second" || rows[3][3] != "Media" {
		t.Errorf("success rows %q", rows)
	}
	badBody := b.do(t, "GET", jobsPath+"ingest/"+id+"/failedResults", nil).body
	if want := "\"sf__Id\",\"sf__Error\",Name,Industry,NumberOfEmployees\n\"\",\"REQUIRED_FIELD_MISSING:"; !strings.HasPrefix(string(badBody), want) {
		t.Errorf("failed results start %q, want %q", badBody, want)
	}
	bad := csvRecords(t, badBody, ',')
	if len(bad) != 2 || strings.Join(bad[0], "|") != "sf__Id|sf__Error|Name|Industry|NumberOfEmployees" ||
		bad[1][0] != "" || bad[1][1] != "REQUIRED_FIELD_MISSING:Required fields are missing: [Name]:Name --" || bad[1][3] != "Retail" {
		t.Fatalf("failed results %q", bad)
	}
	unproc := csvRecords(t, b.do(t, "GET", jobsPath+"ingest/"+id+"/unprocessedrecords", nil).body, ',')
	if len(unproc) != 1 {
		t.Errorf("unprocessed %q", unproc)
	}
	q := b.do(t, "GET", "/services/data/v59.0/query?q=SELECT+Name,NumberOfEmployees,Industry+FROM+Account+ORDER+BY+Name", nil)
	for _, want := range []string{`"totalSize":3`, `"Name":"Acme","NumberOfEmployees":12,"Industry":"Energy"`, `"NumberOfEmployees":null,"Industry":null`} {
		if !strings.Contains(string(q.body), want) {
			t.Errorf("query lacks %s: %s", want, q.body)
		}
	}
	st := b.srv.Stats().Requests
	if st["bulk_ingest"] < 3 || st["bulk_ingest_upload"] != 2 || st["bulk_ingest_results"] != 3 {
		t.Errorf("stats %v", st)
	}
}

func TestBulkIngestUpdateUpsertDelete(t *testing.T) {
	t.Parallel()
	b := setup(t, Options{})
	if _, _, err := b.srv.PutCustomField(t.Context(), "Account.Code__c", map[string]any{"label": "Code", "type": "Text", "length": 20, "externalId": true}); err != nil {
		t.Fatal(err)
	}
	a := b.create(t, "Account", map[string]any{"Name": "A", "Industry": "Energy", "Phone": "1", "Code__c": "A1"})
	c := b.create(t, "Account", map[string]any{"Name": "C", "Code__c": "C1"})

	// Update: an empty cell leaves the field alone, #N/A clears it.
	id := b.newIngestJob(t, map[string]any{"object": "Account", "operation": "update"})
	b.upload(t, id, "Id,Industry,Phone\n"+a+",,#N/A\n001000000000000AAA,Retail,\n")
	info := b.runIngest(t, id)
	if info["numberRecordsProcessed"] != 2.0 || info["numberRecordsFailed"] != 1.0 {
		t.Fatalf("update info %v", info)
	}
	got := string(b.do(t, "GET", "/services/data/v59.0/sobjects/Account/"+a+"?fields=Industry,Phone", nil).body)
	if !strings.Contains(got, `"Industry":"Energy","Phone":null`) {
		t.Errorf("after update %s", got)
	}
	fail := csvRecords(t, b.do(t, "GET", jobsPath+"ingest/"+id+"/failedResults", nil).body, ',')
	// A well-formed id of no record: the REST API's 404 is a cross
	// reference error in a bulk job, and no field is named.
	if len(fail) != 2 || fail[1][0] != "001000000000000AAA" || fail[1][1] != "INVALID_CROSS_REFERENCE_KEY:invalid cross reference id:--" {
		t.Errorf("update failures %q", fail)
	}

	// Upsert by an external id: one update, one insert, one without a key.
	id = b.newIngestJob(t, map[string]any{"object": "Account", "operation": "upsert", "externalIdFieldName": "code__c"})
	b.upload(t, id, "Code__c,Name\nA1,A renamed\nB1,B\n,Nobody\n")
	info = b.runIngest(t, id)
	if info["externalIdFieldName"] != "Code__c" || info["numberRecordsProcessed"] != 3.0 || info["numberRecordsFailed"] != 1.0 {
		t.Fatalf("upsert info %v", info)
	}
	ok := csvRecords(t, b.do(t, "GET", jobsPath+"ingest/"+id+"/successfulResults", nil).body, ',')
	if len(ok) != 3 || ok[1][0] != a || ok[1][1] != "false" || ok[2][1] != "true" {
		t.Errorf("upsert results %q", ok)
	}

	// Delete moves to the recycle bin; hardDelete leaves no trace.
	id = b.newIngestJob(t, map[string]any{"object": "Account", "operation": "delete"})
	b.upload(t, id, "Id\n"+a+"\n")
	if info := b.runIngest(t, id); info["numberRecordsFailed"] != 0.0 {
		t.Fatalf("delete info %v", info)
	}
	// Deleting it again, or an id of no record, fails the row.
	id = b.newIngestJob(t, map[string]any{"object": "Account", "operation": "delete"})
	b.upload(t, id, "Id\n"+a+"\n001000000000000AAA\n")
	if info := b.runIngest(t, id); info["numberRecordsProcessed"] != 2.0 || info["numberRecordsFailed"] != 2.0 {
		t.Fatalf("second delete info %v", info)
	}
	fail = csvRecords(t, b.do(t, "GET", jobsPath+"ingest/"+id+"/failedResults", nil).body, ',')
	if len(fail) != 3 || strings.Join(fail[0], "|") != "sf__Id|sf__Error|Id" ||
		fail[1][0] != a || fail[1][1] != "ENTITY_IS_DELETED:entity is deleted:--" ||
		fail[2][0] != "001000000000000AAA" || fail[2][1] != "INVALID_CROSS_REFERENCE_KEY:invalid cross reference id:--" {
		t.Errorf("second delete failures %q", fail)
	}
	id = b.newIngestJob(t, map[string]any{"object": "Account", "operation": "hardDelete"})
	b.upload(t, id, "Id\n"+c+"\n")
	if info := b.runIngest(t, id); info["numberRecordsFailed"] != 0.0 {
		t.Fatalf("hardDelete info %v", info)
	}
	all := string(b.do(t, "GET", "/services/data/v59.0/queryAll?q=SELECT+Id+FROM+Account+WHERE+IsDeleted+=+true", nil).body)
	if !strings.Contains(all, a) || strings.Contains(all, c) {
		t.Errorf("queryAll after deletes %s", all)
	}
}

func TestBulkIngestFormats(t *testing.T) {
	t.Parallel()
	b := setup(t, Options{})
	id := b.newIngestJob(t, map[string]any{"object": "Contact", "operation": "insert", "columnDelimiter": "TAB", "lineEnding": "CRLF"})
	b.upload(t, id, "LastName\tBirthdate\tEmail\r\n\"Multi\r\nLine\"\t1990-12-31\tx@example.com\r\nBad\t31/12/1990\t\r\n")
	info := b.runIngest(t, id)
	if info["state"] != "JobComplete" || info["numberRecordsProcessed"] != 2.0 || info["numberRecordsFailed"] != 1.0 {
		t.Fatalf("info %v", info)
	}
	ok := b.do(t, "GET", jobsPath+"ingest/"+id+"/successfulResults", nil)
	if !strings.HasPrefix(string(ok.body), "\"sf__Id\"\t\"sf__Created\"\tLastName\tBirthdate\tEmail\r\n\"003") {
		t.Errorf("results not in the job's format: %q", ok.body)
	}

	// Data with the wrong line endings fails the job.
	id = b.newIngestJob(t, map[string]any{"object": "Account", "operation": "insert"})
	b.upload(t, id, "Name\r\nAcme\r\n")
	info = b.runIngest(t, id)
	if info["state"] != "Failed" || info["errorMessage"] != "ClientInputError : LineEnding is invalid on user data. Current LineEnding setting is LF" {
		t.Fatalf("line ending info %v", info)
	}

	// An unknown column fails the job.
	id = b.newIngestJob(t, map[string]any{"object": "Account", "operation": "insert"})
	b.upload(t, id, "Name,Colour__c\nAcme,red\n")
	info = b.runIngest(t, id)
	if info["state"] != "Failed" || info["errorMessage"] != "InvalidBatch : Field name not found : Colour__c" {
		t.Fatalf("unknown column info %v", info)
	}
}

func TestBulkIngestLifecycle(t *testing.T) {
	t.Parallel()
	b := setup(t, Options{})
	open := b.newIngestJob(t, map[string]any{"object": "Account", "operation": "insert"})
	b.upload(t, open, "Name\nA\nB\n")
	done := b.newIngestJob(t, map[string]any{"object": "Account", "operation": "insert"})
	b.upload(t, done, "Name\nC\n")
	b.runIngest(t, done)
	ingest := jobsPath + "ingest"
	runScenarios(t, b, []scenario{
		{name: "upload to a closed job", method: "PUT", path: ingest + "/" + done + "/batches", body: "Name\nX\n", wantStatus: 409, contains: []string{`"errorCode":"INVALIDJOBSTATE"`}},
		{name: "close twice", method: "PATCH", path: ingest + "/" + done, body: map[string]any{"state": "UploadComplete"}, wantStatus: 409, contains: []string{`INVALIDJOBSTATE`}},
		{name: "results of an open job", method: "GET", path: ingest + "/" + open + "/successfulResults", wantStatus: 409, contains: []string{`INVALIDJOBSTATE`}},
		{name: "delete an open job", method: "DELETE", path: ingest + "/" + open, wantStatus: 409, contains: []string{`INVALIDJOBSTATE`}},
		{name: "unknown job", method: "GET", path: ingest + "/750000000000000AAA", wantStatus: 404, contains: []string{`"errorCode":"NOT_FOUND"`}},
		{name: "unknown object", method: "POST", path: ingest, body: map[string]any{"object": "Nope__c", "operation": "insert"}, wantStatus: 400, contains: []string{`INVALIDJOB`, `Nope__c`}},
		{name: "bad operation", method: "POST", path: ingest, body: map[string]any{"object": "Account", "operation": "merge"}, wantStatus: 400, contains: []string{`JSON_PARSER_ERROR`}},
		{name: "bad delimiter", method: "POST", path: ingest, body: map[string]any{"object": "Account", "operation": "insert", "columnDelimiter": "COLON"}, wantStatus: 400, contains: []string{`JSON_PARSER_ERROR`, `ColumnDelimiterEnum`}},
		{name: "upsert without external id", method: "POST", path: ingest, body: map[string]any{"object": "Account", "operation": "upsert"}, wantStatus: 400, contains: []string{`INVALIDJOB`}},
		{name: "upsert on a plain field", method: "POST", path: ingest, body: map[string]any{"object": "Account", "operation": "upsert", "externalIdFieldName": "Phone"}, wantStatus: 400, contains: []string{`INVALIDJOB`}},
		{name: "list", method: "GET", path: ingest, wantStatus: 200, contains: []string{`"done":true`, `"records":[{"id":"` + open, `"nextRecordsUrl":null`}},
		{name: "list filtered to PK chunking", method: "GET", path: ingest + "?isPkChunkingEnabled=true", wantStatus: 200, contains: []string{`"records":[]`}},
		{name: "abort", method: "PATCH", path: ingest + "/" + open, body: map[string]any{"state": "Aborted"}, wantStatus: 200, contains: []string{`"state":"Aborted"`}},
		{name: "unprocessed after abort", method: "GET", path: ingest + "/" + open + "/unprocessedrecords", wantStatus: 200, contains: []string{"\"Name\"\n\"A\"\n\"B\"\n"}},
		{name: "delete", method: "DELETE", path: ingest + "/" + open, wantStatus: 204},
		{name: "gone", method: "GET", path: ingest + "/" + open, wantStatus: 404},
	})
}

func TestBulkIngestLargeJob(t *testing.T) {
	t.Parallel()
	b := setup(t, Options{})
	id := b.newIngestJob(t, map[string]any{"object": "Contact", "operation": "insert"})
	var sb strings.Builder
	sb.WriteString("LastName,Description\n")
	const n = 3000
	pad := strings.Repeat("x", 1500) // enough to move the spool to a file
	for i := range n {
		sb.WriteString("Name")
		sb.WriteString(strings.Repeat("a", i%7))
		sb.WriteString(",")
		sb.WriteString(pad)
		sb.WriteString("\n")
	}
	if r := b.upload(t, id, sb.String()); r.status != 201 {
		t.Fatalf("upload %d %s", r.status, r.body)
	}
	info := b.runIngest(t, id)
	if info["numberRecordsProcessed"] != float64(n) || info["numberRecordsFailed"] != 0.0 {
		t.Fatalf("info %v", info)
	}
	rows := csvRecords(t, b.do(t, "GET", jobsPath+"ingest/"+id+"/successfulResults", nil).body, ',')
	if len(rows) != n+1 {
		t.Fatalf("%d result rows", len(rows))
	}
	if r := b.do(t, "DELETE", jobsPath+"ingest/"+id, nil); r.status != 204 {
		t.Fatalf("delete %d", r.status)
	}
}

func TestBulkJobInfoDates(t *testing.T) {
	t.Parallel()
	// A clock between seconds: job dates still show .000, as Salesforce's do.
	at := time.Date(2024, 3, 15, 12, 0, 5, 678_000_000, time.UTC)
	b := setup(t, Options{Now: func() time.Time { return at }})
	id := b.newIngestJob(t, map[string]any{"object": "Account", "operation": "insert"})
	b.upload(t, id, "Name\nA\n")
	info := b.runIngest(t, id)
	if info["createdDate"] != "2024-03-15T12:00:05.000+0000" || info["systemModstamp"] != "2024-03-15T12:00:05.000+0000" {
		t.Errorf("job dates %v / %v", info["createdDate"], info["systemModstamp"])
	}
}
