package actions

import (
	"errors"
	"strings"
	"testing"

	"github.com/sfbridge/sfbridge/salesforce"
)

var testDescribe = &salesforce.SObjectDescribe{
	SObjectSummary: salesforce.SObjectSummary{Name: "Lead"},
	Fields: []salesforce.Field{
		{Name: "LastName", Label: "Last Name", Type: "string", Createable: true, Length: 80},
		{Name: "Company", Label: "Company", Type: "string", Createable: true},
		{Name: "Status", Label: "Status", Type: "picklist", Createable: true, DefaultedOnCreate: true, RestrictedPicklist: true,
			PicklistValues: []salesforce.PicklistValue{{Value: "Open", Active: true}, {Value: "Old"}}},
		{Name: "DoNotCall", Label: "Do Not Call", Type: "boolean", Createable: true},
		{Name: "Email", Label: "Email", Type: "email", Createable: true, Nillable: true},
		{Name: "Id", Label: "Lead ID", Type: "id"},
	},
}

func TestRequired(t *testing.T) {
	t.Parallel()
	got := required(testDescribe)
	if len(got) != 2 || got[0].Name != "LastName" || got[1].Name != "Company" {
		t.Errorf("required = %+v: defaulted, checkbox, nillable and read-only fields are not required", got)
	}
	for _, tc := range []struct {
		name    string
		fields  map[string]any
		missing string
	}{
		{"all there, any case", map[string]any{"lastname": "L", "Company": "C"}, ""},
		{"an empty string", map[string]any{"LastName": " ", "Company": "C"}, "LastName"},
		{"a null", map[string]any{"LastName": "L", "Company": nil}, "Company"},
	} {
		err := checkFields(testDescribe, tc.fields)
		var m *MissingFieldsError
		switch {
		case tc.missing == "" && err != nil:
			t.Errorf("%s: %v", tc.name, err)
		case tc.missing != "" && (!errors.As(err, &m) || len(m.Fields) != 1 || m.Fields[0].Name != tc.missing):
			t.Errorf("%s: %v, want %s missing", tc.name, err, tc.missing)
		}
	}
}

func TestExplain(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		code, msg string
		fields    []string
		cause     string
		fix       string
	}{
		{"REQUIRED_FIELD_MISSING", "Required fields are missing: [Company]", []string{"Company"}, "Company (Company)", "Send a value"},
		{"INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST", "bad value", []string{"Status"}, "Status (Status) only takes", "\u201cOpen\u201d."},
		{"STRING_TOO_LONG", "too long", []string{"LastName"}, "Last Name (LastName)", "at most 80 characters"},
		{"DUPLICATES_DETECTED", "dup", nil, "exists already", "existing record"},
		{"SOMETHING_NEW", "Odd things happened.", nil, "\u201cOdd things happened.\u201d", "Setup"},
	} {
		e := explain(testDescribe, &salesforce.APIError{StatusCode: 400, ErrorCode: tc.code, Message: tc.msg, Fields: tc.fields})
		if !strings.Contains(e.Cause, tc.cause) || !strings.Contains(e.Fix, tc.fix) || e.Code != tc.code || !strings.Contains(e.Error(), tc.code) {
			t.Errorf("%s: cause %q, fix %q", tc.code, e.Cause, e.Fix)
		}
	}
}
