package syncer

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/sfbridge/sfbridge/salesforce"
)

// contactDescribe is a Contact as an integration user sees it.
func contactDescribe() *salesforce.SObjectDescribe {
	d := &salesforce.SObjectDescribe{Fields: []salesforce.Field{
		{Name: "LastName", Label: "Last Name", Type: "string", Length: 80, Createable: true, Updateable: true},
		{Name: "Email", Label: "Email", Type: "email", Length: 80, Nillable: true, Createable: true, Updateable: true},
		{Name: "LeadSource", Label: "Lead Source", Type: "picklist", Nillable: true, Createable: true, Updateable: true,
			RestrictedPicklist: true, PicklistValues: []salesforce.PicklistValue{
				{Active: true, Value: "Web", Label: "Web"},
				{Active: true, Value: "Phone Inquiry", Label: "Phone Inquiry"},
				{Active: false, Value: "Fax", Label: "Fax"},
			}},
		{Name: "Description", Label: "Contact Description", Type: "textarea", Length: 32, Nillable: true, Createable: true, Updateable: true},
		{Name: "Score__c", Label: "Lead Score", Type: "double", Precision: 5, Scale: 2, Nillable: true, Createable: true, Updateable: true},
		{Name: "AccountId", Label: "Account ID", Type: "reference", ReferenceTo: []string{"Account"}, Nillable: true, Createable: true, Updateable: true},
		{Name: "Badge__c", Label: "Badge Number", Type: "string", Length: 20, Unique: true, Nillable: true, Createable: true, Updateable: true},
		{Name: "App_Id__c", Label: "App ID", Type: "string", Length: 40, ExternalID: true, IDLookup: true, Nillable: true, Createable: true, Updateable: true},
		{Name: "Salary__c", Label: "Salary", Type: "currency", Precision: 10, Scale: 2, Nillable: true},
		{Name: "Full_Name__c", Label: "Full Name", Type: "string", Calculated: true, Nillable: true},
	}}
	d.Name, d.Label = "Contact", "Contact"
	return d
}

