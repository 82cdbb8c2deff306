package sfemu

import (
	"net/http"
	"strconv"
	"strings"
	"sync"
)

// Query page sizes: Salesforce's default, and the range of the
// Sforce-Query-Options batchSize hint.
const (
	defaultBatchSize = 2000
	minBatchSize     = 200
	maxBatchSize     = 2000
)

// query serves /query?q=, /queryAll?q= and the locator continuations
// /query/{locator}-{offset}.
func (s *Server) query(c *call, all bool, rest []string) {
	s.queryIn(c, s.org, "query", all, rest)
}

// queryIn serves a query against o (the org or its tooling catalogue);
// resource names the path continuation pages use (query, tooling/query).
func (s *Server) queryIn(c *call, o *org, resource string, all bool, rest []string) {
	if c.r.Method != http.MethodGet && c.r.Method != http.MethodHead {
		c.notAllowed("GET", "HEAD")
		return
	}
	if len(rest) == 1 {
		s.queryMore(c, o, resource, rest[0])
		return
	}
	if len(rest) > 1 {
		c.fail(errNotFound())
		return
	}
	text := c.r.URL.Query().Get("q")
	if strings.TrimSpace(text) == "" {
		c.fail(errorf(http.StatusBadRequest, "MALFORMED_QUERY", "A query string has to be specified"))
		return
	}
	c.rlock(s.org)
	var access fieldAccess
	if o == s.org {
		access = o.accessFor(c.userID)
	}
	plan, err := o.compileText(text, access)
	if err != nil {
		c.runlock(s.org)
		c.fail(err)
		return
	}
	if c.r.URL.Query().Get("columns") == "true" {
		c.runlock(s.org)
		c.send(http.StatusOK, plan.columnMeta)
		return
	}
	res := o.run(plan, all)
	c.runlock(s.org)
	s.sendPage(c, res, resource, all, batchSize(c.r), 0, "")
}

// batchSize reads the Sforce-Query-Options batchSize hint.
func batchSize(r *http.Request) int {
	h := r.Header.Get("Sforce-Query-Options")
	for _, part := range strings.Split(h, ",") {
		k, v, ok := strings.Cut(strings.TrimSpace(part), "=")
		if !ok || !strings.EqualFold(strings.TrimSpace(k), "batchSize") {
			continue
		}
		n, err := strconv.Atoi(strings.TrimSpace(v))
		if err != nil {
			continue
		}
		return min(max(n, minBatchSize), maxBatchSize)
	}
	return defaultBatchSize
}

// queryMore serves a continuation page.
func (s *Server) queryMore(c *call, o *org, resource, locator string) {
	id, offText, ok := strings.Cut(locator, "-")
	offset, err := strconv.Atoi(offText)
	if !ok || err != nil || offset < 0 {
		c.fail(errorf(http.StatusBadRequest, "INVALID_QUERY_LOCATOR", "invalid query locator"))
		return
	}
	cur, qerr := o.cursors.get(id)
	if qerr != nil {
		c.fail(qerr)
		return
	}
	if offset > cur.res.total {
		c.fail(errorf(http.StatusBadRequest, "INVALID_QUERY_LOCATOR", "invalid query locator"))
		return
	}
	s.sendPage(c, cur.res, resource, cur.all, cur.batch, offset, cur.id)
}

// sendPage writes one page of a result starting at offset, opening a
// cursor when more pages follow and closing it after the last.
func (s *Server) sendPage(c *call, res *queryResult, resource string, all bool, batch, offset int, cursorID string) {
	o := res.org
	n := len(res.records)
	if res.plan.agg != nil {
		n = len(res.aggRows)
	}
	end := min(offset+batch, n)
	// Aggregate results come in one page, as in Salesforce (up to 2000 groups).
	if res.plan.agg != nil {
		end = n
	}
	done := end >= n
	next := ""
	if !done {
		if cursorID == "" {
			cursorID = o.cursors.open(c.userID, res, all, batch).id
		}
		next = "/services/data/v" + c.version + "/" + resource + "/" + cursorID + "-" + strconv.Itoa(end)
	} else if cursorID != "" {
		o.cursors.close(cursorID)
	}

	w := renderer{o: o, version: c.version, buf: getPageBuffer()}
	defer func() { putPageBuffer(w.buf) }()
	w.buf = append(w.buf, `{"totalSize":`...)
	w.buf = strconv.AppendInt(w.buf, int64(res.total), 10)
	w.buf = append(w.buf, `,"done":`...)
	w.buf = strconv.AppendBool(w.buf, done)
	if next != "" {
		w.buf = append(w.buf, `,"nextRecordsUrl":`...)
		w.buf = appendJSONString(w.buf, next)
	}
	w.buf = append(w.buf, `,"records":[`...)
	// Relationship columns read parents' current versions.
	c.rlock(s.org)
	if res.plan.agg != nil {
		for i, row := range res.aggRows[offset:end] {
			if i > 0 {
				w.buf = append(w.buf, ',')
			}
			w.aggRow(res.plan, row)
		}
	} else {
		for i, r := range res.records[offset:end] {
			if i > 0 {
				w.buf = append(w.buf, ',')
			}
			w.record(r, res.plan.cols, res)
		}
	}
	c.runlock(s.org)
	w.buf = append(w.buf, "]}"...)
	c.sendRaw(http.StatusOK, w.buf)
}

// pageBuffers recycles query page buffers: a 2,000-record page is about a
// megabyte, and allocating one per page makes the collector rescan the
// whole record heap far more often.
var pageBuffers = sync.Pool{New: func() any { return new([]byte) }}

func getPageBuffer() []byte {
	return (*pageBuffers.Get().(*[]byte))[:0]
}

func putPageBuffer(b []byte) {
	if cap(b) > 16<<20 {
		return // do not pin unusually large buffers
	}
	pageBuffers.Put(&b)
}
