package sfemu

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
)

// maxSubrequests is the most subrequests one Composite or Composite Batch
// call takes.
const maxSubrequests = 25

// composite dispatches /composite, /composite/batch and /composite/sobjects.
func (s *Server) composite(c *call, p []string) {
	switch {
	case len(p) == 0:
		if c.r.Method != http.MethodPost {
			c.notAllowed("POST")
			return
		}
		s.compositeRequest(c)
	case p[0] == "sobjects":
		s.collections(c, p[1:])
	case p[0] == "batch" && len(p) == 1:
		if c.r.Method != http.MethodPost {
			c.notAllowed("POST")
			return
		}
		s.compositeBatch(c)
	default:
		c.fail(errNotFound())
	}
}

// subResponse is what one internally dispatched subrequest answered.
type subResponse struct {
	status  int
	headers map[string]string
	body    json.RawMessage
}

// dispatch runs one subrequest through the REST handlers, inside the
// parent's lock and transaction when held is set.
func (s *Server) dispatch(parent *call, method, rawURL string, body []byte, headers map[string]string, held bool, t *tx) subResponse {
	u, err := url.Parse(rawURL)
	if err != nil {
		return errorResponse(errorf(http.StatusBadRequest, "INVALID_URL", "could not parse the subrequest URL %q", rawURL))
	}
	path := cleanPath(u.Path)
	if !strings.HasPrefix(path, "/services/data/") {
		return errorResponse(errNotFound())
	}
	rest := strings.Split(strings.TrimPrefix(path, "/services/data/"), "/")
	ver, ok := parseVersion(rest[0])
	if !ok {
		return errorResponse(errNotFound())
	}
	req, _ := http.NewRequestWithContext(parent.r.Context(), method, u.String(), bytes.NewReader(body))
	req.Host = parent.r.Host
	// Subrequests inherit the request's choice of assignment rule; a
	// subrequest's own header overrides it.
	if h := parent.r.Header.Get(autoAssignHeader); h != "" {
		req.Header.Set(autoAssignHeader, h)
	}
	for k, v := range headers {
		req.Header.Set(k, v)
	}
	rec := httptest.NewRecorder()
	sub := &call{w: rec, r: req, version: ver, userID: parent.userID, base: parent.base, path: rest[1:], held: held, tx: t}
	s.data(sub)
	out := subResponse{status: rec.Code, headers: map[string]string{}}
	if loc := rec.Header().Get("Location"); loc != "" {
		out.headers["Location"] = loc
	}
	if b := bytes.TrimSpace(rec.Body.Bytes()); len(b) > 0 {
		out.body = json.RawMessage(b)
	}
	return out
}

func errorResponse(e *Error) subResponse {
	b, _ := jsonMarshal(e.errorBodies())
	return subResponse{status: e.Status, headers: map[string]string{}, body: b}
}

// compositeSub is one entry of a Composite request.
type compositeSub struct {
	Method      string            `json:"method"`
	URL         string            `json:"url"`
	ReferenceID string            `json:"referenceId"`
	Body        json.RawMessage   `json:"body"`
	HTTPHeaders map[string]string `json:"httpHeaders"`
}

// compositeResult is one entry of a Composite answer.
type compositeResult struct {
	Body           json.RawMessage   `json:"body"`
	HTTPHeaders    map[string]string `json:"httpHeaders"`
	HTTPStatusCode int               `json:"httpStatusCode"`
	ReferenceID    string            `json:"referenceId"`
}

// referencePattern matches @{refId.path} references.
var referencePattern = regexp.MustCompile(`@\{([A-Za-z0-9_]+)\.([^}]+)\}`)

// compositeRequest serves POST /composite: subrequests run in order in one
// transaction, later ones referring to earlier results with @{ref.field}.
func (s *Server) compositeRequest(c *call) {
	var req struct {
		AllOrNone        bool           `json:"allOrNone"`
		CompositeRequest []compositeSub `json:"compositeRequest"`
	}
	if err := c.decode(&req); err != nil {
		c.fail(err)
		return
	}
	if len(req.CompositeRequest) == 0 {
		c.fail(errorf(http.StatusBadRequest, "INVALID_INPUT", "compositeRequest must hold at least one subrequest"))
		return
	}
	if len(req.CompositeRequest) > maxSubrequests {
		c.fail(errorf(http.StatusBadRequest, "LIMIT_EXCEEDED", "Composite request cannot have more than %d subrequests", maxSubrequests))
		return
	}
	seen := map[string]bool{}
	for _, sub := range req.CompositeRequest {
		if sub.ReferenceID == "" || seen[sub.ReferenceID] {
			c.fail(errorf(http.StatusBadRequest, "INVALID_INPUT", "every subrequest needs a unique referenceId; %q is missing or repeated", sub.ReferenceID))
			return
		}
		seen[sub.ReferenceID] = true
	}

	o := s.org
	o.mu.Lock()
	defer o.mu.Unlock()
	t := o.begin()
	results := make([]compositeResult, 0, len(req.CompositeRequest))
	bodies := map[string]any{}
	failedAt := -1
	for i, sub := range req.CompositeRequest {
		target, err1 := resolveReferences(sub.URL, bodies, true)
		body, err2 := resolveReferences(string(sub.Body), bodies, false)
		var resp subResponse
		switch {
		case err1 != nil:
			resp = errorResponse(err1)
		case err2 != nil:
			resp = errorResponse(err2)
		default:
			var payload []byte
			if len(sub.Body) > 0 && string(sub.Body) != "null" {
				payload = []byte(body)
			}
			resp = s.dispatch(c, strings.ToUpper(sub.Method), target, payload, sub.HTTPHeaders, true, t)
		}
		if resp.body != nil {
			var decoded any
			if json.Unmarshal(resp.body, &decoded) == nil {
				bodies[sub.ReferenceID] = decoded
			}
		}
		results = append(results, compositeResult{Body: resp.body, HTTPHeaders: resp.headers, HTTPStatusCode: resp.status, ReferenceID: sub.ReferenceID})
		if resp.status >= 400 && req.AllOrNone {
			failedAt = i
			break
		}
	}
	if failedAt >= 0 {
		t.rollback()
		halted := errorResponse(errorf(http.StatusBadRequest, "PROCESSING_HALTED", "The transaction was rolled back since another operation in the same transaction failed."))
		for i := range req.CompositeRequest {
			if i == failedAt {
				continue
			}
			if i < len(results) {
				results[i] = compositeResult{Body: halted.body, HTTPHeaders: map[string]string{}, HTTPStatusCode: halted.status, ReferenceID: results[i].ReferenceID}
				continue
			}
			results = append(results, compositeResult{Body: halted.body, HTTPHeaders: map[string]string{}, HTTPStatusCode: halted.status, ReferenceID: req.CompositeRequest[i].ReferenceID})
		}
	}
	c.send(http.StatusOK, map[string]any{"compositeResponse": results})
}

