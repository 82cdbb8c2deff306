package salesforce

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
)

// CollectionSize is the most records one sObject Collections call takes;
// the *Records methods split larger inputs into calls of this size.
const CollectionSize = 200

// SaveResult is one record's outcome in an sObject Collections call.
type SaveResult struct {
	ID      string
	Success bool
	// Created is set by upserts that inserted.
	Created bool
	// Errors are the record's errors; their StatusCode is 0 because the
	// call itself succeeded. With [WithAllOrNone], the records that were
	// valid report ALL_OR_NONE_OPERATION_ROLLED_BACK.
	Errors []*APIError
}

// Err returns the record's first error, or nil when it was saved.
func (r SaveResult) Err() error {
	if r.Success || len(r.Errors) == 0 {
		return nil
	}
	return r.Errors[0]
}

// itemAnswer is one element of a collections answer.
type itemAnswer struct {
	ID      string      `json:"id"`
	Success bool        `json:"success"`
	Errors  []errorItem `json:"errors"`
	Created *bool       `json:"created"`
}

func (a itemAnswer) result() SaveResult {
	r := SaveResult{ID: a.ID, Success: a.Success, Created: a.Created != nil && *a.Created}
	for _, e := range a.Errors {
		r.Errors = append(r.Errors, e.apiError(0))
	}
	return r
}

// CreateRecords inserts records of one object, CollectionSize per call,
// and returns one result per record in input order. A record failing
// does not fail the call; read each SaveResult. With [WithAllOrNone],
// each call of 200 is all-or-none, not the whole input. If a call fails
// the results of the calls before it are returned with the error; a lost
// answer is an [*OutcomeUnknownError] and is not retried.
func (c *Client) CreateRecords(ctx context.Context, object string, records []map[string]any, opts ...Option) ([]SaveResult, error) {
	return c.collectionWrite(ctx, "creating", http.MethodPost, "composite/sobjects", object, records, false, opts)
}

// UpdateRecords updates records of one object by their Id field, like
// [Client.CreateRecords]; updates are retried after a lost answer.
func (c *Client) UpdateRecords(ctx context.Context, object string, records []map[string]any, opts ...Option) ([]SaveResult, error) {
	return c.collectionWrite(ctx, "updating", http.MethodPatch, "composite/sobjects", object, records, true, opts)
}

// UpsertRecords upserts records of one object by the external id field
// extField, which each record must carry; like [Client.UpdateRecords].
func (c *Client) UpsertRecords(ctx context.Context, object, extField string, records []map[string]any, opts ...Option) ([]SaveResult, error) {
	path := "composite/sobjects/" + url.PathEscape(object) + "/" + url.PathEscape(extField)
	return c.collectionWrite(ctx, "upserting", http.MethodPatch, path, object, records, true, opts)
}

func (c *Client) collectionWrite(ctx context.Context, verb, method, path, object string, records []map[string]any, idempotent bool, opts []Option) ([]SaveResult, error) {
	o := applyOptions(opts)
	out := make([]SaveResult, 0, len(records))
	for start := 0; start < len(records); start += CollectionSize {
		chunk := records[start:min(start+CollectionSize, len(records))]
		typed := make([]map[string]any, len(chunk))
		for i, rec := range chunk {
			typed[i] = withType(object, rec)
		}
		var answer []itemAnswer
		err := c.do(ctx, &request{method: method, path: path, idempotent: idempotent, opts: o,
			body:   map[string]any{"allOrNone": o.allOrNone, "records": typed},
			decode: decodeJSON(&answer)})
		if err == nil && len(answer) != len(chunk) {
			err = fmt.Errorf("salesforce: %d results for %d records", len(answer), len(chunk))
		}
		if err != nil {
			return out, fmt.Errorf("%s %s records %d to %d: %w", verb, object, start, start+len(chunk)-1, err)
		}
		for _, a := range answer {
			out = append(out, a.result())
		}
	}
	return out, nil
}

// withType returns a copy of rec with attributes.type set to object.
func withType(object string, rec map[string]any) map[string]any {
	out := make(map[string]any, len(rec)+1)
	for k, v := range rec {
		out[k] = v
	}
	out["attributes"] = map[string]string{"type": object}
	return out
}

// DeleteRecords deletes records by id, CollectionSize per call, like
// [Client.UpdateRecords].
func (c *Client) DeleteRecords(ctx context.Context, ids []string, opts ...Option) ([]SaveResult, error) {
	o := applyOptions(opts)
	out := make([]SaveResult, 0, len(ids))
	for start := 0; start < len(ids); start += CollectionSize {
		chunk := ids[start:min(start+CollectionSize, len(ids))]
		q := url.Values{"ids": {strings.Join(chunk, ",")}, "allOrNone": {strconv.FormatBool(o.allOrNone)}}
		var answer []itemAnswer
		err := c.do(ctx, &request{method: http.MethodDelete, path: "composite/sobjects", query: q,
			idempotent: true, opts: o, decode: decodeJSON(&answer)})
		if err == nil && len(answer) != len(chunk) {
			err = fmt.Errorf("salesforce: %d results for %d ids", len(answer), len(chunk))
		}
		if err != nil {
			return out, fmt.Errorf("deleting records %d to %d: %w", start, start+len(chunk)-1, err)
		}
		for _, a := range answer {
			out = append(out, a.result())
		}
	}
	return out, nil
}