func TestExplainWrite(t *testing.T) {
	t.Parallel()
	apiErr := func(code, msg string, fields ...string) error {
		return &salesforce.APIError{ErrorCode: code, Message: msg, Fields: fields}
	}
	wc := func(op string, sent map[string]any, mapped map[string]string) WriteContext {
		return WriteContext{Object: "Contact", Describe: contactDescribe(), Op: op, Sent: sent, Mapped: mapped}
	}
	tests := []struct {
		name      string
		wc        WriteContext
		err       error
		code      string
		fields    []string
		transient bool
		cause     []string // each must be in Cause
		fix       []string // each must be in Fix
		links     []string
	}{
		{
			name:   "required field not mapped",
			wc:     wc("create", map[string]any{"Email": "a@example.com"}, map[string]string{"Email": "email"}),
			err:    apiErr("REQUIRED_FIELD_MISSING", "Required fields are missing: [LastName]", "LastName"),
			code:   "REQUIRED_FIELD_MISSING",
			fields: []string{"LastName"},
			cause:  []string{`"Last Name" (LastName)`, "Contact", "No app field is mapped"},
			fix:    []string{"Map an app field to", `"Last Name"`, "default value"},
		},
		{
			name:   "required field mapped but empty",
			wc:     wc("create", map[string]any{"LastName": ""}, map[string]string{"LastName": "surname"}),
			err:    apiErr("REQUIRED_FIELD_MISSING", "Required fields are missing: [LastName]", "LastName"),
			code:   "REQUIRED_FIELD_MISSING",
			fields: []string{"LastName"},
			cause:  []string{`"Last Name" (LastName)`, `app field "surname"`, "empty on this app record"},
			fix:    []string{`Fill in app field "surname"`, "retry"},
		},
		{
			name:   "restricted picklist value not allowed",
			wc:     wc("update", map[string]any{"LeadSource": "Webinar"}, map[string]string{"LeadSource": "source"}),
			err:    apiErr("INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST", "Lead Source: bad value for restricted picklist field: Webinar", "LeadSource"),
			code:   "INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST",
			fields: []string{"LeadSource"},
			cause:  []string{`"Lead Source" (LeadSource)`, `"Webinar"`, `"Web", "Phone Inquiry"`},
			fix:    []string{`Add "Webinar"`, "Salesforce Setup", `app field "source"`, "value mapping"},
		},
		{
			name:   "restricted picklist value not in the record type",
			wc:     wc("create", map[string]any{"LeadSource": "Web"}, map[string]string{"LeadSource": "source"}),
			err:    apiErr("INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST", "bad value for restricted picklist field: Web", "LeadSource"),
			code:   "INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST",
			fields: []string{"LeadSource"},
			cause:  []string{`"Web"`, "record type"},
			fix:    []string{`Make "Web" available to the record type`, `app field "source"`},
		},
		{
			name:   "restricted picklist empty, field guessed",
			wc:     wc("create", map[string]any{"LeadSource": nil, "LastName": "Doe"}, map[string]string{"LeadSource": "source"}),
			err:    apiErr("INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST", "bad value for restricted picklist field: null"),
			code:   "INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST",
			fields: []string{"LeadSource"},
			cause:  []string{`"Lead Source" (LeadSource)`, "an empty value", `"Web", "Phone Inquiry"`},
			fix:    []string{`Fill in app field "source"`},
		},
		{
			name:   "validation rule",
			wc:     wc("update", map[string]any{"Email": "x@example.com"}, map[string]string{"Email": "email"}),
			err:    apiErr("FIELD_CUSTOM_VALIDATION_EXCEPTION", "Email must be a company address", "Email"),
			code:   "FIELD_CUSTOM_VALIDATION_EXCEPTION",
			fields: []string{"Email"},
			cause:  []string{`"Email must be a company address"`, "validation rule", `"x@example.com"`},
			fix:    []string{`app field "email"`, "satisfies the rule", "Salesforce admin"},
		},
		{
			name:   "field not writable by field-level security",
			wc:     wc("create", map[string]any{"Salary__c": 10.0}, map[string]string{"Salary__c": "salary"}),
			err:    apiErr("INVALID_FIELD_FOR_INSERT_UPDATE", "Unable to create/update fields: Salary__c.", "Salary__c"),
			code:   "INVALID_FIELD_FOR_INSERT_UPDATE",
			fields: []string{"Salary__c"},
			cause:  []string{`"Salary" (Salary__c)`, "field-level security", "create"},
			fix:    []string{"permission set Edit access", `"into the app only"`, "Salary"},
		},
		{
			name:   "formula field, found in the describe",
			wc:     wc("update", map[string]any{"Full_Name__c": "Jane Doe", "LastName": "Doe"}, map[string]string{"Full_Name__c": "name"}),
			err:    apiErr("INVALID_FIELD_FOR_INSERT_UPDATE", "Unable to create/update fields"),
			code:   "INVALID_FIELD_FOR_INSERT_UPDATE",
			fields: []string{"Full_Name__c"},
			cause:  []string{`"Full Name" (Full_Name__c)`, "formula"},
			fix:    []string{`"into the app only"`},
		},
		{
			name:   "field unknown to the user",
			wc:     wc("create", map[string]any{"Secret__c": "x", "LastName": "Doe"}, map[string]string{"Secret__c": "secret"}),
			err:    apiErr("INVALID_FIELD", "No such column 'Secret__c' on sobject of type Contact"),
			code:   "INVALID_FIELD",
			fields: []string{"Secret__c"},
			cause:  []string{"Secret__c", "field-level security", "deleted or renamed"},
			fix:    []string{"permission set Edit access", `"into the app only"`, "fix or remove its mapping"},
		},
		{
			name:  "insufficient access on the record",
			wc:    wc("update", map[string]any{"LastName": "Doe"}, nil),
			err:   apiErr("INSUFFICIENT_ACCESS_OR_READONLY", "insufficient access rights on object id"),
			code:  "INSUFFICIENT_ACCESS_OR_READONLY",
			cause: []string{"may not update", "Edit on Contact", "shared"},
			fix:   []string{"permission set Edit on Contact", "sharing rule", `"into the app only"`},
		},
		{
			name:   "insufficient access on a field",
			wc:     wc("update", map[string]any{"Salary__c": 10.0}, map[string]string{"Salary__c": "salary"}),
			err:    apiErr("INSUFFICIENT_ACCESS_OR_READONLY", "insufficient access", "Salary__c"),
			code:   "INSUFFICIENT_ACCESS_OR_READONLY",
			fields: []string{"Salary__c"},
			cause:  []string{`"Salary" (Salary__c)`, "field-level security"},
			fix:    []string{"Edit access", `"into the app only"`},
		},
		{
			name:   "insufficient access on a referenced record",
			wc:     wc("create", map[string]any{"AccountId": "001000000000001AAA", "LastName": "Doe"}, map[string]string{"AccountId": "company"}),
			err:    apiErr("INSUFFICIENT_ACCESS_ON_CROSS_REFERENCE_ENTITY", "insufficient access rights on cross-reference id"),
			code:   "INSUFFICIENT_ACCESS_ON_CROSS_REFERENCE_ENTITY",
			fields: []string{"AccountId"},
			cause:  []string{`"Account ID" (AccountId)`, `"001000000000001AAA"`, `app field "company"`, "not shared"},
			fix:    []string{"Share that record", "Account records", `app field "company"`, `"into the app only"`},
		},
		{
			name:   "duplicate rule",
			wc:     wc("create", map[string]any{"LastName": "Doe"}, nil),
			err:    &salesforce.APIError{ErrorCode: "DUPLICATES_DETECTED", Message: "Use one of these records?", MatchedIDs: []string{"003A", "003B"}},
			code:   "DUPLICATES_DETECTED",
			cause:  []string{"duplicate rule", "2 existing records", "003A, 003B", "blocked the create"},
			fix:    []string{"Link the app record", "merge", "Allow"},
			links:  []string{"003A", "003B"},
			fields: nil,
		},
		{
			name:  "duplicate rule on update offers no link",
			wc:    wc("update", map[string]any{"LastName": "Doe"}, nil),
			err:   &salesforce.APIError{ErrorCode: "DUPLICATES_DETECTED", Message: "duplicate", MatchedIDs: []string{"003A"}},
			code:  "DUPLICATES_DETECTED",
			cause: []string{"1 existing record (003A)", "blocked the update"},
			fix:   []string{"Merge the records", "Allow"},
			links: []string{"003A"},
		},
		{
			name:   "duplicate value in a unique field, field guessed",
			wc:     wc("create", map[string]any{"Badge__c": "B-7", "LastName": "Doe"}, map[string]string{"Badge__c": "badge"}),
			err:    apiErr("DUPLICATE_VALUE", "duplicate value found: Badge__c duplicates value on record with id: 003C"),
			code:   "DUPLICATE_VALUE",
			fields: []string{"Badge__c"},
			cause:  []string{`"Badge Number" (Badge__c)`, "unique", `"B-7"`, "003C"},
			fix:    []string{`app field "badge"`, "link this app record"},
		},
		{
			name:   "duplicate external id",
			wc:     wc("upsert", map[string]any{"App_Id__c": "rec_1"}, map[string]string{"App_Id__c": "id"}),
			err:    apiErr("DUPLICATE_EXTERNAL_ID", "Duplicate external id specified: rec_1", "App_Id__c"),
			code:   "DUPLICATE_EXTERNAL_ID",
			fields: []string{"App_Id__c"},
			cause:  []string{`"App ID" (App_Id__c)`, `"rec_1"`, "more than one"},
			fix:    []string{"merge", `"App ID"`},
		},
		{
			name:   "string too long",
			wc:     wc("update", map[string]any{"Description": strings.Repeat("é", 40)}, map[string]string{"Description": "notes"}),
			err:    apiErr("STRING_TOO_LONG", "Description: data value too large", "Description"),
			code:   "STRING_TOO_LONG",
			fields: []string{"Description"},
			cause:  []string{`"Contact Description" (Description)`, "at most 32 characters", "has 40", `app field "notes"`},
			fix:    []string{`app field "notes"`, "32 characters or fewer"},
		},
		{
			name:   "invalid email, field guessed",
			wc:     wc("create", map[string]any{"Email": "jane@", "LastName": "Doe"}, map[string]string{"Email": "email"}),
			err:    apiErr("INVALID_EMAIL_ADDRESS", "Email: invalid email address: jane@"),
			code:   "INVALID_EMAIL_ADDRESS",
			fields: []string{"Email"},
			cause:  []string{`"jane@"`, "Email"},
			fix:    []string{`app field "email"`, "name@example.com"},
		},
		{
			name:   "number outside valid range",
			wc:     wc("update", map[string]any{"Score__c": 123456.0}, map[string]string{"Score__c": "score"}),
			err:    apiErr("NUMBER_OUTSIDE_VALID_RANGE", "Lead Score: value outside of valid range on numeric field: 123456", "Score__c"),
			code:   "NUMBER_OUTSIDE_VALID_RANGE",
			fields: []string{"Score__c"},
			cause:  []string{`"Lead Score" (Score__c)`, "3 digits before the decimal point", "123456"},
			fix:    []string{`app field "score"`, "in range"},
		},
		{
			name:   "reference to a missing record",
			wc:     wc("create", map[string]any{"AccountId": "001000000000009AAA"}, map[string]string{"AccountId": "company"}),
			err:    apiErr("INVALID_CROSS_REFERENCE_KEY", "invalid cross reference id", "AccountId"),
			code:   "INVALID_CROSS_REFERENCE_KEY",
			fields: []string{"AccountId"},
			cause:  []string{`"Account ID" (AccountId)`, `"001000000000009AAA"`, "no Account record", `app field "company"`},
			fix:    []string{`app field "company"`, "sync the referenced app record"},
		},
		{
			name:   "malformed id",
			wc:     wc("create", map[string]any{"AccountId": "acme"}, map[string]string{"AccountId": "company"}),
			err:    apiErr("MALFORMED_ID", "Account ID: id value of incorrect type: acme", "AccountId"),
			code:   "MALFORMED_ID",
			fields: []string{"AccountId"},
			cause:  []string{`"Account ID" (AccountId)`, `"acme"`, "15 or 18 characters"},
			fix:    []string{`app field "company"`},
		},
		{
			name:  "record deleted",
			wc:    wc("update", map[string]any{"LastName": "Doe"}, nil),
			err:   apiErr("ENTITY_IS_DELETED", "entity is deleted"),
			code:  "ENTITY_IS_DELETED",
			cause: []string{"Contact record linked to this app record has been deleted"},
			fix:   []string{"Recycle Bin", "unlink the app record"},
		},
		{
			name:  "trigger failed",
			wc:    wc("create", map[string]any{"LastName": "Doe"}, nil),
			err:   apiErr("CANNOT_INSERT_UPDATE_ACTIVATE_ENTITY", "ContactTrigger: execution of BeforeInsert caused by: System.NullPointerException"),
			code:  "CANNOT_INSERT_UPDATE_ACTIVATE_ENTITY",
			cause: []string{"trigger, flow or process", `"ContactTrigger: execution of BeforeInsert caused by: System.NullPointerException"`},
			fix:   []string{"maintains that automation"},
		},
		{
			name:   "field integrity",
			wc:     wc("update", map[string]any{"AccountId": "003000000000001AAA"}, map[string]string{"AccountId": "company"}),
			err:    apiErr("FIELD_INTEGRITY_EXCEPTION", "Account ID: id value of incorrect type: 003000000000001AAA", "AccountId"),
			code:   "FIELD_INTEGRITY_EXCEPTION",
			fields: []string{"AccountId"},
			cause:  []string{`"Account ID" (AccountId)`, "wrong kind of record", `"Account ID: id value of incorrect type: 003000000000001AAA"`},
			fix:    []string{`app field "company"`, "lookup filter"},
		},
		{
			name:  "invalid type",
			wc:    WriteContext{Object: "Invoice__c", Op: "create"},
			err:   apiErr("INVALID_TYPE", "sObject type 'Invoice__c' is not supported."),
			code:  "INVALID_TYPE",
			cause: []string{"Invoice__c", "no access", "sObject type 'Invoice__c' is not supported."},
			fix:   []string{"permission set access to Invoice__c"},
		},
		{
			name:      "request limit",
			wc:        wc("create", nil, nil),
			err:       apiErr("REQUEST_LIMIT_EXCEEDED", "TotalRequests Limit exceeded."),
			code:      "REQUEST_LIMIT_EXCEEDED",
			transient: true,
			cause:     []string{"API request allowance"},
			fix:       []string{"retries automatically"},
		},
		{
			name:      "row locked",
			wc:        wc("update", nil, nil),
			err:       apiErr("UNABLE_TO_LOCK_ROW", "unable to obtain exclusive access to this record"),
			code:      "UNABLE_TO_LOCK_ROW",
			transient: true,
			cause:     []string{"same moment", "Contact"},
			fix:       []string{"retries automatically"},
		},
		{
			name:      "server unavailable",
			wc:        wc("update", nil, nil),
			err:       &salesforce.APIError{StatusCode: 503, ErrorCode: "SERVER_UNAVAILABLE", Message: "Server temporarily unavailable"},
			code:      "SERVER_UNAVAILABLE",
			transient: true,
			cause:     []string{"failed on its side", `"Server temporarily unavailable"`},
			fix:       []string{"retries automatically", "Salesforce Support"},
		},
		{
			name:      "unknown exception",
			wc:        wc("update", nil, nil),
			err:       apiErr("UNKNOWN_EXCEPTION", "An unexpected error occurred. Error ID: 123"),
			code:      "UNKNOWN_EXCEPTION",
			transient: true,
			cause:     []string{"Error ID: 123"},
			fix:       []string{"retries automatically"},
		},
		{
			name:      "http 5xx without a code",
			wc:        wc("update", nil, nil),
			err:       &salesforce.APIError{StatusCode: 502, Message: "Bad Gateway"},
			code:      "http_502",
			transient: true,
			cause:     []string{"HTTP 502", `"Bad Gateway"`},
			fix:       []string{"retries automatically"},
		},
		{
			name:      "session expired",
			wc:        wc("update", nil, nil),
			err:       &salesforce.APIError{StatusCode: 401, ErrorCode: "INVALID_SESSION_ID", Message: "Session expired or invalid"},
			code:      "INVALID_SESSION_ID",
			transient: true,
			cause:     []string{"access token expired"},
			fix:       []string{"new token"},
		},
		{
			name:   "unknown code quotes Salesforce",
			wc:     wc("create", map[string]any{"LastName": "Doe"}, nil),
			err:    apiErr("LIMIT_EXCEEDED", "Maximum per user subscription limit reached.", "LastName"),
			code:   "LIMIT_EXCEEDED",
			fields: []string{"LastName"},
			cause:  []string{"LIMIT_EXCEEDED", `"Maximum per user subscription limit reached."`, `"Last Name" (LastName)`},
			fix:    []string{"Look up LIMIT_EXCEEDED"},
		},
		{
			name:   "unknown code on a field the describe shows read-only",
			wc:     wc("create", map[string]any{"Salary__c": 1.0}, map[string]string{"Salary__c": "salary"}),
			err:    apiErr("SOME_NEW_CODE", "cannot write Salary__c", "Salary__c"),
			code:   "SOME_NEW_CODE",
			fields: []string{"Salary__c"},
			cause:  []string{"field-level security", `"cannot write Salary__c"`},
			fix:    []string{`"into the app only"`},
		},
		{
			name:  "wrapped APIError",
			wc:    wc("create", map[string]any{"LastName": "Doe"}, nil),
			err:   fmt.Errorf("creating Contact records: %w", apiErr("ENTITY_IS_DELETED", "entity is deleted", "AccountId")),
			code:  "ENTITY_IS_DELETED",
			cause: []string{`"Account ID" (AccountId) points to a record that has been deleted in Salesforce`},
			fix:   []string{"Recycle Bin"},
			// The reference field, not the record, was deleted.
			fields: []string{"AccountId"},
		},
		{
			name:      "network failure",
			wc:        wc("create", nil, nil),
			err:       &url.Error{Op: "Post", URL: "https://example.my.salesforce.com", Err: errors.New("connection refused")},
			code:      codeUnreachable,
			transient: true,
			cause:     []string{"could not be reached", "connection refused"},
			fix:       []string{"retries automatically"},
		},
		{
			name:      "deadline",
			wc:        wc("create", nil, nil),
			err:       fmt.Errorf("creating Contact records: %w", context.DeadlineExceeded),
			code:      codeUnreachable,
			transient: true,
			cause:     []string{"could not be reached"},
			fix:       []string{"retries automatically"},
		},
		{
			name:      "outcome unknown",
			wc:        wc("create", nil, nil),
			err:       &salesforce.OutcomeUnknownError{Method: "POST", Path: "composite/sobjects", Err: errors.New("unexpected EOF")},
			code:      codeOutcomeUnknown,
			transient: true,
			cause:     []string{"not known whether Salesforce saved it", "unexpected EOF"},
			fix:       []string{"looks for the record it may have created"},
		},
		{
			name:  "reauthorization",
			wc:    wc("create", nil, nil),
			err:   &salesforce.ReauthorizationError{Code: "invalid_grant", Description: "expired access/refresh token"},
			code:  codeReauthorize,
			cause: []string{"authorization", "invalid_grant"},
			fix:   []string{"Reconnect"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got := explainWrite(tt.wc, tt.err)
			if got.Code != tt.code {
				t.Errorf("Code = %q, want %q", got.Code, tt.code)
			}
			if !slices.Equal(got.Fields, tt.fields) {
				t.Errorf("Fields = %q, want %q", got.Fields, tt.fields)
			}
			if got.Transient != tt.transient {
				t.Errorf("Transient = %v, want %v", got.Transient, tt.transient)
			}
			if !slices.Equal(got.LinkCandidates, tt.links) {
				t.Errorf("LinkCandidates = %q, want %q", got.LinkCandidates, tt.links)
			}
			for _, s := range tt.cause {
				if !strings.Contains(got.Cause, s) {
					t.Errorf("Cause does not mention %q:\n%s", s, got.Cause)
				}
			}
			for _, s := range tt.fix {
				if !strings.Contains(got.Fix, s) {
					t.Errorf("Fix does not mention %q:\n%s", s, got.Fix)
				}
			}
			if got.Cause == "" || got.Fix == "" {
				t.Errorf("Cause %q or Fix %q is empty", got.Cause, got.Fix)
			}
		})
	}
}

