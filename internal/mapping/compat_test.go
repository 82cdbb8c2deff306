package mapping_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/sfbridge/sfbridge/internal/mapping"
	"github.com/sfbridge/sfbridge/internal/store"
	"github.com/sfbridge/sfbridge/salesforce"
)

// sfField is a writable Salesforce field of type typ.
func sfField(name, typ string) *salesforce.Field {
	return &salesforce.Field{Name: name, Label: name, Type: typ, Createable: true, Updateable: true, Nillable: true}
}

func sfRef(name string, to ...string) *salesforce.Field {
	f := sfField(name, "reference")
	f.ReferenceTo = to
	return f
}

func appF(name string, typ store.AppFieldType) store.AppField {
	return store.AppField{Name: name, Label: name, Type: typ}
}

func appRef(name, refType string) store.AppField {
	return store.AppField{Name: name, Type: store.AppReference, RefType: refType}
}

// sfTypes are every describe type the matrix is tested against.
var sfTypes = []string{
	"id", "string", "textarea", "picklist", "multipicklist", "combobox", "reference",
	"email", "phone", "url", "boolean", "int", "double", "currency", "percent",
	"date", "datetime", "time", "address", "location", "base64", "anyType",
	"long", "encryptedstring",
}

// TestCompatibleMatrix checks every app type against every Salesforce
// type: the accepted ones are exactly these.
func TestCompatibleMatrix(t *testing.T) {
	t.Parallel()
	accepted := map[store.AppFieldType][]string{
		store.AppText:      {"string", "textarea", "picklist", "combobox", "email", "phone", "url", "address", "encryptedstring"},
		store.AppLongText:  {"string", "textarea", "address", "encryptedstring"},
		store.AppEmail:     {"string", "email"},
		store.AppPhone:     {"string", "phone"},
		store.AppURL:       {"string", "url"},
		store.AppNumber:    {"int", "double", "currency", "percent", "long"},
		store.AppCurrency:  {"int", "double", "currency", "percent", "long"},
		store.AppPercent:   {"int", "double", "currency", "percent", "long"},
		store.AppBoolean:   {"boolean"},
		store.AppDate:      {"date", "datetime"},
		store.AppDateTime:  {"datetime"},
		store.AppList:      {"picklist", "combobox"},
		store.AppMultiList: {"multipicklist"},
		store.AppReference: {"reference"},
	}
	for appType, want := range accepted {
		for _, st := range sfTypes {
			app := appF("f", appType)
			sf := sfField("X", st)
			if appType == store.AppReference {
				app.RefType = "account"
				sf.ReferenceTo = []string{"Account"}
			}
			ok, why := mapping.Compatible(app, sf, nil)
			if ok != slices.Contains(want, st) {
				t.Errorf("Compatible(%s, %s) = %v (%s)", appType, st, ok, why)
			}
			if ok && why != "" {
				t.Errorf("Compatible(%s, %s) ok with why %q", appType, st, why)
			}
			appDesc := string(appType)
			if appType == store.AppReference {
				appDesc = "reference to account"
			}
			if !ok && !strings.HasPrefix(why, "app field f ("+appDesc+") cannot map to Salesforce field X ("+st+"): ") {
				t.Errorf("Compatible(%s, %s) why = %q, want both types named", appType, st, why)
			}
		}
	}
}

func TestCompatibleMessages(t *testing.T) {
	t.Parallel()
	objects := mapping.ObjectTypes{"Account": "account", "Contact": "contact", "User": "user"}
	tests := []struct {
		name string
		app  store.AppField
		sf   *salesforce.Field
		ok   bool
		why  string
	}{
		{"email to int", appF("email", store.AppEmail), sfField("NumberOfEmployees", "int"), false,
			"app field email (email) cannot map to Salesforce field NumberOfEmployees (int): an email field maps to a Salesforce email or string field"},
		{"text to string", appF("title", store.AppText), sfField("Title", "string"), true, ""},
		{"long text to email", appF("notes", store.AppLongText), sfField("Email", "email"), false,
			"app field notes (long_text) cannot map to Salesforce field Email (email): a long text field maps to a Salesforce textarea or string field"},
		{"number to currency", appF("revenue", store.AppNumber), sfField("AnnualRevenue", "currency"), true, ""},
		{"number to string", appF("revenue", store.AppNumber), sfField("Name", "string"), false,
			"app field revenue (number) cannot map to Salesforce field Name (string): a number maps to a Salesforce int, double, currency or percent field"},
		{"boolean to string", appF("vip", store.AppBoolean), sfField("Name", "string"), false,
			"app field vip (boolean) cannot map to Salesforce field Name (string): a boolean maps to a Salesforce boolean (checkbox) field"},
		{"datetime to date", appF("at", store.AppDateTime), sfField("CloseDate", "date"), false,
			"app field at (datetime) cannot map to Salesforce field CloseDate (date): a datetime maps to a Salesforce datetime field"},
		{"list to multipicklist", appF("tags", store.AppList), sfField("Tags", "multipicklist"), false,
			"app field tags (list) cannot map to Salesforce field Tags (multipicklist): a list maps to a Salesforce picklist or combobox field, option by option"},
		{"multi-list to picklist", appF("tags", store.AppMultiList), sfField("Rating", "picklist"), false,
			"app field tags (multi_list) cannot map to Salesforce field Rating (picklist): a multi-list maps to a Salesforce multipicklist field"},
		{"reference to matching object", appRef("account", "account"), sfRef("AccountId", "Account"), true, ""},
		{"reference polymorphic", appRef("who", "contact"), sfRef("WhoId", "Contact", "Lead"), true, ""},
		{"reference case-insensitive object", appRef("account", "account"), sfRef("AccountId", "ACCOUNT"), true, ""},
		{"reference to other object", appRef("account", "account"), sfRef("OwnerId", "Group", "User"), false,
			"app field account (reference to account) cannot map to Salesforce field OwnerId (reference to Group, User): none of Group, User is synced as app type account"},
		{"reference without ref type", appF("parent", store.AppReference), sfRef("ParentId", "Account"), false,
			"app field parent (reference) cannot map to Salesforce field ParentId (reference to Account): the app field does not say which app type it references"},
		{"reference to text", appRef("account", "account"), sfField("Name", "string"), false,
			"app field account (reference to account) cannot map to Salesforce field Name (string): a reference maps to a Salesforce reference (lookup) field"},
		{"unknown app type", appF("x", "colour"), sfField("Name", "string"), false,
			`app field x (colour) cannot map to Salesforce field Name (string): "colour" is not an app field type`},
		{"nil salesforce field", appF("x", store.AppText), nil, false,
			"app field x (text) has no Salesforce field to map to"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			ok, why := mapping.Compatible(tt.app, tt.sf, objects)
			if ok != tt.ok || why != tt.why {
				t.Errorf("Compatible = %v, %q\nwant %v, %q", ok, why, tt.ok, tt.why)
			}
		})
	}
}

