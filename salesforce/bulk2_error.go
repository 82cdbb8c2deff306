package salesforce

import (
	"strings"
)

// ParseBulkError reads the sf__Error of a Bulk API row (an ingest job's
// failedResults) into the [*APIError] the REST API gives for the same
// refusal, so callers explain both alike. Salesforce writes it as
// "CODE:message:fields --", the fields separated by commas (or spaces)
// and none before the "--" when the error names none:
//
//	REQUIRED_FIELD_MISSING:Required fields are missing: [LastName]:LastName --
//	FIELD_CUSTOM_VALIDATION_EXCEPTION:Interns are not tracked.:--
//
// The message may itself hold colons, so the fields are what follows the
// last one. Text of another shape is kept whole as the message, with no
// code. StatusCode is 0, as for a collection's per-record error.
func ParseBulkError(s string) *APIError {
	s = strings.TrimSpace(s)
	code, rest, ok := strings.Cut(s, ":")
	if !ok || !isErrorCode(code) {
		return &APIError{Message: s}
	}
	e := &APIError{ErrorCode: code, Message: rest}
	body, terminated := strings.CutSuffix(rest, "--")
	if !terminated {
		return e
	}
	body = strings.TrimRight(body, " ")
	i := strings.LastIndexByte(body, ':')
	if i < 0 {
		e.Message = strings.TrimSpace(body)
		return e
	}
	list := body[i+1:]
	fields := strings.FieldsFunc(list, func(r rune) bool { return r == ',' || r == ' ' })
	for _, f := range fields {
		if !isFieldName(f) {
			// Not a field list: the colon belongs to the message.
			e.Message = strings.TrimSpace(body)
			return e
		}
	}
	e.Message = strings.TrimSpace(body[:i])
	if len(fields) > 0 {
		e.Fields = fields
	}
	return e
}

// isErrorCode reports an error code's shape: REQUIRED_FIELD_MISSING.
func isErrorCode(s string) bool {
	if s == "" {
		return false
	}
	for _, c := range s {
		if !(c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_') {
			return false
		}
	}
	return true
}

// isFieldName reports a field API name's shape (Name, Tier__c,
// ns__Field__c), letting through a relationship path (Account.Name).
func isFieldName(s string) bool {
	if s == "" {
		return false
	}
	for i, c := range s {
		letter := c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z'
		if i == 0 && !letter {
			return false
		}
		if !letter && !(c >= '0' && c <= '9') && c != '_' && c != '.' {
			return false
		}
	}
	return true
}