// TestExplainWriteRequiredMixed checks that one error about a mapped and
// an unmapped field gives both fixes.
func TestExplainWriteRequiredMixed(t *testing.T) {
	t.Parallel()
	wc := WriteContext{Object: "Contact", Describe: contactDescribe(), Op: "create",
		Sent: map[string]any{"LastName": nil}, Mapped: map[string]string{"LastName": "surname"}}
	got := explainWrite(wc, &salesforce.APIError{ErrorCode: "REQUIRED_FIELD_MISSING", Fields: []string{"LastName", "Badge__c"}})
	for _, s := range []string{`Fill in app field "surname"`, `Map an app field to "Badge Number" (Badge__c)`} {
		if !strings.Contains(got.Fix, s) {
			t.Errorf("Fix does not say %q:\n%s", s, got.Fix)
		}
	}
}

// TestExplainWriteNoDescribe checks that explanations name fields by API
// name when the describe is not at hand.
func TestExplainWriteNoDescribe(t *testing.T) {
	t.Parallel()
	wc := WriteContext{Object: "Contact", Op: "update", Sent: map[string]any{"Description": "long"}, Mapped: map[string]string{"Description": "notes"}}
	got := explainWrite(wc, &salesforce.APIError{ErrorCode: "STRING_TOO_LONG", Message: "too long", Fields: []string{"Description"}})
	if !strings.Contains(got.Cause, "Description holds fewer characters") || !strings.Contains(got.Fix, `app field "notes"`) {
		t.Errorf("explanation without describe:\n%s\n%s", got.Cause, got.Fix)
	}
}

