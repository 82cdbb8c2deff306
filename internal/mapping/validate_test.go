package mapping_test

import (
	"reflect"
	"testing"

	"github.com/sfbridge/sfbridge/internal/mapping"
	"github.com/sfbridge/sfbridge/internal/store"
	"github.com/sfbridge/sfbridge/salesforce"
)

func contactDescribe() *salesforce.SObjectDescribe {
	bounced := sfField("IsEmailBounced", "boolean")
	bounced.Createable, bounced.Updateable = false, false
	return &salesforce.SObjectDescribe{
		SObjectSummary: salesforce.SObjectSummary{Name: "Contact"},
		Fields: []salesforce.Field{
			*sfField("Email", "email"), *sfField("LastName", "string"), *sfField("Title", "string"), *sfField("Department", "string"),
			*sfField("NumberOfEmployees", "int"), *bounced, *ratingField,
			*sfRef("AccountId", "Account"), *sfField("LastModifiedDate", "datetime"),
		},
	}
}

func contactType() store.AppType {
	return store.AppType{Name: "contact", Fields: []store.AppField{
		appF("email", store.AppEmail), appF("last_name", store.AppText), appF("title", store.AppText),
		appF("job", store.AppText), appF("bounced", store.AppBoolean), listApp,
		appRef("account", "account"), appF("touched", store.AppDate),
	}}
}

func fm(app, sf, dir string) store.FieldMapping {
	return store.FieldMapping{Object: "Contact", AppField: app, SFField: sf, Direction: dir}
}

func TestValidate(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		mappings []store.FieldMapping
		want     []mapping.Problem
	}{
		{
			name: "valid",
			mappings: []store.FieldMapping{
				fm("email", "Email", "both"), fm("last_name", "LastName", "both"),
				fm("bounced", "IsEmailBounced", "inbound"), fm("rating", "rating", "both"),
				fm("account", "AccountId", "both"), fm("touched", "LastModifiedDate", "inbound"),
				// One app field may feed two Salesforce fields.
				fm("title", "Title", "both"), fm("title", "Department", "outbound"),
			},
		},
		{
			name:     "unknown app field",
			mappings: []store.FieldMapping{fm("nickname", "LastName", "both")},
			want: []mapping.Problem{{Field: "nickname", SFField: "LastName", Code: mapping.CodeUnknownAppField,
				Message: "app type contact has no field nickname"}},
		},
		{
			name:     "hidden or unknown Salesforce field",
			mappings: []store.FieldMapping{fm("title", "Secret__c", "inbound")},
			want: []mapping.Problem{{Field: "title", SFField: "Secret__c", Code: mapping.CodeHiddenSFField,
				Message: "Salesforce field Secret__c is not in the describe of Contact: it does not exist, or field-level security hides it from the connected user"}},
		},
		{
			name:     "incompatible types",
			mappings: []store.FieldMapping{fm("email", "NumberOfEmployees", "both")},
			want: []mapping.Problem{{Field: "email", SFField: "NumberOfEmployees", Code: mapping.CodeIncompatible,
				Message: "app field email (email) cannot map to Salesforce field NumberOfEmployees (int): an email field maps to a Salesforce email or string field"}},
		},
		{
			name:     "reference to an object synced as another type",
			mappings: []store.FieldMapping{{Object: "Contact", AppField: "job", SFField: "AccountId", Direction: "both"}},
			want: []mapping.Problem{{Field: "job", SFField: "AccountId", Code: mapping.CodeIncompatible,
				Message: "app field job (text) cannot map to Salesforce field AccountId (reference to Account): a text field maps to a Salesforce string, textarea, email, phone, url, picklist, combobox or address field"}},
		},
		{
			name:     "read-only field written",
			mappings: []store.FieldMapping{fm("bounced", "IsEmailBounced", "both")},
			want: []mapping.Problem{{Field: "bounced", SFField: "IsEmailBounced", Code: mapping.CodeReadOnly,
				Message: "app field bounced cannot be written to Salesforce field IsEmailBounced (direction both): Salesforce field IsEmailBounced is read-only; map it inbound"}},
		},
		{
			name:     "datetime into date written back",
			mappings: []store.FieldMapping{fm("touched", "LastModifiedDate", "outbound")},
			want: []mapping.Problem{{Field: "touched", SFField: "LastModifiedDate", Code: mapping.CodeReadOnly,
				Message: "app field touched cannot be written to Salesforce field LastModifiedDate (direction outbound): a datetime is read into a date as its UTC date, and a date alone cannot give back the time; map it inbound"}},
		},
		{
			name:     "same Salesforce field written twice",
			mappings: []store.FieldMapping{fm("title", "Title", "both"), fm("job", "title", "outbound")},
			want: []mapping.Problem{{Field: "job", SFField: "title", Code: mapping.CodeDuplicateSFField,
				Message: "Salesforce field title is written from both app fields title and job; only one may go outbound"}},
		},
		{
			name:     "same Salesforce field read twice is fine",
			mappings: []store.FieldMapping{fm("title", "Title", "both"), fm("job", "Title", "inbound")},
		},
		{
			name:     "same app field read twice",
			mappings: []store.FieldMapping{fm("title", "Title", "inbound"), fm("title", "LastName", "both")},
			want: []mapping.Problem{{Field: "title", SFField: "LastName", Code: mapping.CodeDuplicateAppField,
				Message: "app field title is read from both Salesforce fields Title and LastName; only one may come inbound"}},
		},
		{
			name:     "bad direction",
			mappings: []store.FieldMapping{fm("title", "Title", "sideways")},
			want: []mapping.Problem{{Field: "title", SFField: "Title", Code: mapping.CodeBadDirection,
				Message: `mapping title <-> Title has direction "sideways"; want inbound, outbound or both`}},
		},
		{
			name:     "wrong object",
			mappings: []store.FieldMapping{{Object: "Lead", AppField: "title", SFField: "Title", Direction: "both"}},
			want: []mapping.Problem{{Field: "title", SFField: "Title", Code: mapping.CodeWrongObject,
				Message: "mapping title <-> Title is of object Lead, not Contact"}},
		},
		{
			name:     "several problems on one mapping",
			mappings: []store.FieldMapping{fm("nickname", "Secret__c", "both")},
			want: []mapping.Problem{
				{Field: "nickname", SFField: "Secret__c", Code: mapping.CodeUnknownAppField, Message: "app type contact has no field nickname"},
				{Field: "nickname", SFField: "Secret__c", Code: mapping.CodeHiddenSFField, Message: "Salesforce field Secret__c is not in the describe of Contact: it does not exist, or field-level security hides it from the connected user"},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got := mapping.Validate(contactType(), contactDescribe(), tt.mappings, nil)
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Validate =\n%+v\nwant\n%+v", got, tt.want)
			}
		})
	}
}

