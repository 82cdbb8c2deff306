package salesforce

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptrace"
	"net/url"
	"strings"
	"sync/atomic"
)

// request is one logical API call; do may send it several times.
type request struct {
	method string
	// path is a full URL, an absolute path (/services/...) or a resource
	// under the data path (sobjects/Account).
	path  string
	query url.Values
	// body is encoded as JSON when not nil.
	body any
	// raw, when not nil, is sent as is with contentType instead (a Bulk
	// API CSV upload).
	raw         []byte
	contentType string
	// idempotent calls may be repeated after an uncertain outcome.
	idempotent bool
	opts       *callOptions
	// decode reads an answer with a status below 400. Nil discards it.
	decode func(status int, h http.Header, body io.Reader) error
}

// decodeJSON returns a decode function that reads the body into out.
func decodeJSON(out any) func(int, http.Header, io.Reader) error {
	return func(_ int, _ http.Header, body io.Reader) error {
		return json.NewDecoder(body).Decode(out)
	}
}

// do sends r, refreshing the token once on INVALID_SESSION_ID and
// retrying transient failures as the RetryPolicy allows.
func (c *Client) do(ctx context.Context, r *request) error {
	payload := r.raw
	if r.body != nil && r.raw == nil {
		var err error
		if payload, err = json.Marshal(r.body); err != nil {
			return fmt.Errorf("salesforce: encoding the request body: %w", err)
		}
	}
	refreshed := false
	for attempt := 1; ; {
		tok, err := c.cfg.TokenSource.Token(ctx)
		if err != nil {
			return fmt.Errorf("salesforce: getting an access token: %w", err)
		}
		err = c.attempt(ctx, r, tok, payload)
		if err == nil {
			return nil
		}
		// A rejected session never ran the call, so any call may repeat.
		if !refreshed && errors.Is(err, ErrSessionInvalid) {
			if ref, ok := c.cfg.TokenSource.(Refresher); ok {
				refreshed = true
				if _, rerr := ref.Refresh(ctx, tok); rerr != nil {
					return fmt.Errorf("%w (after %w)", rerr, err)
				}
				continue
			}
		}
		switch classify(ctx, err, r.idempotent) {
		case unknownOutcome:
			return &OutcomeUnknownError{Method: r.method, Path: r.path, Err: err}
		case retry:
			if attempt < c.cfg.Retry.MaxAttempts {
				if serr := c.cfg.Sleep(ctx, c.backoff(attempt)); serr != nil {
					return fmt.Errorf("salesforce: waiting to retry %s %s: %w", r.method, r.path, serr)
				}
				attempt++
				continue
			}
		}
		return err
	}
}

// attempt sends r once and reads its answer.
func (c *Client) attempt(ctx context.Context, r *request, tok *Token, payload []byte) error {
	var body io.Reader
	if payload != nil {
		body = bytes.NewReader(payload)
	}
	var sent atomic.Bool
	trace := &httptrace.ClientTrace{WroteRequest: func(info httptrace.WroteRequestInfo) {
		if info.Err == nil {
			sent.Store(true)
		}
	}}
	req, err := http.NewRequestWithContext(httptrace.WithClientTrace(ctx, trace), r.method, c.url(tok, r.path, r.query), body)
	if err != nil {
		return fmt.Errorf("salesforce: building %s %s: %w", r.method, r.path, err)
	}
	req.Header.Set("Authorization", "Bearer "+tok.AccessToken)
	req.Header.Set("Accept", "application/json")
	switch {
	case r.contentType != "":
		req.Header.Set("Content-Type", r.contentType)
	case payload != nil:
		req.Header.Set("Content-Type", "application/json")
	}
	if r.opts != nil {
		for k, vs := range r.opts.header {
			req.Header[k] = vs
		}
	}
	resp, err := c.http.Do(req)
	if err != nil {
		return &transportError{sent: sent.Load(), err: err}
	}
	defer closeBody(resp.Body)
	c.usage.observe(resp.Header)
	br := &bodyReader{r: resp.Body}
	if resp.StatusCode >= 400 {
		apiErr, err := readAPIError(resp.StatusCode, br)
		if err != nil {
			return &transportError{sent: true, err: err}
		}
		return apiErr
	}
	decode := r.decode
	if decode == nil {
		// Read the body anyway: an answer cut short is not a success.
		decode = func(_ int, _ http.Header, body io.Reader) error {
			_, err := io.Copy(io.Discard, io.LimitReader(body, 1<<20))
			return err
		}
	}
	if err := decode(resp.StatusCode, resp.Header, br); err != nil {
		var ae answerError
		if errors.As(err, &ae) {
			return ae.err
		}
		if br.err != nil {
			return &transportError{sent: true, err: br.err}
		}
		return fmt.Errorf("salesforce: decoding the answer to %s %s: %w", r.method, r.path, err)
	}
	return nil
}

