package sfemu

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"time"
)

// Fault makes matching requests misbehave, so a client's failure paths
// can be tested against the real shapes. A fault matches by method and
// path; it can answer an error, add latency first, or cut the connection
// in the middle of the response.
type Fault struct {
	// ID names the fault; InjectFault fills it in.
	ID string `json:"id"`
	// Method matches the HTTP method; empty matches any.
	Method string `json:"method,omitempty"`
	// Path is a pattern over the request path (repeated slashes already
	// collapsed, no query string), where * matches any run of characters:
	// "/services/data/*/query*". Empty matches any path.
	Path string `json:"path,omitempty"`
	// Times is how many matching requests the fault affects: 0 means one,
	// a negative number means every one until the fault is cleared.
	Times int `json:"times,omitempty"`
	// Status and ErrorCode make the request fail. Either may be left out:
	// a known error code brings its status (UNABLE_TO_LOCK_ROW 400,
	// INVALID_SESSION_ID 401, REQUEST_LIMIT_EXCEEDED 403, ...) and a
	// status its usual code (500 UNKNOWN_EXCEPTION, 503 SERVER_UNAVAILABLE).
	// With neither, the request is answered normally after Latency.
	Status    int    `json:"status,omitempty"`
	ErrorCode string `json:"errorCode,omitempty"`
	// Message overrides the error's usual message.
	Message string `json:"message,omitempty"`
	// Latency delays the answer.
	Latency time.Duration `json:"-"`
	// LatencyMS is Latency in milliseconds, for the admin API's JSON.
	LatencyMS int `json:"latencyMs,omitempty"`
	// Cut sends the status line, headers and the start of a body, then
	// closes the connection.
	Cut bool `json:"cut,omitempty"`
	// DropResponse carries the request out and then closes the
	// connection without answering, so a create happens but the client
	// never learns its id: the "outcome unknown" case.
	DropResponse bool `json:"dropResponse,omitempty"`
	// Remaining counts the requests the fault will still affect (-1:
	// unlimited). It is reported, not set.
	Remaining int `json:"remaining"`
}

// faultCatalogue gives the usual status and message of error codes that
// are injected often.
var faultCatalogue = map[string]struct {
	status  int
	message string
}{
	"UNABLE_TO_LOCK_ROW":                {400, "unable to obtain exclusive access to this record or 1 records: 001000000000000AAA"},
	"INVALID_SESSION_ID":                {401, "Session expired or invalid"},
	"REQUEST_LIMIT_EXCEEDED":            {403, "TotalRequests Limit exceeded."},
	"API_DISABLED_FOR_ORG":              {403, "The REST API is not enabled for this Organization."},
	"INSUFFICIENT_ACCESS":               {403, "insufficient access rights on object id"},
	"UNKNOWN_EXCEPTION":                 {500, "An unexpected error occurred. Please include this ErrorId if you contact support: 1234567890-12345 (-1234567890)"},
	"SERVER_UNAVAILABLE":                {503, "Server is temporarily unavailable, please try again later."},
	"QUERY_TIMEOUT":                     {400, "Your query request was running for too long."},
	"FIELD_CUSTOM_VALIDATION_EXCEPTION": {400, "A validation rule blocked this save."},
	"DUPLICATES_DETECTED":               {400, duplicateMessage},
}

// statusCodes gives a status its usual error code.
var statusCodes = map[int]string{
	400: "BAD_REQUEST", 401: "INVALID_SESSION_ID", 403: "FORBIDDEN", 404: "NOT_FOUND",
	420: "REQUEST_LIMIT_EXCEEDED", 429: "REQUEST_LIMIT_EXCEEDED",
	500: "UNKNOWN_EXCEPTION", 502: "SERVER_UNAVAILABLE", 503: "SERVER_UNAVAILABLE", 504: "SERVER_UNAVAILABLE",
}

// normalize checks a fault and fills in its defaults.
func (f *Fault) normalize() error {
	f.Method = strings.ToUpper(strings.TrimSpace(f.Method))
	if f.Latency == 0 && f.LatencyMS > 0 {
		f.Latency = time.Duration(f.LatencyMS) * time.Millisecond
	}
	f.LatencyMS = int(f.Latency / time.Millisecond)
	if f.Latency < 0 || f.Latency > 10*time.Minute {
		return fmt.Errorf("latency %s is out of range (0 to 10m)", f.Latency)
	}
	if f.Status != 0 && (f.Status < 400 || f.Status > 599) {
		return fmt.Errorf("status %d is not an error status (400-599)", f.Status)
	}
	if f.ErrorCode != "" && f.Status == 0 {
		known, ok := faultCatalogue[f.ErrorCode]
		if !ok {
			return fmt.Errorf("error code %s has no usual status: give status too", f.ErrorCode)
		}
		f.Status = known.status
	}
	if f.Status != 0 && f.ErrorCode == "" {
		f.ErrorCode = statusCodes[f.Status]
		if f.ErrorCode == "" {
			f.ErrorCode = "UNKNOWN_EXCEPTION"
		}
	}
	if f.Message == "" && f.ErrorCode != "" {
		f.Message = faultCatalogue[f.ErrorCode].message
		if f.Message == "" {
			f.Message = http.StatusText(f.Status)
		}
	}
	if f.Status == 0 && f.Latency == 0 && !f.Cut && !f.DropResponse {
		return errors.New("a fault needs a status, an error code, latency, cut or dropResponse")
	}
	if f.DropResponse && (f.Status != 0 || f.Cut) {
		return errors.New("dropResponse carries the request out; it cannot also fail it or cut it")
	}
	switch {
	case f.Times == 0:
		f.Remaining = 1
	case f.Times < 0:
		f.Remaining = -1
	default:
		f.Remaining = f.Times
	}
	return nil
}