func TestValidateObjectTypes(t *testing.T) {
	t.Parallel()
	// An org that syncs Account as "company" needs that in objects.
	at := store.AppType{Name: "contact", Fields: []store.AppField{appRef("company", "company")}}
	ms := []store.FieldMapping{fm("company", "AccountId", "both")}
	if got := mapping.Validate(at, contactDescribe(), ms, nil); len(got) != 1 || got[0].Code != mapping.CodeIncompatible {
		t.Errorf("with default objects: %+v, want one incompatible", got)
	}
	if got := mapping.Validate(at, contactDescribe(), ms, mapping.ObjectTypes{"Account": "company"}); len(got) != 0 {
		t.Errorf("with Account as company: %+v, want none", got)
	}
}

func TestValidateNilDescribe(t *testing.T) {
	t.Parallel()
	got := mapping.Validate(contactType(), nil, []store.FieldMapping{fm("title", "Title", "both")}, nil)
	if len(got) != 1 || got[0].Code != mapping.CodeHiddenSFField {
		t.Errorf("Validate with no describe = %+v, want one hidden field", got)
	}
}

func TestOptionGaps(t *testing.T) {
	t.Parallel()
	at := store.AppType{Name: "contact", Fields: []store.AppField{
		{Name: "rating", Type: store.AppList, Options: []string{"hot", "tepid"}},
		{Name: "open", Type: store.AppList},
		{Name: "matched", Type: store.AppList, Options: []string{"Hot", "Warm", "Cold"}},
		appF("title", store.AppText),
	}}
	ms := []store.FieldMapping{
		fm("rating", "Rating", "both"), fm("open", "Rating", "inbound"),
		fm("matched", "Rating", "inbound"), fm("title", "Rating", "inbound"),
		fm("rating", "Missing__c", "inbound"),
	}
	got := mapping.OptionGaps(at, contactDescribe(), ms)
	want := []mapping.OptionGap{{Field: "rating", SFField: "Rating", UnmatchedApp: []string{"tepid"}, UnmatchedSF: []string{"Warm", "Cold"}}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("OptionGaps = %+v, want %+v", got, want)
	}
}
