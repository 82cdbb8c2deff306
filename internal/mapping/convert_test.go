package mapping_test

import (
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/sfbridge/sfbridge/internal/mapping"
	"github.com/sfbridge/sfbridge/internal/store"
	"github.com/sfbridge/sfbridge/salesforce"
)

var (
	ratingField = func() *salesforce.Field {
		f := sfField("Rating", "picklist")
		f.PicklistValues = []salesforce.PicklistValue{pv("Hot", "Hot"), pv("Warm", "Warm"), pv("Cold", "Cold")}
		return f
	}()
	forecastField = func() *salesforce.Field {
		f := sfField("ForecastCategory", "picklist")
		f.RestrictedPicklist = true
		f.PicklistValues = []salesforce.PicklistValue{pv("Pipeline", "Pipeline"), pv("BestCase", "Best Case"), pv("Forecast", "Commit")}
		return f
	}()
	interestsField = func() *salesforce.Field {
		f := sfField("Interests__c", "multipicklist")
		f.PicklistValues = []salesforce.PicklistValue{pv("Golf", "Golf"), pv("Ski", "Skiing"), pv("Sail", "Sailing")}
		return f
	}()
	titleField = func() *salesforce.Field {
		f := sfField("Title", "string")
		f.Length = 10
		return f
	}()
	formulaField = func() *salesforce.Field {
		f := sfField("ExpectedRevenue", "currency")
		f.Calculated, f.Createable, f.Updateable = true, false, false
		return f
	}()
	readOnlyField = func() *salesforce.Field {
		f := sfField("IsClosed", "boolean")
		f.Createable, f.Updateable = false, false
		return f
	}()
	listApp  = store.AppField{Name: "rating", Type: store.AppList, Options: []string{"hot", "warm", "cold"}}
	multiApp = store.AppField{Name: "interests", Type: store.AppMultiList, Options: []string{"golf", "skiing", "sailing"}}
)

type convCase struct {
	name string
	app  store.AppField
	sf   *salesforce.Field
	in   any
	want any
	// err, when set, is a substring of the ConversionError's reason.
	err string
}

func runConv(t *testing.T, tests []convCase, conv func(store.AppField, *salesforce.Field, any) (any, error)) {
	t.Helper()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := conv(tt.app, tt.sf, tt.in)
			if tt.err != "" {
				var ce *mapping.ConversionError
				if !errors.As(err, &ce) {
					t.Fatalf("got %#v, %v; want a ConversionError", got, err)
				}
				if !strings.Contains(ce.Reason, tt.err) {
					t.Errorf("reason %q, want it to contain %q", ce.Reason, tt.err)
				}
				if ce.Field != tt.app.Name || got != nil {
					t.Errorf("error for field %q with value %#v; want field %q and nil", ce.Field, got, tt.app.Name)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got %#v (%T), want %#v (%T)", got, got, tt.want, tt.want)
			}
		})
	}
}

