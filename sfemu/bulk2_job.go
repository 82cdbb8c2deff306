package sfemu

import (
	"encoding/json"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Bulk API 2.0 job states.
const (
	jobOpen           = "Open"
	jobUploadComplete = "UploadComplete"
	jobInProgress     = "InProgress"
	jobComplete       = "JobComplete"
	jobFailed         = "Failed"
	jobAborted        = "Aborted"
)

// bulkJobsPageSize is how many jobs one page of GET /jobs/ingest lists.
const bulkJobsPageSize = 1000

// bulkStore holds the org's Bulk API 2.0 jobs, ingest and query. It has
// its own lock, taken before the org's when both are needed, never after.
type bulkStore struct {
	mu   sync.Mutex
	now  func() time.Time
	ids  idGenerator
	jobs map[string]*bulkJob // 18-character id -> job
}

func newBulkStore(now func() time.Time) *bulkStore {
	return &bulkStore{now: now, ids: idGenerator{pod: "8d"}, jobs: map[string]*bulkJob{}}
}

// bulkJob is one ingest or query job. Fields below mu change as the job
// runs; the rest are fixed at creation.
type bulkJob struct {
	id        string // 18 characters
	query     bool   // a query job, else ingest
	operation string
	object    string
	extID     string // externalIdFieldName
	createdBy string // 15-char user id
	created   time.Time
	version   string
	format    csvFormat
	delimName string
	lineName  string

	mu        sync.Mutex
	state     string
	modstamp  time.Time
	processed int
	failed    int
	errMsg    string
	procTime  time.Duration
	// done is closed when processing ends, whatever the outcome.
	done chan struct{}

	ingest *ingestData
	q      *queryData
}

// info renders the job as Salesforce's JobInfo, keys in Salesforce's
// order. full adds the counters GET answers carry and creation answers
// do not.
func (j *bulkJob) info(full bool) json.RawMessage {
	j.mu.Lock()
	defer j.mu.Unlock()
	var m jobInfo
	m.add("id", j.id)
	m.add("operation", j.operation)
	m.add("object", j.object)
	m.add("createdById", id18(j.createdBy))
	// Job dates are kept to the second: 2024-03-15T12:00:05.000+0000.
	m.add("createdDate", toDateTime(j.created).String())
	m.add("systemModstamp", toDateTime(j.modstamp.Truncate(time.Second)).String())
	m.add("state", j.state)
	if j.extID != "" {
		m.add("externalIdFieldName", j.extID)
	}
	m.add("concurrencyMode", "Parallel")
	m.add("contentType", "CSV")
	m.add("apiVersion", json.RawMessage(j.version))
	if !j.query {
		m.add("contentUrl", "services/data/v"+j.version+"/jobs/ingest/"+j.id+"/batches")
	}
	if j.query {
		m.add("jobType", "V2Query")
	} else {
		m.add("jobType", "V2Ingest")
	}
	m.add("lineEnding", j.lineName)
	m.add("columnDelimiter", j.delimName)
	if full {
		m.add("numberRecordsProcessed", j.processed)
		if !j.query {
			m.add("numberRecordsFailed", j.failed)
		}
		m.add("retries", 0)
		ms := j.procTime.Milliseconds()
		m.add("totalProcessingTime", ms)
		if j.query {
			m.add("isPkChunkingSupported", true)
		} else {
			m.add("apiActiveProcessingTime", ms)
			m.add("apexProcessingTime", 0)
		}
		if j.errMsg != "" {
			m.add("errorMessage", j.errMsg)
		}
	}
	return m.done()
}

// jobInfo builds a JSON object with keys in the order they are added.
type jobInfo struct{ buf []byte }

func (m *jobInfo) add(k string, v any) {
	if len(m.buf) == 0 {
		m.buf = append(m.buf, '{')
	} else {
		m.buf = append(m.buf, ',')
	}
	m.buf = appendJSONString(m.buf, k)
	m.buf = append(m.buf, ':')
	enc, _ := jsonMarshal(v)
	m.buf = append(m.buf, enc...)
}

func (m *jobInfo) done() json.RawMessage { return append(m.buf, '}') }

func (j *bulkJob) currentState() string {
	j.mu.Lock()
	defer j.mu.Unlock()
	return j.state
}

// add registers a new job with a fresh 750 id.
func (b *bulkStore) add(j *bulkJob) {
	b.mu.Lock()
	defer b.mu.Unlock()
	j.id = id18(b.ids.next("750"))
	j.created = b.now().UTC().Truncate(time.Second)
	j.modstamp = j.created
	j.done = make(chan struct{})
	b.jobs[j.id] = j
}

// get finds a job of the given kind by its 15- or 18-character id.
func (b *bulkStore) get(id string, query bool) *bulkJob {
	id15, ok := parseID(id)
	if !ok {
		return nil
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	j := b.jobs[id18(id15)]
	if j == nil || j.query != query {
		return nil
	}
	return j
}

func (b *bulkStore) remove(id string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	delete(b.jobs, id)
}

// list returns the jobs of a kind in creation order.
func (b *bulkStore) list(query bool) []*bulkJob {
	b.mu.Lock()
	defer b.mu.Unlock()
	var out []*bulkJob
	for _, j := range b.jobs {
		if j.query == query {
			out = append(out, j)
		}
	}
	sort.Slice(out, func(i, k int) bool { return out[i].id < out[k].id })
	return out
}

// jobs dispatches /services/data/vXX.X/jobs/...
func (s *Server) jobs(c *call, p []string) {
	if len(p) == 0 {
		c.fail(errNotFound())
		return
	}
	switch p[0] {
	case "ingest":
		s.ingestRoute(c, p[1:])
	case "query":
		s.queryJobRoute(c, p[1:])
	default:
		c.fail(errNotFound())
	}
}

// listJobs answers GET /jobs/ingest and /jobs/query: {done, records,
// nextRecordsUrl}, filtered by isPkChunkingEnabled, jobType and
// concurrencyMode and paged by queryLocator.
func (s *Server) listJobs(c *call, query bool) {
	q := c.r.URL.Query()
	all := s.bulk.list(query)
	var keep []*bulkJob
	for _, j := range all {
		if q.Get("isPkChunkingEnabled") == "true" {
			continue // the emulator never PK-chunks
		}
		if jt := q.Get("jobType"); jt != "" && !(query && jt == "V2Query" || !query && jt == "V2Ingest") {
			continue
		}
		if cm := q.Get("concurrencyMode"); cm != "" && !strings.EqualFold(cm, "Parallel") {
			continue
		}
		keep = append(keep, j)
	}
	start := 0
	if loc := q.Get("queryLocator"); loc != "" {
		n, err := strconv.Atoi(loc)
		if err != nil || n < 0 || n > len(keep) {
			c.fail(errorf(http.StatusBadRequest, "INVALID_QUERY_LOCATOR", "invalid query locator"))
			return
		}
		start = n
	}
	end := min(start+bulkJobsPageSize, len(keep))
	records := make([]json.RawMessage, 0, end-start)
	for _, j := range keep[start:end] {
		records = append(records, j.info(false))
	}
	var next *string
	if end < len(keep) {
		kind := "ingest"
		if query {
			kind = "query"
		}
		u := "/services/data/v" + c.version + "/jobs/" + kind + "?queryLocator=" + strconv.Itoa(end)
		next = &u
	}
	c.send(http.StatusOK, struct {
		Done           bool              `json:"done"`
		Records        []json.RawMessage `json:"records"`
		NextRecordsURL *string           `json:"nextRecordsUrl"`
	}{next == nil, records, next})
}

// sendJob answers a job's JobInfo.
func (c *call) sendJob(status int, j *bulkJob, full bool) {
	c.sendRaw(status, j.info(full))
}

// errJobNotFound is Salesforce's answer for an unknown job id.
func errJobNotFound() *Error {
	return errorf(http.StatusNotFound, "NOT_FOUND", "The requested resource does not exist")
}

// errJobState refuses an action the job's state does not allow. (?)
// Salesforce's code is INVALIDJOBSTATE; the wording is ours.
func errJobState(format string, args ...any) *Error {
	return errorf(http.StatusConflict, "INVALIDJOBSTATE", format, args...)
}

// jobFormat reads columnDelimiter and lineEnding, with their defaults.
func jobFormat(delim, line string) (csvFormat, string, string, *Error) {
	if delim == "" {
		delim = "COMMA"
	}
	if line == "" {
		line = "LF"
	}
	d, ok := bulkDelimiters[delim]
	if !ok {
		return csvFormat{}, "", "", errJSONParser("Cannot deserialize value of type `ColumnDelimiterEnum` from String \"%s\": not one of the values accepted for Enum class: [BACKQUOTE, CARET, COMMA, PIPE, SEMICOLON, TAB]", delim)
	}
	if line != "LF" && line != "CRLF" {
		return csvFormat{}, "", "", errJSONParser("Cannot deserialize value of type `LineEndingEnum` from String \"%s\": not one of the values accepted for Enum class: [CRLF, LF]", line)
	}
	return csvFormat{delim: d, crlf: line == "CRLF"}, delim, line, nil
}

// sendCSV starts a text/csv answer.
func (c *call) startCSV(status int) {
	c.w.Header().Set("Content-Type", "text/csv")
	c.w.WriteHeader(status)
}