// faultSet holds the injected faults in the order they were added.
type faultSet struct {
	mu     sync.Mutex
	faults []*Fault
}

// take returns the first fault matching a request and counts it.
func (s *faultSet) take(method, path string) *Fault {
	s.mu.Lock()
	defer s.mu.Unlock()
	for i, f := range s.faults {
		if f.Method != "" && f.Method != method {
			continue
		}
		if f.Path != "" && !globMatch(f.Path, path) {
			continue
		}
		hit := *f
		if f.Remaining > 0 {
			f.Remaining--
			if f.Remaining == 0 {
				s.faults = append(s.faults[:i], s.faults[i+1:]...)
			}
		}
		return &hit
	}
	return nil
}

// globMatch matches a pattern where * stands for any run of characters.
func globMatch(pattern, s string) bool {
	star := strings.IndexByte(pattern, '*')
	if star < 0 {
		return pattern == s
	}
	if !strings.HasPrefix(s, pattern[:star]) {
		return false
	}
	s, pattern = s[star:], pattern[star+1:]
	if pattern == "" {
		return true
	}
	// Try every position for the rest of the pattern.
	for i := 0; i <= len(s); i++ {
		if globMatch(pattern, s[i:]) {
			return true
		}
	}
	return false
}

// InjectFault adds a fault and returns its id.
func (s *Server) InjectFault(ctx context.Context, f Fault) (string, error) {
	if err := ctx.Err(); err != nil {
		return "", err
	}
	if err := f.normalize(); err != nil {
		return "", fmt.Errorf("injecting a fault: %w", err)
	}
	var b [6]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", err
	}
	f.ID = "flt_" + hex.EncodeToString(b[:])
	s.faults.mu.Lock()
	s.faults.faults = append(s.faults.faults, &f)
	s.faults.mu.Unlock()
	return f.ID, nil
}

// Faults lists the faults still in force.
func (s *Server) Faults() []Fault {
	s.faults.mu.Lock()
	defer s.faults.mu.Unlock()
	out := make([]Fault, len(s.faults.faults))
	for i, f := range s.faults.faults {
		out[i] = *f
	}
	return out
}

// ClearFaults removes one fault by id, or every fault when id is empty.
// It reports whether anything was removed.
func (s *Server) ClearFaults(id string) bool {
	s.faults.mu.Lock()
	defer s.faults.mu.Unlock()
	if id == "" {
		n := len(s.faults.faults)
		s.faults.faults = nil
		return n > 0
	}
	for i, f := range s.faults.faults {
		if f.ID == id {
			s.faults.faults = append(s.faults.faults[:i], s.faults.faults[i+1:]...)
			return true
		}
	}
	return false
}

// applyFault carries out a fault. It reports whether it answered the
// request (an error or a cut connection); after latency alone the request
// goes on as usual.
func applyFault(w http.ResponseWriter, r *http.Request, path string, f *Fault) bool {
	if f.Latency > 0 {
		timer := time.NewTimer(f.Latency)
		select {
		case <-timer.C:
		case <-r.Context().Done():
			timer.Stop()
			return true
		}
	}
	if f.Cut {
		cutConnection(w, true)
		return true
	}
	if f.Status == 0 {
		return false
	}
	w.Header().Set("Content-Type", jsonContentType)
	w.WriteHeader(f.Status)
	var body []byte
	if strings.HasPrefix(path, "/services/oauth2/") {
		// The OAuth endpoints answer errors in OAuth's shape.
		body, _ = jsonMarshal(map[string]string{"error": strings.ToLower(f.ErrorCode), "error_description": f.Message})
	} else {
		body, _ = jsonMarshal([]errorBody{{Message: f.Message, ErrorCode: f.ErrorCode}})
	}
	_, _ = w.Write(body)
	return true
}

// cutConnection drops the connection, as a network failure looks to the
// client: with partial set, after the headers and the start of a body;
// otherwise before any byte of the answer.
func cutConnection(w http.ResponseWriter, partial bool) {
	hj, ok := w.(http.Hijacker)
	if !ok {
		// HTTP/2 and recorders cannot be hijacked; abort the handler,
		// which resets the stream.
		panic(http.ErrAbortHandler)
	}
	conn, buf, err := hj.Hijack()
	if err != nil {
		panic(http.ErrAbortHandler)
	}
	defer conn.Close()
	if !partial {
		return
	}
	_, _ = buf.WriteString("HTTP/1.1 200 OK\r\nContent-Type: " + jsonContentType + "\r\nContent-Length: 4096\r\n\r\n{\"totalSize\":12,\"done\":true,\"records\":[{\"attributes\":")
	_ = buf.Flush()
}