// resolveReferences replaces @{ref.path} with values from earlier
// subrequest bodies. In URLs values are inserted as they are; in JSON
// bodies a reference that is a whole string is replaced by the JSON value.
func resolveReferences(text string, bodies map[string]any, inURL bool) (string, *Error) {
	var failure *Error
	out := referencePattern.ReplaceAllStringFunc(text, func(m string) string {
		parts := referencePattern.FindStringSubmatch(m)
		v, ok := lookupReference(bodies[parts[1]], parts[2])
		if !ok {
			if failure == nil {
				failure = errorf(http.StatusBadRequest, "PROCESSING_HALTED",
					"Invalid reference specified. No value for %s found in %s. Provided referenceId ('%s') does not exist or its response has no such value.", parts[2], parts[1], parts[1])
			}
			return m
		}
		s := fmt.Sprint(v)
		if !inURL {
			b, _ := json.Marshal(s)
			return string(b[1 : len(b)-1])
		}
		return s
	})
	return out, failure
}

// lookupReference walks a path like id, records[0].Id or
// compositeResponse.x into a decoded JSON body.
func lookupReference(body any, path string) (any, bool) {
	cur := body
	for _, seg := range strings.Split(path, ".") {
		name, idx := seg, -1
		if open := strings.IndexByte(seg, '['); open >= 0 && strings.HasSuffix(seg, "]") {
			name = seg[:open]
			if _, err := fmt.Sscanf(seg[open+1:len(seg)-1], "%d", &idx); err != nil {
				return nil, false
			}
		}
		if name != "" {
			m, ok := cur.(map[string]any)
			if !ok {
				return nil, false
			}
			if cur, ok = m[name]; !ok {
				return nil, false
			}
		}
		if idx >= 0 {
			list, ok := cur.([]any)
			if !ok || idx >= len(list) {
				return nil, false
			}
			cur = list[idx]
		}
	}
	if cur == nil {
		return nil, false
	}
	return cur, true
}

// compositeBatch serves POST /composite/batch: independent subrequests,
// each in its own transaction.
func (s *Server) compositeBatch(c *call) {
	var req struct {
		BatchRequests []struct {
			Method    string          `json:"method"`
			URL       string          `json:"url"`
			RichInput json.RawMessage `json:"richInput"`
		} `json:"batchRequests"`
		HaltOnError bool `json:"haltOnError"`
	}
	if err := c.decode(&req); err != nil {
		c.fail(err)
		return
	}
	if len(req.BatchRequests) > maxSubrequests {
		c.fail(errorf(http.StatusBadRequest, "LIMIT_EXCEEDED", "A batch cannot contain more than %d requests", maxSubrequests))
		return
	}
	type result struct {
		StatusCode int             `json:"statusCode"`
		Result     json.RawMessage `json:"result"`
	}
	results := make([]result, 0, len(req.BatchRequests))
	hasErrors, halted := false, false
	for _, sub := range req.BatchRequests {
		if halted {
			b, _ := json.Marshal([]errorBody{{ErrorCode: "BATCH_PROCESSING_HALTED", Message: "Batch processing halted per request"}})
			results = append(results, result{StatusCode: http.StatusPreconditionFailed, Result: b})
			continue
		}
		target := sub.URL
		if !strings.HasPrefix(target, "/") {
			target = "/services/data/" + target
		}
		var body []byte
		if len(sub.RichInput) > 0 && string(sub.RichInput) != "null" {
			body = sub.RichInput
		}
		resp := s.dispatch(c, strings.ToUpper(sub.Method), target, body, nil, false, nil)
		if resp.status >= 400 {
			hasErrors = true
			halted = req.HaltOnError
		}
		results = append(results, result{StatusCode: resp.status, Result: resp.body})
	}
	c.send(http.StatusOK, map[string]any{"hasErrors": hasErrors, "results": results})
}