func TestToApp(t *testing.T) {
	t.Parallel()
	address := map[string]any{
		"street": "1 Market St\nSuite 300", "city": "San Francisco", "state": "CA",
		"postalCode": "94105", "country": "USA", "latitude": json.Number("37.79"),
		"longitude": nil, "geocodeAccuracy": nil,
	}
	runConv(t, []convCase{
		{name: "text", app: appF("title", store.AppText), sf: sfField("Title", "string"), in: "CEO", want: "CEO"},
		{name: "text from picklist keeps the value", app: appF("r", store.AppText), sf: ratingField, in: "Hot", want: "Hot"},
		{name: "email", app: appF("e", store.AppEmail), sf: sfField("Email", "email"), in: "a@b.example", want: "a@b.example"},
		{name: "null text", app: appF("title", store.AppText), sf: sfField("Title", "string"), in: nil, want: nil},
		{name: "text from a number", app: appF("title", store.AppText), sf: sfField("Title", "string"), in: json.Number("1"), err: "sent a number, not a string"},

		{name: "number exact", app: appF("rev", store.AppCurrency), sf: sfField("AnnualRevenue", "currency"), in: json.Number("123456789012345678"), want: json.Number("123456789012345678")},
		{name: "number canonical", app: appF("n", store.AppNumber), sf: sfField("Qty", "double"), in: json.Number("1.0E7"), want: json.Number("10000000")},
		{name: "number trailing zeros", app: appF("n", store.AppNumber), sf: sfField("Amount", "currency"), in: json.Number("1250.50"), want: json.Number("1250.5")},
		{name: "number from float64", app: appF("n", store.AppNumber), sf: sfField("Amount", "double"), in: 0.1, want: json.Number("0.1")},
		{name: "number negative small", app: appF("n", store.AppNumber), sf: sfField("Amount", "double"), in: json.Number("-1.5e-3"), want: json.Number("-0.0015")},
		{name: "percent keeps its scale", app: appF("p", store.AppPercent), sf: sfField("Probability", "percent"), in: json.Number("10"), want: json.Number("10")},
		{name: "null number", app: appF("n", store.AppNumber), sf: sfField("Amount", "double"), in: nil, want: nil},
		{name: "number from string", app: appF("n", store.AppNumber), sf: sfField("Amount", "double"), in: "12", err: `not the string "12"`},
		{name: "number malformed", app: appF("n", store.AppNumber), sf: sfField("Amount", "double"), in: json.Number("1.2.3"), err: "a number is expected"},
		{name: "number too large", app: appF("n", store.AppNumber), sf: sfField("Amount", "double"), in: json.Number("1e999999"), err: "out of range"},

		{name: "boolean", app: appF("b", store.AppBoolean), sf: sfField("DoNotCall", "boolean"), in: true, want: true},
		{name: "boolean false", app: appF("b", store.AppBoolean), sf: sfField("DoNotCall", "boolean"), in: false, want: false},
		{name: "boolean from string", app: appF("b", store.AppBoolean), sf: sfField("DoNotCall", "boolean"), in: "true", err: "a boolean is expected"},

		{name: "date", app: appF("d", store.AppDate), sf: sfField("Birthdate", "date"), in: "1990-02-28", want: "1990-02-28"},
		{name: "bad date", app: appF("d", store.AppDate), sf: sfField("Birthdate", "date"), in: "1990-02-30", err: "is not a date"},
		{name: "date from datetime is the UTC date", app: appF("d", store.AppDate), sf: sfField("CreatedDate", "datetime"), in: "2024-03-10T23:30:00.000-0500", want: "2024-03-11"},

		{name: "datetime", app: appF("at", store.AppDateTime), sf: sfField("CreatedDate", "datetime"), in: "2013-05-20T20:49:32.000+0000", want: "2013-05-20T20:49:32Z"},
		{name: "datetime with offset to UTC", app: appF("at", store.AppDateTime), sf: sfField("CreatedDate", "datetime"), in: "2013-05-20T20:49:32.000+0530", want: "2013-05-20T15:19:32Z"},
		{name: "datetime keeps milliseconds", app: appF("at", store.AppDateTime), sf: sfField("CreatedDate", "datetime"), in: "2013-05-20T20:49:32.120+0000", want: "2013-05-20T20:49:32.12Z"},
		{name: "datetime RFC 3339", app: appF("at", store.AppDateTime), sf: sfField("CreatedDate", "datetime"), in: "2013-05-20T20:49:32Z", want: "2013-05-20T20:49:32Z"},
		{name: "datetime without zone", app: appF("at", store.AppDateTime), sf: sfField("CreatedDate", "datetime"), in: "2013-05-20T20:49:32", err: "not a datetime with a time zone"},

		{name: "list by value any case", app: listApp, sf: ratingField, in: "Hot", want: "hot"},
		{name: "list by label", app: store.AppField{Name: "fc", Type: store.AppList, Options: []string{"Pipeline", "Best Case", "Commit"}}, sf: forecastField, in: "BestCase", want: "Best Case"},
		{name: "list unmatched value", app: listApp, sf: ratingField, in: "Lukewarm", err: `picklist value "Lukewarm" matches no option`},
		{name: "open list passes through", app: appF("rating", store.AppList), sf: ratingField, in: "Lukewarm", want: "Lukewarm"},
		{name: "list from combobox", app: store.AppField{Name: "s", Type: store.AppList, Options: []string{"Call"}}, sf: &salesforce.Field{Name: "Subject", Type: "combobox", PicklistValues: []salesforce.PicklistValue{pv("Call", "Call")}}, in: "call", want: "Call"},

		{name: "multi-list", app: multiApp, sf: interestsField, in: "Golf;Ski", want: []string{"golf", "skiing"}},
		{name: "multi-list empty", app: multiApp, sf: interestsField, in: "", want: []string{}},
		{name: "multi-list unmatched", app: multiApp, sf: interestsField, in: "Golf;Chess;Bridge", err: `picklist values "Chess", "Bridge" match no option`},

		{name: "reference", app: appRef("account", "account"), sf: sfRef("AccountId", "Account"), in: "001000000000001AAA", want: "001000000000001AAA"},
		{name: "reference not an id", app: appRef("account", "account"), sf: sfRef("AccountId", "Account"), in: "Acme", err: "is not a Salesforce id"},

		{name: "address to text", app: appF("billing", store.AppText), sf: sfField("BillingAddress", "address"), in: address, want: "1 Market St, Suite 300, San Francisco, CA 94105, USA"},
		{name: "address partial", app: appF("billing", store.AppLongText), sf: sfField("BillingAddress", "address"), in: map[string]any{"city": "Paris", "country": "France", "state": nil}, want: "Paris, France"},
		{name: "address postal code only", app: appF("billing", store.AppText), sf: sfField("BillingAddress", "address"), in: map[string]any{"postalCode": "75001"}, want: "75001"},
		{name: "address null", app: appF("billing", store.AppText), sf: sfField("BillingAddress", "address"), in: nil, want: nil},
		{name: "address not an object", app: appF("billing", store.AppText), sf: sfField("BillingAddress", "address"), in: "Paris", err: "a compound address (object) is expected"},
		{name: "address bad member", app: appF("billing", store.AppText), sf: sfField("BillingAddress", "address"), in: map[string]any{"city": 7.0}, err: "address member city is a number"},

		{name: "incompatible pair", app: appF("email", store.AppEmail), sf: sfField("NumberOfEmployees", "int"), in: json.Number("3"),
			err: "app field email (email) cannot map to Salesforce field NumberOfEmployees (int)"},
	}, mapping.ToApp)
}