func TestWriteFailureMessage(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		f    WriteFailure
		want string
	}{
		{"one field", WriteFailure{Code: "REQUIRED_FIELD_MISSING", Object: "Contact", Fields: []string{"LastName"}, Cause: "Cause.", Fix: "Fix."},
			"REQUIRED_FIELD_MISSING on Contact.LastName: Cause. Fix."},
		{"two fields", WriteFailure{Code: "X", Object: "Contact", Fields: []string{"A", "B"}, Cause: "Cause.", Fix: "Fix."},
			"X on Contact.A, Contact.B: Cause. Fix."},
		{"no field", WriteFailure{Code: "UNABLE_TO_LOCK_ROW", Object: "Contact", Cause: "Cause.", Fix: "Fix."},
			"UNABLE_TO_LOCK_ROW on Contact: Cause. Fix."},
		{"no object", WriteFailure{Code: "salesforce_unreachable", Cause: "Cause.", Fix: "Fix."},
			"salesforce_unreachable: Cause. Fix."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := tt.f.Message(); got != tt.want {
				t.Errorf("Message() = %q, want %q", got, tt.want)
			}
		})
	}
}

// TestExplainWriteKeepsAPIErrorIntact checks that the failure does not
// share slices with the error it explains.
func TestExplainWriteKeepsAPIErrorIntact(t *testing.T) {
	t.Parallel()
	e := &salesforce.APIError{ErrorCode: "DUPLICATES_DETECTED", Fields: []string{"LastName"}, MatchedIDs: []string{"003A"}}
	got := explainWrite(WriteContext{Object: "Contact", Op: "create"}, e)
	got.Fields[0], got.LinkCandidates[0] = "changed", "changed"
	if e.Fields[0] != "LastName" || e.MatchedIDs[0] != "003A" {
		t.Errorf("explainWrite shares slices with the APIError: %+v", e)
	}
}