func TestInboundOnly(t *testing.T) {
	t.Parallel()
	readOnly := sfField("IsClosed", "boolean")
	readOnly.Createable, readOnly.Updateable = false, false
	formula := sfField("ExpectedRevenue", "currency")
	formula.Calculated = true
	createOnly := sfField("IsConverted", "boolean")
	createOnly.Updateable = false
	tests := []struct {
		name string
		app  store.AppField
		sf   *salesforce.Field
		want bool
		why  string
	}{
		{"writable", appF("vip", store.AppBoolean), sfField("VIP__c", "boolean"), false, ""},
		{"read-only", appF("closed", store.AppBoolean), readOnly, true, "Salesforce field IsClosed is read-only"},
		{"formula", appF("er", store.AppCurrency), formula, true, "Salesforce field ExpectedRevenue is a formula and cannot be written"},
		{"create only is writable", appF("conv", store.AppBoolean), createOnly, false, ""},
		{"datetime into date", appF("d", store.AppDate), sfField("LastModifiedDate", "datetime"), true,
			"a datetime is read into a date as its UTC date, and a date alone cannot give back the time"},
		{"address into text", appF("a", store.AppText), sfField("BillingAddress", "address"), true,
			"a compound address is read-only in Salesforce; map its components (street, city, ...) to write it"},
		{"nil", appF("a", store.AppText), nil, false, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, why := mapping.InboundOnly(tt.app, tt.sf)
			if got != tt.want || why != tt.why {
				t.Errorf("InboundOnly = %v, %q; want %v, %q", got, why, tt.want, tt.why)
			}
		})
	}
}

func TestChoices(t *testing.T) {
	t.Parallel()
	d := &salesforce.SObjectDescribe{Fields: []salesforce.Field{
		*sfField("Id", "id"), *sfField("Name", "string"), *sfField("Email", "email"),
		*sfField("Phone", "phone"), *sfField("Description", "textarea"),
		*sfField("NumberOfEmployees", "int"), *sfField("AnnualRevenue", "currency"),
		*sfField("Rating", "picklist"), *sfField("Tags__c", "multipicklist"),
		*sfRef("AccountId", "Account"), *sfRef("OwnerId", "User"),
		*sfField("Birthdate", "date"), *sfField("CreatedDate", "datetime"),
		*sfField("HasOptedOutOfEmail", "boolean"),
	}}
	tests := []struct {
		app  store.AppField
		want []string
	}{
		{appF("email", store.AppEmail), []string{"Name", "Email"}},
		{appF("notes", store.AppLongText), []string{"Name", "Description"}},
		{appF("n", store.AppNumber), []string{"NumberOfEmployees", "AnnualRevenue"}},
		{appF("d", store.AppDate), []string{"Birthdate", "CreatedDate"}},
		{appF("l", store.AppList), []string{"Rating"}},
		{appF("m", store.AppMultiList), []string{"Tags__c"}},
		{appRef("owner", "user"), []string{"OwnerId"}},
		{appRef("account", "account"), []string{"AccountId"}},
		{appF("b", store.AppBoolean), []string{"HasOptedOutOfEmail"}},
	}
	for _, tt := range tests {
		if got := mapping.Choices(tt.app, d, nil); !slices.Equal(got, tt.want) {
			t.Errorf("Choices(%s) = %v, want %v", tt.app.Type, got, tt.want)
		}
	}
	if got := mapping.Choices(appF("x", store.AppText), nil, nil); got != nil {
		t.Errorf("Choices with no describe = %v", got)
	}
}