func TestToSalesforce(t *testing.T) {
	t.Parallel()
	paris := time.FixedZone("CET", 3600)
	runConv(t, []convCase{
		{name: "text", app: appF("title", store.AppText), sf: titleField, in: "CEO", want: "CEO"},
		{name: "text too long", app: appF("title", store.AppText), sf: titleField, in: "Chief Executive", err: "15 characters is longer than the 10 Salesforce field Title holds"},
		{name: "text length in characters", app: appF("title", store.AppText), sf: titleField, in: "ééééééééé", want: "ééééééééé"},
		{name: "text not a string", app: appF("title", store.AppText), sf: titleField, in: 12.0, err: "a string is expected, not a number"},
		{name: "text into picklist matches a label", app: appF("fc", store.AppText), sf: forecastField, in: "best case", want: "BestCase"},
		{name: "text into restricted picklist", app: appF("fc", store.AppText), sf: forecastField, in: "Maybe", err: `"Maybe" is not a value of restricted picklist ForecastCategory`},
		{name: "text into open picklist", app: appF("r", store.AppText), sf: ratingField, in: "Tepid", want: "Tepid"},
		{name: "null", app: appF("title", store.AppText), sf: titleField, in: nil, want: nil},

		{name: "number json.Number", app: appF("n", store.AppNumber), sf: sfField("Amount", "currency"), in: json.Number("1250.50"), want: json.Number("1250.5")},
		{name: "number float64", app: appF("n", store.AppNumber), sf: sfField("Amount", "double"), in: 1e21, want: json.Number("1000000000000000000000")},
		{name: "number int", app: appF("n", store.AppNumber), sf: sfField("NumberOfEmployees", "int"), in: 42, want: json.Number("42")},
		{name: "number whole float into int", app: appF("n", store.AppNumber), sf: sfField("NumberOfEmployees", "int"), in: 42.0, want: json.Number("42")},
		{name: "fraction into int", app: appF("n", store.AppNumber), sf: sfField("NumberOfEmployees", "int"), in: 2.5, err: "holds whole numbers only"},
		{name: "number from string refused", app: appF("n", store.AppNumber), sf: sfField("Amount", "currency"), in: "12.5", err: `a number is expected, not the string "12.5"`},
		{name: "NaN refused", app: appF("n", store.AppNumber), sf: sfField("Amount", "double"), in: nan(), err: "NaN"},
		{name: "formula refused", app: appF("er", store.AppCurrency), sf: formulaField, in: 5.0, err: "Salesforce field ExpectedRevenue is a formula and cannot be written"},
		{name: "read-only refused", app: appF("closed", store.AppBoolean), sf: readOnlyField, in: true, err: "Salesforce field IsClosed is read-only"},

		{name: "boolean", app: appF("b", store.AppBoolean), sf: sfField("DoNotCall", "boolean"), in: true, want: true},
		{name: "boolean from number", app: appF("b", store.AppBoolean), sf: sfField("DoNotCall", "boolean"), in: 1.0, err: "a boolean is expected"},

		{name: "date", app: appF("d", store.AppDate), sf: sfField("CloseDate", "date"), in: "2024-02-29", want: "2024-02-29"},
		{name: "date from time.Time in its own zone", app: appF("d", store.AppDate), sf: sfField("CloseDate", "date"), in: time.Date(2024, 3, 1, 0, 30, 0, 0, paris), want: "2024-03-01"},
		{name: "bad date", app: appF("d", store.AppDate), sf: sfField("CloseDate", "date"), in: "29/02/2024", err: "is not a date"},
		{name: "date out of Salesforce range", app: appF("d", store.AppDate), sf: sfField("CloseDate", "date"), in: "1600-01-01", err: "from 1700-01-01 to 4000-12-31"},
		{name: "date into datetime refused", app: appF("d", store.AppDate), sf: sfField("CreatedDate", "datetime"), in: "2024-02-29", err: "a date alone cannot give back the time"},

		{name: "datetime UTC", app: appF("at", store.AppDateTime), sf: sfField("ReminderDateTime", "datetime"), in: "2024-03-10T09:00:00Z", want: "2024-03-10T09:00:00.000+0000"},
		{name: "datetime with offset", app: appF("at", store.AppDateTime), sf: sfField("ReminderDateTime", "datetime"), in: "2024-03-10T09:00:00-08:00", want: "2024-03-10T17:00:00.000+0000"},
		{name: "datetime crossing midnight", app: appF("at", store.AppDateTime), sf: sfField("ReminderDateTime", "datetime"), in: "2024-03-01T00:30:00+01:00", want: "2024-02-29T23:30:00.000+0000"},
		{name: "datetime from time.Time", app: appF("at", store.AppDateTime), sf: sfField("ReminderDateTime", "datetime"), in: time.Date(2024, 3, 10, 10, 0, 0, 5e8, paris), want: "2024-03-10T09:00:00.500+0000"},
		{name: "datetime in Salesforce layout", app: appF("at", store.AppDateTime), sf: sfField("ReminderDateTime", "datetime"), in: "2024-03-10T09:00:00.000+0200", want: "2024-03-10T07:00:00.000+0000"},
		{name: "datetime without zone", app: appF("at", store.AppDateTime), sf: sfField("ReminderDateTime", "datetime"), in: "2024-03-10T09:00:00", err: "not a datetime with a time zone"},
		{name: "datetime not a string", app: appF("at", store.AppDateTime), sf: sfField("ReminderDateTime", "datetime"), in: 1710061200.0, err: "a datetime (RFC 3339) is expected"},

		{name: "list", app: listApp, sf: ratingField, in: "warm", want: "Warm"},
		{name: "list any case", app: listApp, sf: ratingField, in: "WARM", want: "Warm"},
		{name: "list by label", app: store.AppField{Name: "fc", Type: store.AppList, Options: []string{"Commit"}}, sf: forecastField, in: "Commit", want: "Forecast"},
		{name: "list unmatched", app: store.AppField{Name: "rating", Type: store.AppList, Options: []string{"hot", "tepid"}}, sf: ratingField, in: "tepid", err: `option "tepid" matches no value of Salesforce picklist Rating`},
		{name: "list not a string", app: listApp, sf: ratingField, in: true, err: "a list option (string) is expected"},

		{name: "multi-list", app: multiApp, sf: interestsField, in: []string{"skiing", "golf"}, want: "Ski;Golf"},
		{name: "multi-list from JSON", app: multiApp, sf: interestsField, in: []any{"sailing"}, want: "Sail"},
		{name: "multi-list empty clears", app: multiApp, sf: interestsField, in: []string{}, want: nil},
		{name: "multi-list unmatched", app: multiApp, sf: interestsField, in: []string{"golf", "chess"}, err: `options "chess" match no value`},
		{name: "multi-list with separator", app: appF("m", store.AppMultiList), sf: interestsField, in: []string{"a;b"}, err: "contains ';'"},
		{name: "multi-list not a list", app: multiApp, sf: interestsField, in: "golf", err: "a multi-list ([]string) is expected"},
		{name: "multi-list bad member", app: multiApp, sf: interestsField, in: []any{"golf", 3.0}, err: "a multi-list holds strings, not a number"},

		{name: "reference", app: appRef("account", "account"), sf: sfRef("AccountId", "Account"), in: "001000000000001", want: "001000000000001"},
		{name: "reference unresolved", app: appRef("account", "account"), sf: sfRef("AccountId", "Account"), in: "app-uuid-123", err: "resolve the app reference"},

		{name: "address read-only", app: appF("billing", store.AppText), sf: sfField("BillingAddress", "address"), in: "Paris", err: "a compound address is read-only in Salesforce"},
		{name: "incompatible pair", app: appF("n", store.AppNumber), sf: sfField("Name", "string"), in: 1.0, err: "app field n (number) cannot map to Salesforce field Name (string)"},
	}, mapping.ToSalesforce)
}

