package salesforce

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
)

// MaxSubrequests is the most subrequests one Composite call takes.
const MaxSubrequests = 25

// Subrequest is one call inside a Composite request. Later subrequests
// can use earlier results with references such as "@{newAccount.id}".
type Subrequest struct {
	Method string
	// URL is the resource path with its version; see [Client.Path].
	URL         string
	ReferenceID string
	// Body is encoded as JSON when not nil.
	Body    any
	Headers map[string]string
}

// SubResponse is the answer to one Subrequest.
type SubResponse struct {
	ReferenceID string
	StatusCode  int
	Headers     map[string]string
	Body        json.RawMessage
}

// Err returns the subrequest's error as an [*APIError], or nil when its
// status is below 400. Subrequests skipped after an all-or-none failure
// report PROCESSING_HALTED.
func (r SubResponse) Err() error {
	if r.StatusCode < 400 {
		return nil
	}
	var items []errorItem
	if json.Unmarshal(r.Body, &items) == nil && len(items) > 0 {
		return items[0].apiError(r.StatusCode)
	}
	return &APIError{StatusCode: r.StatusCode, Message: string(r.Body)}
}

// Decode decodes the subresponse's body into v.
func (r SubResponse) Decode(v any) error { return json.Unmarshal(r.Body, v) }

type compositeSub struct {
	Method      string            `json:"method"`
	URL         string            `json:"url"`
	ReferenceID string            `json:"referenceId"`
	Body        any               `json:"body,omitempty"`
	HTTPHeaders map[string]string `json:"httpHeaders,omitempty"`
}

// Composite runs up to MaxSubrequests subrequests in one call and one
// transaction, returning their answers in order. A failing subrequest does
// not fail the call: check each SubResponse.Err. With [WithAllOrNone] any
// failure rolls the whole request back. A Composite holding a POST is not
// retried after a lost answer ([*OutcomeUnknownError]).
func (c *Client) Composite(ctx context.Context, subs []Subrequest, opts ...Option) ([]SubResponse, error) {
	if len(subs) == 0 || len(subs) > MaxSubrequests {
		return nil, errors.New("salesforce: a composite request takes 1 to 25 subrequests")
	}
	o := applyOptions(opts)
	body := struct {
		AllOrNone        bool           `json:"allOrNone"`
		CompositeRequest []compositeSub `json:"compositeRequest"`
	}{AllOrNone: o.allOrNone}
	idempotent := true
	for _, s := range subs {
		if s.Method == http.MethodPost {
			idempotent = false
		}
		body.CompositeRequest = append(body.CompositeRequest, compositeSub{
			Method: s.Method, URL: s.URL, ReferenceID: s.ReferenceID, Body: s.Body, HTTPHeaders: s.Headers})
	}
	var answer struct {
		CompositeResponse []struct {
			Body           json.RawMessage   `json:"body"`
			HTTPHeaders    map[string]string `json:"httpHeaders"`
			HTTPStatusCode int               `json:"httpStatusCode"`
			ReferenceID    string            `json:"referenceId"`
		} `json:"compositeResponse"`
	}
	err := c.do(ctx, &request{method: http.MethodPost, path: "composite", body: body, idempotent: idempotent,
		opts: o, decode: decodeJSON(&answer)})
	if err != nil {
		return nil, fmt.Errorf("running a composite request: %w", err)
	}
	out := make([]SubResponse, len(answer.CompositeResponse))
	for i, r := range answer.CompositeResponse {
		out[i] = SubResponse{ReferenceID: r.ReferenceID, StatusCode: r.HTTPStatusCode, Headers: r.HTTPHeaders, Body: r.Body}
	}
	return out, nil
}
