package sfemu

import (
	"compress/gzip"
	"encoding/base64"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// bulkQueryPageSize is how many records a results page holds when the
// request gives no maxRecords. Salesforce sizes pages by bytes; a fixed
// count keeps paging predictable.
const bulkQueryPageSize = 10000

// bulkRenderChunk is how many records a results page renders per hold
// of the org's read lock (relationship columns read current parents).
const bulkRenderChunk = 1000

// queryData is a query job's compiled query and result snapshot. The
// snapshot holds record versions, not rendered rows, so a job costs a
// pointer per record; pages are rendered as they are asked for.
type queryData struct {
	res  *queryResult
	cols []flatColumn
}

// flatColumn is one CSV column of a query result: a field reached
// through zero or more parent relationships (Account.Owner.Name).
type flatColumn struct {
	header string
	rels   []string // relationship names to follow
	field  string
}

// queryJobRoute serves /jobs/query[/{id}[/results]].
func (s *Server) queryJobRoute(c *call, p []string) {
	m := c.r.Method
	switch {
	case len(p) == 0 && m == http.MethodPost:
		s.createQueryJob(c)
	case len(p) == 0 && m == http.MethodGet:
		s.listJobs(c, true)
	case len(p) == 0:
		c.notAllowed("GET", "POST")
	default:
		j := s.bulk.get(p[0], true)
		if j == nil {
			c.fail(errJobNotFound())
			return
		}
		switch {
		case len(p) == 1 && m == http.MethodGet:
			c.sendJob(http.StatusOK, j, true)
		case len(p) == 1 && m == http.MethodPatch:
			s.abortQueryJob(c, j)
		case len(p) == 1 && m == http.MethodDelete:
			s.deleteJob(c, j)
		case len(p) == 1:
			c.notAllowed("GET", "PATCH", "DELETE")
		case len(p) == 2 && p[1] == "results" && m == http.MethodGet:
			s.queryResults(c, j)
		default:
			c.fail(errNotFound())
		}
	}
}

// errBulkQuery refuses a query Bulk API 2.0 cannot run. (?) The error
// code is our best knowledge of Salesforce's; the messages are its.
func errBulkQuery(msg string) *Error {
	return errorf(http.StatusBadRequest, "API_ERROR", "%s", msg)
}

// createQueryJob answers POST /jobs/query. The query is compiled and run
// at once against a snapshot; the answer still says UploadComplete, as
// Salesforce's does, and the job is complete from then on.
func (s *Server) createQueryJob(c *call) {
	var req struct {
		Operation       string `json:"operation"`
		Query           string `json:"query"`
		ContentType     string `json:"contentType"`
		ColumnDelimiter string `json:"columnDelimiter"`
		LineEnding      string `json:"lineEnding"`
	}
	if err := c.decode(&req); err != nil {
		c.fail(err)
		return
	}
	if req.Operation == "" {
		req.Operation = "query"
	}
	if req.Operation != "query" && req.Operation != "queryAll" {
		c.fail(errJSONParser("Cannot deserialize value of type `OperationEnum` from String \"%s\": not one of the values accepted for Enum class: [query, queryAll]", req.Operation))
		return
	}
	if req.ContentType != "" && req.ContentType != "CSV" {
		c.fail(errJSONParser("Cannot deserialize value of type `ContentType` from String \"%s\": not one of the values accepted for Enum class: [CSV]", req.ContentType))
		return
	}
	if strings.TrimSpace(req.Query) == "" {
		c.fail(errorf(http.StatusBadRequest, "INVALIDJOB", "InvalidJob : Query must be specified"))
		return
	}
	format, delim, line, ferr := jobFormat(req.ColumnDelimiter, req.LineEnding)
	if ferr != nil {
		c.fail(ferr)
		return
	}
	start := time.Now()
	o := s.org
	c.rlock(o)
	plan, err := o.compileText(req.Query, o.accessFor(c.userID))
	if err == nil {
		err = bulkQueryAllowed(plan)
	}
	if err != nil {
		c.runlock(o)
		c.fail(err)
		return
	}
	qd := &queryData{cols: flattenColumns(o, plan.cols, "", nil)}
	qd.res = o.run(plan, req.Operation == "queryAll")
	c.runlock(o)
	j := &bulkJob{
		query: true, operation: req.Operation, object: plan.obj.Name, createdBy: c.userID,
		version: c.version, format: format, delimName: delim, lineName: line,
		state: jobUploadComplete, q: qd,
	}
	s.bulk.add(j)
	c.sendJob(http.StatusOK, j, false)
	j.mu.Lock()
	j.state, j.processed, j.procTime = jobComplete, qd.res.total, time.Since(start)
	j.mu.Unlock()
	close(j.done)
}

// bulkQueryAllowed refuses what Bulk API 2.0 query does not run:
// aggregates and GROUP BY, OFFSET, child subqueries and compound fields.
func bulkQueryAllowed(p *queryPlan) *Error {
	if p.agg != nil || p.countOnly {
		return errBulkQuery("Aggregate queries are not supported in Bulk Query")
	}
	if p.offset > 0 {
		return errBulkQuery("OFFSET clause is not supported in Bulk Query")
	}
	return columnsAllowed(p.cols)
}

func columnsAllowed(cols []*column) *Error {
	for _, col := range cols {
		switch {
		case col.child != nil:
			return errBulkQuery("Aggregate Relationship is not supported in Bulk Query")
		case col.field != nil && (col.field.Type == TypeAddress || col.field.Type == TypeLocation):
			return errBulkQuery("Selecting compound data not supported in Bulk Query")
		case col.rel != nil:
			for _, sub := range col.relCols {
				if err := columnsAllowed(sub); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// flattenColumns turns a projection into CSV columns, parent fields as
// dotted names. A polymorphic relationship takes the columns of its
// first target the query named.
func flattenColumns(o *org, cols []*column, prefix string, rels []string) []flatColumn {
	var out []flatColumn
	for _, col := range cols {
		switch {
		case col.field != nil:
			out = append(out, flatColumn{header: prefix + col.name, rels: rels, field: col.field.Name})
		case col.rel != nil:
			var sub []*column
			for _, t := range col.rel.ReferenceTo {
				if obj := o.object(t); obj != nil && col.relCols[obj] != nil {
					sub = col.relCols[obj]
					break
				}
			}
			next := append(append([]string(nil), rels...), col.name)
			out = append(out, flattenColumns(o, sub, prefix+col.name+".", next)...)
		}
	}
	return out
}

// value reads the column from a record; ok is false for null.
func (fc *flatColumn) value(o *org, r *record) (string, bool) {
	cur := r
	for _, rel := range fc.rels {
		ref := relationshipField(cur.obj, rel)
		if ref == nil {
			return "", false
		}
		id, _ := cur.get(ref).(string)
		if cur = o.byID[id]; cur == nil {
			return "", false
		}
	}
	f := cur.obj.Field(fc.field)
	if f == nil {
		return "", false
	}
	return csvValue(f, cur.get(f))
}

// abortQueryJob answers PATCH /jobs/query/{id} {"state":"Aborted"}.
func (s *Server) abortQueryJob(c *call, j *bulkJob) {
	var req struct {
		State string `json:"state"`
	}
	if err := c.decode(&req); err != nil {
		c.fail(err)
		return
	}
	if req.State != jobAborted {
		c.fail(errorf(http.StatusBadRequest, "INVALIDJOBSTATE", "Invalid state: %s. A query job may only be Aborted", req.State))
		return
	}
	j.mu.Lock()
	cur := j.state
	if cur != jobUploadComplete && cur != jobInProgress {
		j.mu.Unlock()
		c.fail(errJobState("Invalid state transition from %s to %s", cur, req.State))
		return
	}
	j.state, j.modstamp = jobAborted, s.org.now().UTC()
	j.mu.Unlock()
	c.sendJob(http.StatusOK, j, false)
}

// encodeLocator and decodeLocator turn a record offset into the opaque
// Sforce-Locator string and back (base64 of the decimal offset, as
// Salesforce's look).
func encodeLocator(n int) string {
	return base64.RawStdEncoding.EncodeToString([]byte(strconv.Itoa(n)))
}

func decodeLocator(s string) (int, bool) {
	b, err := base64.RawStdEncoding.DecodeString(strings.TrimRight(s, "="))
	if err != nil {
		return 0, false
	}
	n, err := strconv.Atoi(string(b))
	return n, err == nil && n >= 0
}

// queryResults answers GET /jobs/query/{id}/results?locator=&maxRecords=
// with one CSV page and the Sforce-NumberOfRecords and Sforce-Locator
// headers ("null" after the last page), gzipped when the client accepts it.
func (s *Server) queryResults(c *call, j *bulkJob) {
	if st := j.currentState(); st != jobComplete {
		c.fail(errJobState("Unable to get results of job %s in state %s", j.id, st))
		return
	}
	q := c.r.URL.Query()
	res := j.q.res
	offset := 0
	if loc := q.Get("locator"); loc != "" && loc != "null" {
		n, ok := decodeLocator(loc)
		if !ok || n > len(res.records) {
			c.fail(errorf(http.StatusBadRequest, "INVALID_LOCATOR", "Invalid locator: %s", loc))
			return
		}
		offset = n
	}
	size := bulkQueryPageSize
	if m := q.Get("maxRecords"); m != "" {
		n, err := strconv.Atoi(m)
		if err != nil || n <= 0 {
			c.fail(errorf(http.StatusBadRequest, "INVALIDMAXRECORDS", "maxRecords must be a positive integer: %s", m))
			return
		}
		size = n
	}
	end := min(offset+size, len(res.records))
	next := "null"
	if end < len(res.records) {
		next = encodeLocator(end)
	}
	h := c.w.Header()
	h.Set("Sforce-NumberOfRecords", strconv.Itoa(end-offset))
	h.Set("Sforce-Locator", next)
	var out io.Writer = c.w
	if acceptsGzip(c.r) {
		h.Set("Content-Encoding", "gzip")
		h.Add("Vary", "Accept-Encoding")
		// The fastest level: a results page is hundreds of thousands
		// of rows, and at the default level compressing them cost the
		// emulator more processor time than rendering them, time a
		// client on the same machine (tests, the bench) goes without.
		gz, _ := gzip.NewWriterLevel(c.w, gzip.BestSpeed) // a valid level never fails
		defer func() { _ = gz.Close() }()
		out = gz
	}
	c.startCSV(http.StatusOK)
	if c.r.Method == http.MethodHead {
		return
	}
	w := newCSVWriter(out, j.format)
	defer func() { _ = w.flush() }()
	headers := make([]string, len(j.q.cols))
	for i, col := range j.q.cols {
		headers[i] = col.header
	}
	if w.row(headers...) != nil {
		return
	}
	o := res.org
	for lo := offset; lo < end; lo += bulkRenderChunk {
		hi := min(lo+bulkRenderChunk, end)
		// Render a chunk under the read lock into memory; the client
		// gets it after the lock is released.
		c.rlock(s.org)
		for _, r := range res.records[lo:hi] {
			for i := range j.q.cols {
				v, ok := j.q.cols[i].value(o, r)
				w.cell(i, v, ok)
			}
			w.buf = append(w.buf, w.f.newline()...)
		}
		c.runlock(s.org)
		if _, err := w.w.Write(w.buf); err != nil {
			return
		}
		w.buf = w.buf[:0]
	}
}

// acceptsGzip reports whether the request's Accept-Encoding allows gzip.
func acceptsGzip(r *http.Request) bool {
	for _, part := range strings.Split(r.Header.Get("Accept-Encoding"), ",") {
		name, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		if strings.EqualFold(strings.TrimSpace(name), "gzip") && strings.ReplaceAll(params, " ", "") != "q=0" {
			return true
		}
	}
	return false
}
