package salesforce_test

import (
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/sfbridge/sfbridge/salesforce"
)

func TestParseBulkError(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, in string
		want     salesforce.APIError
	}{
		{"one field", "REQUIRED_FIELD_MISSING:Required fields are missing: [Name]:Name --",
			salesforce.APIError{ErrorCode: "REQUIRED_FIELD_MISSING", Message: "Required fields are missing: [Name]", Fields: []string{"Name"}}},
		{"no field", "ENTITY_IS_DELETED:entity is deleted:--",
			salesforce.APIError{ErrorCode: "ENTITY_IS_DELETED", Message: "entity is deleted"}},
		{"fields by comma", "REQUIRED_FIELD_MISSING:Required fields are missing: [LastName, Company]:LastName,Company --",
			salesforce.APIError{ErrorCode: "REQUIRED_FIELD_MISSING", Message: "Required fields are missing: [LastName, Company]", Fields: []string{"LastName", "Company"}}},
		{"fields by space", "REQUIRED_FIELD_MISSING:Required fields are missing: [LastName, Company]:LastName Company --",
			salesforce.APIError{ErrorCode: "REQUIRED_FIELD_MISSING", Message: "Required fields are missing: [LastName, Company]", Fields: []string{"LastName", "Company"}}},
		{"custom field", "INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST:bad value for restricted picklist field: Platinum:Tier__c --",
			salesforce.APIError{ErrorCode: "INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST", Message: "bad value for restricted picklist field: Platinum", Fields: []string{"Tier__c"}}},
		{"validation rule", "FIELD_CUSTOM_VALIDATION_EXCEPTION:Interns are not tracked in the CRM.:Title --",
			salesforce.APIError{ErrorCode: "FIELD_CUSTOM_VALIDATION_EXCEPTION", Message: "Interns are not tracked in the CRM.", Fields: []string{"Title"}}},
		{"colon in the message, no field", "UNABLE_TO_LOCK_ROW:unable to obtain exclusive access to this record or 1 records: 003000000000001AAA:--",
			salesforce.APIError{ErrorCode: "UNABLE_TO_LOCK_ROW", Message: "unable to obtain exclusive access to this record or 1 records: 003000000000001AAA"}},
		{"not a field list", "DUPLICATE_VALUE:duplicate value found: Email duplicates value on record with id: 003x --",
			salesforce.APIError{ErrorCode: "DUPLICATE_VALUE", Message: "duplicate value found: Email duplicates value on record with id: 003x"}},
		{"no terminator", "UNKNOWN_EXCEPTION:something broke: badly",
			salesforce.APIError{ErrorCode: "UNKNOWN_EXCEPTION", Message: "something broke: badly"}},
		{"no code", "Something went wrong", salesforce.APIError{Message: "Something went wrong"}},
		{"lowercase is no code", "oops: x:--", salesforce.APIError{Message: "oops: x:--"}},
		{"empty", "", salesforce.APIError{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got := salesforce.ParseBulkError(tt.in)
			if !reflect.DeepEqual(*got, tt.want) {
				t.Errorf("ParseBulkError(%q) = %#v, want %#v", tt.in, *got, tt.want)
			}
		})
	}
	if err := error(salesforce.ParseBulkError("ENTITY_IS_DELETED:entity is deleted:--")); !errors.Is(err, salesforce.ErrEntityDeleted) {
		t.Errorf("%v is not ErrEntityDeleted", err)
	}
}

func FuzzParseBulkError(f *testing.F) {
	for _, s := range []string{"REQUIRED_FIELD_MISSING:Required fields are missing: [Name]:Name --", "ENTITY_IS_DELETED:entity is deleted:--", "X:::--", ":--", "A:b:c,d --"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		e := salesforce.ParseBulkError(s)
		if e == nil {
			t.Fatal("nil error")
		}
		if e.ErrorCode != "" && !strings.HasPrefix(strings.TrimSpace(s), e.ErrorCode+":") {
			t.Errorf("code %q is not the text's prefix: %q", e.ErrorCode, s)
		}
		for _, f := range e.Fields {
			if f == "" || strings.ContainsAny(f, " ,:") {
				t.Errorf("field %q of %q", f, s)
			}
		}
	})
}
