package salesforce

import (
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"iter"
	"net/http"
	"net/url"
	"strconv"
	"time"
)

// BulkQueryOptions tune a Bulk API 2.0 query.
type BulkQueryOptions struct {
	// All includes deleted and archived records (queryAll).
	All bool
	// MaxRecords caps the rows of one results page; 0 leaves the page
	// size to Salesforce.
	MaxRecords int
	// Poll is the first wait between checks of the job's state, doubling
	// up to 10 seconds; 0 means half a second.
	Poll time.Duration
}

// BulkRow is one row of a Bulk API 2.0 result: column name to value, as
// Salesforce writes them in CSV (parent fields as "Account.Name"). An
// empty string is a null; numbers, booleans and dates are their text.
type BulkRow map[string]string

// BulkValues is one row of a Bulk API 2.0 result as the CSV holds it:
// the column names and the row's values in the same order, text as in
// [BulkRow].
type BulkValues struct {
	Columns []string
	Values  []string
}

// BulkJob is a Bulk API 2.0 job's information.
type BulkJob struct {
	ID                     string `json:"id"`
	Operation              string `json:"operation"`
	Object                 string `json:"object"`
	State                  string `json:"state"`
	ErrorMessage           string `json:"errorMessage"`
	NumberRecordsProcessed int    `json:"numberRecordsProcessed"`
	NumberRecordsFailed    int    `json:"numberRecordsFailed"`
}

// The states a Bulk API 2.0 job ends in.
const (
	BulkJobComplete = "JobComplete"
	BulkJobFailed   = "Failed"
	BulkJobAborted  = "Aborted"
)

// BulkJobError says a job ended without completing.
type BulkJobError struct {
	Job BulkJob
}

func (e *BulkJobError) Error() string {
	msg := e.Job.ErrorMessage
	if msg == "" {
		msg = "no reason given"
	}
	return fmt.Sprintf("salesforce: bulk job %s ended %s: %s", e.Job.ID, e.Job.State, msg)
}

// errStopped ends reading a results page when the consumer stops.
var errStopped = errors.New("salesforce: the consumer stopped reading")

// BulkQuery runs soql as a Bulk API 2.0 query job and streams its rows
// across every results page (Sforce-Locator), holding one row at a time:
// a million records cost a handful of API calls (create, a few state
// checks, one call per results page) and no more memory than a page's
// read buffer. A page cut short is read again, skipping the rows already
// yielded, so no row is yielded twice. Breaking out of the loop stops
// reading; the job itself is left to expire in Salesforce.
func (c *Client) BulkQuery(ctx context.Context, soql string, o BulkQueryOptions) iter.Seq2[BulkRow, error] {
	return func(yield func(BulkRow, error) bool) {
		for r, err := range c.BulkQueryValues(ctx, soql, o) {
			if err != nil {
				yield(nil, err)
				return
			}
			row := make(BulkRow, len(r.Columns))
			for i, col := range r.Columns {
				row[col] = r.Values[i]
			}
			if !yield(row, nil) {
				return
			}
		}
	}
}

// BulkQueryValues is [Client.BulkQuery] without a map per row, for
// callers that read millions: each row comes as its values in column
// order. Values is only valid until the next row (its strings stay
// valid); Columns is the same for every row of a page.
func (c *Client) BulkQueryValues(ctx context.Context, soql string, o BulkQueryOptions) iter.Seq2[BulkValues, error] {
	return func(yield func(BulkValues, error) bool) {
		op := "query"
		if o.All {
			op = "queryAll"
		}
		var job BulkJob
		err := c.do(ctx, &request{method: http.MethodPost, path: "jobs/query", opts: applyOptions(nil),
			body:   map[string]any{"operation": op, "query": soql, "contentType": "CSV", "columnDelimiter": "COMMA", "lineEnding": "LF"},
			decode: decodeJSON(&job)})
		if err != nil {
			yield(BulkValues{}, fmt.Errorf("creating a bulk query job: %w", err))
			return
		}
		if job, err = c.waitBulkJob(ctx, "jobs/query/"+url.PathEscape(job.ID), o.Poll); err != nil {
			yield(BulkValues{}, err)
			return
		}
		locator := ""
		for {
			next, err := c.bulkResultsPage(ctx, job.ID, locator, o.MaxRecords, yield)
			if errors.Is(err, errStopped) {
				return
			}
			if err != nil {
				yield(BulkValues{}, fmt.Errorf("reading bulk query results of job %s: %w", job.ID, err))
				return
			}
			if next == "" || next == "null" {
				return
			}
			locator = next
		}
	}
}

// waitBulkJob polls a job until it ends; an end other than JobComplete
// is a *BulkJobError.
func (c *Client) waitBulkJob(ctx context.Context, path string, poll time.Duration) (BulkJob, error) {
	if poll <= 0 {
		poll = 500 * time.Millisecond
	}
	for {
		var job BulkJob
		if err := c.do(ctx, &request{method: http.MethodGet, path: path, idempotent: true, opts: applyOptions(nil), decode: decodeJSON(&job)}); err != nil {
			return job, fmt.Errorf("checking bulk job: %w", err)
		}
		switch job.State {
		case BulkJobComplete:
			return job, nil
		case BulkJobFailed, BulkJobAborted:
			return job, &BulkJobError{Job: job}
		}
		if err := c.cfg.Sleep(ctx, poll); err != nil {
			return job, fmt.Errorf("waiting for bulk job %s: %w", job.ID, err)
		}
		poll = min(2*poll, 10*time.Second)
	}
}

// bulkResultsPage yields one results page's rows and returns the next
// locator. A retried attempt skips the rows an earlier attempt yielded.
func (c *Client) bulkResultsPage(ctx context.Context, jobID, locator string, maxRecords int, yield func(BulkValues, error) bool) (string, error) {
	q := url.Values{}
	if locator != "" {
		q.Set("locator", locator)
	}
	if maxRecords > 0 {
		q.Set("maxRecords", strconv.Itoa(maxRecords))
	}
	opts := applyOptions(nil)
	opts.header.Set("Accept", "text/csv")
	var next string
	yielded := 0
	err := c.do(ctx, &request{method: http.MethodGet, path: "jobs/query/" + url.PathEscape(jobID) + "/results", query: q,
		idempotent: true, opts: opts,
		decode: func(_ int, h http.Header, body io.Reader) error {
			next = h.Get("Sforce-Locator")
			r := csv.NewReader(body)
			r.ReuseRecord = true
			header, err := r.Read()
			if err == io.EOF {
				return nil // an empty result has no header row
			}
			if err != nil {
				return err
			}
			columns := append([]string(nil), header...)
			for n := 0; ; n++ {
				rec, err := r.Read()
				if err == io.EOF {
					return nil
				}
				if err != nil {
					return err
				}
				if n < yielded {
					continue
				}
				yielded++
				// The reader makes every row as long as the header.
				if !yield(BulkValues{Columns: columns, Values: rec}, nil) {
					return errStopped
				}
			}
		}})
	return next, err
}
