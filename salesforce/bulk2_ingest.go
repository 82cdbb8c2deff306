package salesforce

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"iter"
	"net/http"
	"net/url"
	"strconv"
	"time"
)

// BulkIngestSpec says what a Bulk API 2.0 ingest writes.
type BulkIngestSpec struct {
	Object string
	// Operation is insert, update, upsert, delete or hardDelete.
	Operation string
	// ExternalIDField is the upsert key.
	ExternalIDField string
	// Columns are the fields every record is written with, in order (Id
	// for update and delete). A record without a column's key leaves that
	// field alone; a nil value sets it to null.
	Columns []string
}

// BulkIngestOptions tune an ingest.
type BulkIngestOptions struct {
	// MaxUploadBytes is the most CSV one job takes before the ingest goes
	// on in the next job; 0 means 100 MB, Salesforce's advice for its
	// 150 MB limit after base64. It is also the memory the ingest holds.
	MaxUploadBytes int
	// Poll is the first wait between checks of a job's state, doubling up
	// to 10 seconds; 0 means half a second.
	Poll time.Duration
}

// BulkIngestResult is what an ingest did: its jobs (one per upload), the
// records processed and failed over all of them.
type BulkIngestResult struct {
	Jobs      []BulkJob
	Processed int
	Failed    int
}

// BulkIngest writes records with Bulk API 2.0 as they come: each is
// written as a CSV row into the current upload, and when the upload
// reaches MaxUploadBytes its job is closed and the next begins, so no
// more than one upload is held in memory. Each job is waited for; a job
// that fails as a whole ends the ingest with a *BulkJobError (the jobs
// before it stand). Records Salesforce refused are read with
// BulkFailedResults.
func (c *Client) BulkIngest(ctx context.Context, spec BulkIngestSpec, records iter.Seq[map[string]any], o BulkIngestOptions) (*BulkIngestResult, error) {
	if len(spec.Columns) == 0 {
		return nil, fmt.Errorf("salesforce: bulk ingest of %s: no columns", spec.Object)
	}
	limit := o.MaxUploadBytes
	if limit <= 0 {
		limit = 100 << 20
	}
	res := &BulkIngestResult{}
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	header := func() error {
		buf.Reset()
		return w.Write(spec.Columns)
	}
	if err := header(); err != nil {
		return res, err
	}
	rows := 0
	flush := func() error {
		w.Flush()
		if err := w.Error(); err != nil {
			return err
		}
		if rows == 0 {
			return nil
		}
		job, err := c.bulkIngestJob(ctx, spec, buf.Bytes(), o.Poll)
		res.Jobs = append(res.Jobs, job)
		res.Processed += job.NumberRecordsProcessed
		res.Failed += job.NumberRecordsFailed
		rows = 0
		if err != nil {
			return err
		}
		return header()
	}
	row := make([]string, len(spec.Columns))
	for rec := range records {
		for i, col := range spec.Columns {
			v, ok := rec[col]
			switch {
			case !ok:
				row[i] = ""
			case v == nil:
				row[i] = "#N/A"
			default:
				row[i] = csvValue(v)
			}
		}
		if err := w.Write(row); err != nil {
			return res, err
		}
		rows++
		if buf.Len() >= limit {
			if err := flush(); err != nil {
				return res, err
			}
		}
		if err := ctx.Err(); err != nil {
			return res, err
		}
	}
	if err := flush(); err != nil {
		return res, err
	}
	return res, nil
}

// csvValue writes a value as Bulk API 2.0 reads it.
func csvValue(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case bool:
		return strconv.FormatBool(x)
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64)
	case int:
		return strconv.Itoa(x)
	case int64:
		return strconv.FormatInt(x, 10)
	case time.Time:
		return x.UTC().Format("2006-01-02T15:04:05.000Z")
	}
	return fmt.Sprint(v)
}

