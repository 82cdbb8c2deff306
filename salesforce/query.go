package salesforce

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"iter"
	"net/http"
	"net/url"
)

// queryPage is one page of a query answer. Records stay raw so that a
// page is decoded one record at a time into whatever the caller wants.
type queryPage struct {
	TotalSize      int               `json:"totalSize"`
	Done           bool              `json:"done"`
	NextRecordsURL string            `json:"nextRecordsUrl"`
	Records        []json.RawMessage `json:"records"`
}

// Query runs a SOQL query and yields its records one by one, fetching the
// next page (nextRecordsUrl) only when the previous one is used up, so at
// most one page (up to 2000 records; see [WithBatchSize]) is held in
// memory however large the result. Each page fetch is retried like any
// idempotent call. An error is yielded once, as the last pair, with a nil
// Record. Stopping the loop early abandons the remaining pages.
//
// Build the SOQL with internal/soql's quoting or builder, never by pasting
// user values into it.
func (c *Client) Query(ctx context.Context, soql string, opts ...Option) iter.Seq2[Record, error] {
	return queryRecords(ctx, c, "query", soql, opts, decodeRecord)
}

// QueryAll is [Client.Query] over deleted and archived records too
// (the queryAll resource): deleted ones have IsDeleted true.
func (c *Client) QueryAll(ctx context.Context, soql string, opts ...Option) iter.Seq2[Record, error] {
	return queryRecords(ctx, c, "queryAll", soql, opts, decodeRecord)
}

// QueryAs is [Client.Query] decoding each record into a T with
// encoding/json, such as a struct with `json:"Name"` tags. Use [DateTime]
// for datetime fields.
func QueryAs[T any](ctx context.Context, c *Client, soql string, opts ...Option) iter.Seq2[T, error] {
	return queryRecords(ctx, c, "query", soql, opts, func(b []byte) (T, error) {
		var v T
		err := json.Unmarshal(b, &v)
		return v, err
	})
}

func queryRecords[T any](ctx context.Context, c *Client, resource, soql string, opts []Option, decode func([]byte) (T, error)) iter.Seq2[T, error] {
	return func(yield func(T, error) bool) {
		var zero T
		o := applyOptions(opts)
		page := &queryPage{}
		path, q := resource, url.Values{"q": {soql}}
		for {
			if err := c.fetchPage(ctx, path, q, o, page); err != nil {
				yield(zero, fmt.Errorf("querying %q: %w", soql, err))
				return
			}
			for _, raw := range page.Records {
				v, err := decode(raw)
				if err != nil {
					yield(zero, fmt.Errorf("querying %q: decoding a record: %w", soql, err))
					return
				}
				if !yield(v, nil) {
					return
				}
			}
			if page.Done || page.NextRecordsURL == "" {
				return
			}
			path, q = page.NextRecordsURL, nil
		}
	}
}

// fetchPage reads one page into page, reusing its record buffers.
func (c *Client) fetchPage(ctx context.Context, path string, q url.Values, o *callOptions, page *queryPage) error {
	return c.do(ctx, &request{method: http.MethodGet, path: path, query: q, idempotent: true, opts: o,
		decode: func(_ int, _ http.Header, body io.Reader) error {
			// Reset on every attempt: a cut answer may have half-filled it.
			*page = queryPage{Records: page.Records[:0]}
			return json.NewDecoder(body).Decode(page)
		}})
}

// Count runs a SELECT count() query and returns its totalSize.
func (c *Client) Count(ctx context.Context, soql string, opts ...Option) (int, error) {
	page := &queryPage{}
	if err := c.fetchPage(ctx, "query", url.Values{"q": {soql}}, applyOptions(opts), page); err != nil {
		return 0, fmt.Errorf("counting %q: %w", soql, err)
	}
	return page.TotalSize, nil
}
