package salesforce

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
)

// saveAnswer is the body of a create.
type saveAnswer struct {
	ID      string      `json:"id"`
	Success bool        `json:"success"`
	Errors  []errorItem `json:"errors"`
	Created *bool       `json:"created"`
}

// Create inserts a record and returns its id. A create is not
// idempotent: if the connection fails after the request was sent, the
// error is an [*OutcomeUnknownError] and the create is not retried.
func (c *Client) Create(ctx context.Context, object string, fields map[string]any, opts ...Option) (string, error) {
	var out saveAnswer
	err := c.do(ctx, &request{method: http.MethodPost, path: "sobjects/" + url.PathEscape(object),
		body: fields, opts: applyOptions(opts), decode: decodeJSON(&out)})
	if err != nil {
		return "", fmt.Errorf("creating %s: %w", object, err)
	}
	if !out.Success && len(out.Errors) > 0 {
		return "", fmt.Errorf("creating %s: %w", object, out.Errors[0].apiError(http.StatusCreated))
	}
	return out.ID, nil
}

// Get reads a record by id; with no fields, every field the user can see.
func (c *Client) Get(ctx context.Context, object, id string, fields []string, opts ...Option) (Record, error) {
	var q url.Values
	if len(fields) > 0 {
		q = url.Values{"fields": {strings.Join(fields, ",")}}
	}
	var rec Record
	err := c.do(ctx, &request{method: http.MethodGet, path: "sobjects/" + url.PathEscape(object) + "/" + url.PathEscape(id),
		query: q, idempotent: true, opts: applyOptions(opts),
		decode: func(_ int, _ http.Header, body io.Reader) error {
			b, err := io.ReadAll(body)
			if err != nil {
				return err
			}
			rec, err = decodeRecord(b)
			return err
		}})
	if err != nil {
		return nil, fmt.Errorf("reading %s %s: %w", object, id, err)
	}
	return rec, nil
}

// Update sets fields of a record by id. Repeating it is harmless, so it
// is retried after an uncertain outcome.
func (c *Client) Update(ctx context.Context, object, id string, fields map[string]any, opts ...Option) error {
	err := c.do(ctx, &request{method: http.MethodPatch, path: "sobjects/" + url.PathEscape(object) + "/" + url.PathEscape(id),
		body: fields, idempotent: true, opts: applyOptions(opts)})
	if err != nil {
		return fmt.Errorf("updating %s %s: %w", object, id, err)
	}
	return nil
}

// Delete moves a record to the recycle bin. Deleting a deleted record
// fails with [ErrEntityDeleted], which a retry after a lost answer can
// meet: callers that only want the record gone may treat it as success.
func (c *Client) Delete(ctx context.Context, object, id string, opts ...Option) error {
	err := c.do(ctx, &request{method: http.MethodDelete, path: "sobjects/" + url.PathEscape(object) + "/" + url.PathEscape(id),
		idempotent: true, opts: applyOptions(opts)})
	if err != nil {
		return fmt.Errorf("deleting %s %s: %w", object, id, err)
	}
	return nil
}