// TestRoundTrip converts values to Salesforce and back and expects the
// app's value unchanged, the property echo suppression relies on.
func TestRoundTrip(t *testing.T) {
	t.Parallel()
	tests := []struct {
		app store.AppField
		sf  *salesforce.Field
		v   any
	}{
		{appF("title", store.AppText), titleField, "CEO"},
		{appF("n", store.AppCurrency), sfField("Amount", "currency"), json.Number("123456789012345678.25")},
		{appF("b", store.AppBoolean), sfField("DoNotCall", "boolean"), true},
		{appF("d", store.AppDate), sfField("CloseDate", "date"), "2024-02-29"},
		{appF("at", store.AppDateTime), sfField("ReminderDateTime", "datetime"), "2024-03-10T09:00:00.5Z"},
		{listApp, ratingField, "cold"},
		{multiApp, interestsField, []string{"sailing", "golf"}},
		{appRef("account", "account"), sfRef("AccountId", "Account"), "001000000000001AAA"},
	}
	for _, tt := range tests {
		c, err := mapping.NewConverter(tt.app, tt.sf)
		if err != nil {
			t.Fatal(err)
		}
		out, err := c.ToSalesforce(tt.v)
		if err != nil {
			t.Fatalf("%s: ToSalesforce(%v): %v", tt.app.Name, tt.v, err)
		}
		back, err := c.ToApp(out)
		if err != nil {
			t.Fatalf("%s: ToApp(%v): %v", tt.app.Name, out, err)
		}
		if !reflect.DeepEqual(back, tt.v) {
			t.Errorf("%s: %#v -> %#v -> %#v", tt.app.Name, tt.v, out, back)
		}
	}
}

func TestConversionErrorMessage(t *testing.T) {
	t.Parallel()
	_, err := mapping.ToSalesforce(appF("employees", store.AppNumber), sfField("NumberOfEmployees", "int"), "many")
	want := `converting employees (Salesforce NumberOfEmployees) value "many": a number is expected, not the string "many"`
	if err == nil || err.Error() != want {
		t.Errorf("error %q, want %q", err, want)
	}
}

func nan() float64 {
	zero := 0.0
	return zero / zero
}