// url resolves a request path against the instance.
func (c *Client) url(tok *Token, path string, query url.Values) string {
	var u string
	switch {
	case strings.Contains(path, "://"):
		u = path
	default:
		base := c.cfg.InstanceURL
		if tok.InstanceURL != "" {
			base = strings.TrimRight(tok.InstanceURL, "/")
		}
		if strings.HasPrefix(path, "/") {
			u = base + path
		} else {
			u = base + c.dataPath() + "/" + path
		}
	}
	if len(query) > 0 {
		sep := "?"
		if strings.Contains(u, "?") {
			sep = "&"
		}
		u += sep + query.Encode()
	}
	return u
}

// closeBody drains a little of what is left, so the connection can be
// reused, and closes the body.
func closeBody(b io.ReadCloser) {
	_, _ = io.Copy(io.Discard, io.LimitReader(b, 64<<10))
	_ = b.Close()
}

// answerError carries an error a decode function read from a successful
// answer (an upsert's 300), to be returned as it is.
type answerError struct{ err error }

func (e answerError) Error() string { return e.err.Error() }

// bodyReader remembers a read failure, to tell a cut connection from
// malformed JSON.
type bodyReader struct {
	r   io.Reader
	err error
}

func (b *bodyReader) Read(p []byte) (int, error) {
	n, err := b.r.Read(p)
	if err != nil && err != io.EOF {
		b.err = err
	}
	return n, err
}

// errorItem is one element of a Salesforce error array. Collection results
// use statusCode where the top level uses errorCode.
type errorItem struct {
	Message    string   `json:"message"`
	ErrorCode  string   `json:"errorCode"`
	StatusCode string   `json:"statusCode"`
	Fields     []string `json:"fields"`
	// DuplicateResult comes with DUPLICATES_DETECTED.
	DuplicateResult *struct {
		MatchResults []struct {
			MatchRecords []struct {
				Record struct {
					ID string `json:"Id"`
				} `json:"record"`
			} `json:"matchRecords"`
		} `json:"matchResults"`
	} `json:"duplicateResult"`
}

func (e errorItem) apiError(status int) *APIError {
	code := e.ErrorCode
	if code == "" {
		code = e.StatusCode
	}
	out := &APIError{StatusCode: status, ErrorCode: code, Message: e.Message, Fields: e.Fields}
	if d := e.DuplicateResult; d != nil {
		for _, m := range d.MatchResults {
			for _, r := range m.MatchRecords {
				if r.Record.ID != "" {
					out.MatchedIDs = append(out.MatchedIDs, r.Record.ID)
				}
			}
		}
	}
	return out
}

// readAPIError reads an error answer: Salesforce's array, an OAuth error
// object, or anything else (a proxy's HTML page) as the message.
func readAPIError(status int, body *bodyReader) (*APIError, error) {
	b, err := io.ReadAll(io.LimitReader(body, 1<<20))
	if body.err != nil {
		return nil, body.err
	}
	if err != nil {
		return nil, err
	}
	var items []errorItem
	if json.Unmarshal(b, &items) == nil && len(items) > 0 {
		return items[0].apiError(status), nil
	}
	var oauth struct {
		Error       string `json:"error"`
		Description string `json:"error_description"`
	}
	if json.Unmarshal(b, &oauth) == nil && oauth.Error != "" {
		return &APIError{StatusCode: status, ErrorCode: oauth.Error, Message: oauth.Description}, nil
	}
	msg := strings.TrimSpace(string(b))
	if msg == "" {
		msg = http.StatusText(status)
	}
	return &APIError{StatusCode: status, Message: msg}, nil
}
