package salesforce_test

import (
	"errors"
	"fmt"
	"testing"

	"github.com/sfbridge/sfbridge/salesforce"
)

func TestAPIErrorSentinels(t *testing.T) {
	t.Parallel()
	tests := []struct {
		code string
		want error
	}{
		{"INVALID_SESSION_ID", salesforce.ErrSessionInvalid},
		{"REQUEST_LIMIT_EXCEEDED", salesforce.ErrRequestLimit},
		{"UNABLE_TO_LOCK_ROW", salesforce.ErrRecordLocked},
		{"ENTITY_IS_DELETED", salesforce.ErrEntityDeleted},
		{"DUPLICATES_DETECTED", salesforce.ErrDuplicates},
		{"REQUIRED_FIELD_MISSING", salesforce.ErrRequiredFieldMissing},
		{"INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST", salesforce.ErrRestrictedPicklist},
		{"INSUFFICIENT_ACCESS", salesforce.ErrInsufficientAccess},
		{"INSUFFICIENT_ACCESS_OR_READONLY", salesforce.ErrInsufficientAccess},
		{"NOT_FOUND", salesforce.ErrNotFound},
	}
	all := []error{salesforce.ErrSessionInvalid, salesforce.ErrRequestLimit, salesforce.ErrRecordLocked,
		salesforce.ErrEntityDeleted, salesforce.ErrDuplicates, salesforce.ErrRequiredFieldMissing,
		salesforce.ErrRestrictedPicklist, salesforce.ErrInsufficientAccess, salesforce.ErrNotFound}
	for _, tt := range tests {
		t.Run(tt.code, func(t *testing.T) {
			t.Parallel()
			err := fmt.Errorf("doing a thing: %w", &salesforce.APIError{StatusCode: 400, ErrorCode: tt.code, Message: "m"})
			for _, s := range all {
				if got := errors.Is(err, s); got != (s == tt.want) {
					t.Errorf("errors.Is(%s, %v) = %v", tt.code, s, got)
				}
			}
		})
	}
	other := &salesforce.APIError{ErrorCode: "MALFORMED_QUERY"}
	for _, s := range all {
		if errors.Is(other, s) {
			t.Errorf("MALFORMED_QUERY matches %v", s)
		}
	}
}

func TestAPIErrorMessage(t *testing.T) {
	t.Parallel()
	e := &salesforce.APIError{StatusCode: 400, ErrorCode: "REQUIRED_FIELD_MISSING", Message: "Required fields are missing: [Name]", Fields: []string{"Name"}}
	want := "salesforce: REQUIRED_FIELD_MISSING: Required fields are missing: [Name] (fields Name) [HTTP 400]"
	if e.Error() != want {
		t.Fatalf("Error() = %q, want %q", e.Error(), want)
	}
	multi := &salesforce.MultipleMatchesError{URLs: []string{"/a", "/b"}}
	if multi.Error() != "salesforce: external id matches 2 records: /a, /b" {
		t.Fatalf("MultipleMatchesError = %q", multi.Error())
	}
}
