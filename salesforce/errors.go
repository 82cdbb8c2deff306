package salesforce

import (
	"errors"
	"fmt"
	"strings"
)

// APIError is a failure Salesforce reported: the HTTP status and the
// first element of the JSON error array ({"message","errorCode","fields"}).
// Per-record errors of sObject Collections are APIErrors too, with
// StatusCode 0.
//
// Use [errors.As] to read it, or [errors.Is] with the sentinels
// ([ErrSessionInvalid], [ErrRecordLocked], ...) to branch on the code.
type APIError struct {
	// StatusCode is the HTTP status of the answer.
	StatusCode int
	// ErrorCode is Salesforce's errorCode (statusCode in collection
	// results), such as REQUIRED_FIELD_MISSING.
	ErrorCode string
	// Message is Salesforce's human-readable message.
	Message string
	// Fields names the fields the error is about, when Salesforce says.
	Fields []string
	// MatchedIDs are, for DUPLICATES_DETECTED, the ids of the existing
	// records the duplicate rule matched (duplicateResult.matchResults).
	MatchedIDs []string
}

// Error formats the code, message and fields.
func (e *APIError) Error() string {
	var b strings.Builder
	b.WriteString("salesforce: ")
	if e.ErrorCode != "" {
		b.WriteString(e.ErrorCode)
		b.WriteString(": ")
	}
	b.WriteString(e.Message)
	if len(e.Fields) > 0 {
		fmt.Fprintf(&b, " (fields %s)", strings.Join(e.Fields, ", "))
	}
	if e.StatusCode != 0 {
		fmt.Fprintf(&b, " [HTTP %d]", e.StatusCode)
	}
	return b.String()
}

// Is reports whether target is the sentinel of e's error code, so that
// errors.Is(err, ErrRecordLocked) holds for an UNABLE_TO_LOCK_ROW APIError.
func (e *APIError) Is(target error) bool {
	s, ok := sentinels[e.ErrorCode]
	return ok && s == target
}

// Sentinels for the error codes callers branch on. They match an
// [*APIError] through [errors.Is]; they are never returned bare.
var (
	// ErrSessionInvalid matches INVALID_SESSION_ID: the access token
	// expired or was revoked.
	ErrSessionInvalid = errors.New("salesforce: session expired or invalid")
	// ErrRequestLimit matches REQUEST_LIMIT_EXCEEDED: the org's API
	// allocation is used up.
	ErrRequestLimit = errors.New("salesforce: request limit exceeded")
	// ErrRecordLocked matches UNABLE_TO_LOCK_ROW; the client retries it.
	ErrRecordLocked = errors.New("salesforce: record locked")
	// ErrEntityDeleted matches ENTITY_IS_DELETED: the record is in the
	// recycle bin.
	ErrEntityDeleted = errors.New("salesforce: entity is deleted")
	// ErrDuplicates matches DUPLICATES_DETECTED: a duplicate rule blocked
	// the save (see [WithDuplicateRule]).
	ErrDuplicates = errors.New("salesforce: duplicates detected")
	// ErrRequiredFieldMissing matches REQUIRED_FIELD_MISSING.
	ErrRequiredFieldMissing = errors.New("salesforce: required field missing")
	// ErrRestrictedPicklist matches INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST.
	ErrRestrictedPicklist = errors.New("salesforce: bad value for restricted picklist")
	// ErrInsufficientAccess matches INSUFFICIENT_ACCESS and
	// INSUFFICIENT_ACCESS_OR_READONLY.
	ErrInsufficientAccess = errors.New("salesforce: insufficient access")
	// ErrNotFound matches NOT_FOUND.
	ErrNotFound = errors.New("salesforce: not found")
)

var sentinels = map[string]error{
	"INVALID_SESSION_ID":                      ErrSessionInvalid,
	"REQUEST_LIMIT_EXCEEDED":                  ErrRequestLimit,
	"UNABLE_TO_LOCK_ROW":                      ErrRecordLocked,
	"ENTITY_IS_DELETED":                       ErrEntityDeleted,
	"DUPLICATES_DETECTED":                     ErrDuplicates,
	"REQUIRED_FIELD_MISSING":                  ErrRequiredFieldMissing,
	"INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST": ErrRestrictedPicklist,
	"INSUFFICIENT_ACCESS":                     ErrInsufficientAccess,
	"INSUFFICIENT_ACCESS_OR_READONLY":         ErrInsufficientAccess,
	"NOT_FOUND":                               ErrNotFound,
}

// OutcomeUnknownError says a call that is not safe to repeat (a create)
// was sent but its answer was lost, so Salesforce may or may not have
// carried it out. The client does not retry it: the caller must find out
// (for example by querying for the record) before trying again.
type OutcomeUnknownError struct {
	// Method and Path identify the call.
	Method, Path string
	// Err is what cut the call short.
	Err error
}

// Error says the outcome is unknown and why.
func (e *OutcomeUnknownError) Error() string {
	return fmt.Sprintf("salesforce: outcome of %s %s is unknown (it may have been applied): %v", e.Method, e.Path, e.Err)
}

// Unwrap returns the cause.
func (e *OutcomeUnknownError) Unwrap() error { return e.Err }

// MultipleMatchesError is an upsert's HTTP 300: the external id value
// matched more than one record, so nothing was written.
type MultipleMatchesError struct {
	// URLs are the matching records' REST paths.
	URLs []string
}

// Error lists the matches.
func (e *MultipleMatchesError) Error() string {
	return fmt.Sprintf("salesforce: external id matches %d records: %s", len(e.URLs), strings.Join(e.URLs, ", "))
}

// ReauthorizationError says the refresh token no longer works
// (OAuth invalid_grant: revoked, expired, evicted by the approval cap or
// the user deactivated): the connection must be authorized again by a
// person going through the OAuth flow.
type ReauthorizationError struct {
	// Code and Description are the OAuth error fields.
	Code, Description string
}

// Error says re-authorization is needed.
func (e *ReauthorizationError) Error() string {
	return fmt.Sprintf("salesforce: the connection must be re-authorized: %s: %s", e.Code, e.Description)
}

// OAuthError is any other error answer of the OAuth endpoints.
type OAuthError struct {
	// StatusCode is the HTTP status; Code and Description the OAuth
	// error and error_description.
	StatusCode        int
	Code, Description string
}

// Error formats the OAuth error.
func (e *OAuthError) Error() string {
	return fmt.Sprintf("salesforce: oauth: %s: %s [HTTP %d]", e.Code, e.Description, e.StatusCode)
}
