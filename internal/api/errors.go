package api

import (
	"errors"
	"fmt"
	"log/slog"
	"net/http"

	"github.com/sfbridge/sfbridge/internal/connection"
	"github.com/sfbridge/sfbridge/internal/store"
)

// The error codes of the API's own making. The connection service adds
// its own (connection.CodeInvalidState, CodeStateUsed, ...), passed
// through unchanged. Codes never change once published; clients branch
// on them.
const (
	CodeInvalidJSON          = "invalid_json"
	CodeUnknownField         = "unknown_field"
	CodeInvalidInput         = "invalid_input"
	CodeUnsupportedMediaType = "unsupported_media_type"
	CodeUnauthorized         = "unauthorized"
	CodeForbidden            = "forbidden"
	CodeNotFound             = "not_found"
	CodeDuplicate            = "duplicate"
	CodeConflict             = "conflict"
	CodeConfirmationRequired = "confirmation_required"
	CodePayloadTooLarge      = "payload_too_large"
	CodeMethodNotAllowed     = "method_not_allowed"
	CodeInternal             = "internal"
	// CodeInvalidMapping refuses a field mapping the org's describe or
	// the app type does not allow; the message names both types.
	CodeInvalidMapping = "invalid_mapping"
	// CodeSalesforceError is a Salesforce failure while serving the
	// request (a describe refused); the message carries Salesforce's.
	CodeSalesforceError = "salesforce_error"
	// CodeUnavailable answers a route whose component this deployment
	// does not run (no sync engine, no secret key for webhooks).
	CodeUnavailable = "unavailable"
)

// Error is an API failure: the HTTP status and what goes in the
// envelope. Handlers return it; the router writes it.
type Error struct {
	Status  int
	Code    string
	Message string
}

func (e *Error) Error() string { return e.Code + ": " + e.Message }

// errorf builds an *Error with a formatted message.
func errorf(status int, code, format string, args ...any) *Error {
	return &Error{Status: status, Code: code, Message: fmt.Sprintf(format, args...)}
}

// envelope is the body of every JSON error.
type envelope struct {
	Error envelopeBody `json:"error"`
}

type envelopeBody struct {
	Code      string `json:"code"`
	Message   string `json:"message"`
	RequestID string `json:"request_id"`
}

// writeError answers err in the envelope. An error that is neither an
// *Error, a *connection.Error nor a store sentinel is internal: the
// client gets a generic message and the request id, the log gets the
// detail.
func (s *Server) writeError(w http.ResponseWriter, r *http.Request, err error) {
	e := s.classify(r, err)
	writeJSON(w, e.Status, envelope{Error: envelopeBody{Code: e.Code, Message: e.Message, RequestID: requestID(r.Context())}})
}

// classify maps err to the status, code and message the client sees.
func (s *Server) classify(r *http.Request, err error) *Error {
	var ae *Error
	if errors.As(err, &ae) {
		return ae
	}
	var ce *connection.Error
	if errors.As(err, &ce) {
		status := ce.Status
		if status < 400 || status > 599 {
			status = http.StatusInternalServerError
		}
		if status >= 500 {
			s.logInternal(r, err)
		}
		return &Error{Status: status, Code: ce.Code, Message: ce.Message}
	}
	switch {
	case errors.Is(err, store.ErrNotFound):
		return errorf(http.StatusNotFound, CodeNotFound, "Not found. Check the id in the URL.")
	case errors.Is(err, store.ErrDuplicate):
		return errorf(http.StatusConflict, CodeDuplicate, "Already exists. Use another key or name, or fetch the existing one.")
	case errors.Is(err, store.ErrInvalidCursor):
		return errorf(http.StatusBadRequest, CodeInvalidInput, "Query parameter after is not a cursor of this list. Pass the next_cursor of the previous page unchanged.")
	case errors.Is(err, store.ErrInvalid):
		return errorf(http.StatusBadRequest, CodeInvalidInput, "A value is out of range. Check the body against /v1/openapi.json.")
	case errors.Is(err, store.ErrConflict):
		return errorf(http.StatusConflict, CodeConflict, "Changed by another request meanwhile. Fetch it again and retry.")
	}
	s.logInternal(r, err)
	return errorf(http.StatusInternalServerError, CodeInternal,
		"Something went wrong on our side. Retry later; if it persists, report the request id.")
}

func (s *Server) logInternal(r *http.Request, err error) {
	s.log.LogAttrs(r.Context(), slog.LevelError, "request failed",
		slog.String("request_id", requestID(r.Context())),
		slog.String("route", r.Pattern),
		slog.String("error", err.Error()))
}