// bulkIngestJob runs one job over one upload: create, upload, close,
// wait.
func (c *Client) bulkIngestJob(ctx context.Context, spec BulkIngestSpec, data []byte, poll time.Duration) (BulkJob, error) {
	body := map[string]any{"object": spec.Object, "operation": spec.Operation, "contentType": "CSV", "lineEnding": "LF", "columnDelimiter": "COMMA"}
	if spec.ExternalIDField != "" {
		body["externalIdFieldName"] = spec.ExternalIDField
	}
	var job BulkJob
	if err := c.do(ctx, &request{method: http.MethodPost, path: "jobs/ingest", body: body, opts: applyOptions(nil), decode: decodeJSON(&job)}); err != nil {
		return job, fmt.Errorf("creating a bulk %s job of %s: %w", spec.Operation, spec.Object, err)
	}
	path := "jobs/ingest/" + url.PathEscape(job.ID)
	// The upload replaces nothing and the job is not processed until it
	// is closed, so repeating it after an uncertain outcome is safe only
	// if the first did not land: it is not retried.
	if err := c.do(ctx, &request{method: http.MethodPut, path: path + "/batches", raw: data, contentType: "text/csv", opts: applyOptions(nil)}); err != nil {
		c.abortBulkJob(ctx, path)
		return job, fmt.Errorf("uploading to bulk job %s: %w", job.ID, err)
	}
	if err := c.do(ctx, &request{method: http.MethodPatch, path: path, body: map[string]string{"state": "UploadComplete"}, idempotent: true, opts: applyOptions(nil)}); err != nil {
		return job, fmt.Errorf("closing bulk job %s: %w", job.ID, err)
	}
	return c.waitBulkJob(ctx, path, poll)
}

// abortBulkJob abandons a job whose upload failed, best effort.
func (c *Client) abortBulkJob(ctx context.Context, path string) {
	_ = c.do(context.WithoutCancel(ctx), &request{method: http.MethodPatch, path: path, body: map[string]string{"state": "Aborted"}, opts: applyOptions(nil)})
}

// BulkFailedResults streams an ingest job's refused records: sf__Id,
// sf__Error ("CODE:message:fields --") and the columns uploaded.
func (c *Client) BulkFailedResults(ctx context.Context, jobID string) iter.Seq2[BulkRow, error] {
	return c.bulkResults(ctx, jobID, "failedResults")
}

// BulkSuccessfulResults streams an ingest job's written records: sf__Id,
// sf__Created and the columns uploaded.
func (c *Client) BulkSuccessfulResults(ctx context.Context, jobID string) iter.Seq2[BulkRow, error] {
	return c.bulkResults(ctx, jobID, "successfulResults")
}

func (c *Client) bulkResults(ctx context.Context, jobID, kind string) iter.Seq2[BulkRow, error] {
	return func(yield func(BulkRow, error) bool) {
		opts := applyOptions(nil)
		opts.header.Set("Accept", "text/csv")
		stopped, yielded := false, 0
		err := c.do(ctx, &request{method: http.MethodGet, path: "jobs/ingest/" + url.PathEscape(jobID) + "/" + kind, idempotent: true, opts: opts,
			decode: func(_ int, _ http.Header, body io.Reader) error {
				r := csv.NewReader(body)
				header, err := r.Read()
				if err == io.EOF {
					return nil
				}
				if err != nil {
					return err
				}
				for n := 0; ; n++ {
					rec, err := r.Read()
					if err == io.EOF {
						return nil
					}
					if err != nil {
						return err
					}
					if n < yielded {
						continue // read again after a cut: given already
					}
					yielded++
					row := make(BulkRow, len(header))
					for i, col := range header {
						if i < len(rec) {
							row[col] = rec[i]
						}
					}
					if !yield(row, nil) {
						stopped = true
						return errStopped
					}
				}
			}})
		if err != nil && !stopped {
			yield(nil, fmt.Errorf("reading the %s of bulk job %s: %w", kind, jobID, err))
		}
	}
}
