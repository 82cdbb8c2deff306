package sfemu

import (
	"fmt"
	"net/http"
	"strings"
)

// Error is a Salesforce API error as the emulator answers it: an HTTP
// status plus the errorCode, message and fields of the JSON error body.
// The Go API returns it too, so tests can errors.As it.
type Error struct {
	Status  int
	Code    string
	Message string
	Fields  []string
	// Duplicate is the duplicateResult of a DUPLICATES_DETECTED error.
	Duplicate *duplicateResult
	// matches are the records an ambiguous upsert matched (300).
	matches []*record
	// more are further errors of the same save, answered after this one
	// (several validation rules failing at once).
	more []*Error
}

// all returns e followed by the further errors of the same save.
func (e *Error) all() []*Error {
	return append([]*Error{e}, e.more...)
}

// errorBodies renders e and its further errors as a Salesforce error array.
func (e *Error) errorBodies() []errorBody {
	all := e.all()
	out := make([]errorBody, len(all))
	for i, x := range all {
		out[i] = errorBody{DuplicateResult: x.Duplicate, Message: x.Message, ErrorCode: x.Code, Fields: x.Fields}
	}
	return out
}

func (e *Error) Error() string {
	return fmt.Sprintf("%s: %s", e.Code, e.Message)
}

// errorf builds an *Error.
func errorf(status int, code, format string, args ...any) *Error {
	return &Error{Status: status, Code: code, Message: fmt.Sprintf(format, args...)}
}

// The errors the emulator answers in more than one place.

func errNotFound() *Error {
	return errorf(http.StatusNotFound, "NOT_FOUND", "The requested resource does not exist")
}

func errInvalidSession() *Error {
	return errorf(http.StatusUnauthorized, "INVALID_SESSION_ID", "Session expired or invalid")
}

func errInvalidType(name string) *Error {
	return errorf(http.StatusBadRequest, "INVALID_TYPE",
		"sObject type '%s' is not supported. If you are attempting to use a custom object, be sure to append the '__c' after the entity name. Please reference your WSDL or the describe call for the appropriate names.", name)
}

func errInvalidField(field, object string) *Error {
	e := errorf(http.StatusBadRequest, "INVALID_FIELD",
		"No such column '%s' on sobject of type %s", field, object)
	e.Fields = []string{field}
	return e
}

func errMalformedID(value string) *Error {
	return errorf(http.StatusBadRequest, "MALFORMED_ID", "Record ID: id value of incorrect type: %s", value)
}

func errEntityDeleted() *Error {
	return errorf(http.StatusNotFound, "ENTITY_IS_DELETED", "entity is deleted")
}

func errRequiredMissing(fields []string) *Error {
	e := errorf(http.StatusBadRequest, "REQUIRED_FIELD_MISSING", "Required fields are missing: [%s]", strings.Join(fields, ", "))
	e.Fields = fields
	return e
}

func errJSONParser(format string, args ...any) *Error {
	return errorf(http.StatusBadRequest, "JSON_PARSER_ERROR", format, args...)
}

// notAllowed answers 405 naming the methods the resource takes, in the
// message (as Salesforce does) and in the Allow header.
func (c *call) notAllowed(allowed ...string) {
	c.w.Header().Set("Allow", strings.Join(allowed, ", "))
	c.fail(errorf(http.StatusMethodNotAllowed, "METHOD_NOT_ALLOWED", "HTTP Method '%s' not allowed. Allowed are %s", c.r.Method, strings.Join(allowed, ",")))
}
