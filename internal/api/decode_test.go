package api

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

func TestDecodeErrors(t *testing.T) {
	t.Parallel()
	type body struct {
		Name  string `json:"name"`
		Count int    `json:"count"`
		On    bool   `json:"on"`
	}
	tests := []struct {
		name, in, code, msg string
	}{
		{"string for int", `{"count":"3"}`, CodeInvalidInput, `Field "count" must be a whole number, not a string.`},
		{"fraction for int", `{"count":2.5}`, CodeInvalidInput, `Field "count" must be a whole number`},
		{"number for bool", `{"on":1}`, CodeInvalidInput, `Field "on" must be true or false, not a number.`},
		{"object for string", `{"name":{}}`, CodeInvalidInput, `Field "name" must be a string, not an object.`},
		{"string body", `"x"`, CodeInvalidInput, "The body must be a JSON object, not a string."},
		{"unknown", `{"nme":"x"}`, CodeUnknownField, `Unknown field "nme".`},
		{"truncated", `{"name":"x"`, CodeInvalidJSON, "ends in the middle"},
		{"two objects", `{}{}`, CodeInvalidJSON, "more after the JSON object"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			r := newRequest(tc.in)
			var v body
			err := decodeBody(nopWriter{}, r, &v, false)
			e, ok := err.(*Error)
			if !ok || e.Code != tc.code || !strings.Contains(e.Message, tc.msg) {
				t.Fatalf("got %v, want %s containing %q", err, tc.code, tc.msg)
			}
		})
	}
}

func FuzzDecodeBody(f *testing.F) {
	for _, s := range []string{`{}`, `{"confirm":"disconnect"}`, `{"return_url":1}`, `[`, `{"a":1}{`, `null`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		var v disconnectRequest
		err := decodeBody(nopWriter{}, newRequest(in), &v, true)
		if err == nil {
			return
		}
		e, ok := err.(*Error)
		if !ok || e.Status < 400 || e.Status > 499 || e.Code == "" || e.Message == "" {
			t.Fatalf("decodeBody(%q) = %v", in, err)
		}
	})
}

// newRequest is a POST with a JSON body, for decoding tests.
func newRequest(body string) *http.Request {
	r := httptest.NewRequest("POST", "/", strings.NewReader(body))
	r.Header.Set("Content-Type", "application/json")
	return r
}

// nopWriter is a ResponseWriter for code that only needs one to exist.
type nopWriter struct{}

func (nopWriter) Header() http.Header         { return http.Header{} }
func (nopWriter) Write(b []byte) (int, error) { return len(b), nil }
func (nopWriter) WriteHeader(int)             {}
