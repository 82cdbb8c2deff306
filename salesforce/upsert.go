package salesforce

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
)

// UpsertResult says what an upsert did.
type UpsertResult struct {
	ID string
	// Created is true when the upsert inserted a record.
	Created bool
}

// Upsert inserts or updates the record whose external id field extField
// equals value. Several matches fail with [*MultipleMatchesError];
// with [WithUpdateOnly], no match fails with [ErrNotFound]. Upserts by
// external id are idempotent and retried after an uncertain outcome.
func (c *Client) Upsert(ctx context.Context, object, extField, value string, fields map[string]any, opts ...Option) (UpsertResult, error) {
	o := applyOptions(opts)
	var q url.Values
	if o.updateOnly {
		q = url.Values{"updateOnly": {"true"}}
	}
	var res UpsertResult
	err := c.do(ctx, &request{method: http.MethodPatch,
		path:  "sobjects/" + url.PathEscape(object) + "/" + url.PathEscape(extField) + "/" + url.PathEscape(value),
		query: q, body: fields, idempotent: true, opts: o,
		decode: func(status int, _ http.Header, body io.Reader) error {
			switch status {
			case http.StatusMultipleChoices:
				var urls []string
				if err := json.NewDecoder(body).Decode(&urls); err != nil {
					return err
				}
				return answerError{&MultipleMatchesError{URLs: urls}}
			case http.StatusNoContent:
				// Before v46.0 an update answers 204 with no body.
				return nil
			}
			var a saveAnswer
			if err := json.NewDecoder(body).Decode(&a); err != nil {
				return err
			}
			res.ID = a.ID
			res.Created = status == http.StatusCreated || (a.Created != nil && *a.Created)
			return nil
		}})
	if err != nil {
		return UpsertResult{}, fmt.Errorf("upserting %s %s=%s: %w", object, extField, value, err)
	}
	return res, nil
}
