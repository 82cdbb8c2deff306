package mapping_test

import (
	"context"
	"net/http/httptest"
	"testing"

	"github.com/sfbridge/sfbridge/internal/mapping"
	"github.com/sfbridge/sfbridge/internal/store"
	"github.com/sfbridge/sfbridge/salesforce"
	"github.com/sfbridge/sfbridge/sfemu"
)

// emulatorClient starts an empty emulated org and returns a client of it.
func emulatorClient(t testing.TB) *salesforce.Client {
	t.Helper()
	srv, err := sfemu.New(sfemu.Options{})
	if err != nil {
		t.Fatal(err)
	}
	hs := httptest.NewServer(srv)
	t.Cleanup(hs.Close)
	client, err := salesforce.New(salesforce.Config{
		InstanceURL: hs.URL,
		TokenSource: salesforce.StaticTokenSource(&salesforce.Token{AccessToken: srv.Credentials().AccessToken}),
		HTTPClient:  hs.Client(),
	})
	if err != nil {
		t.Fatal(err)
	}
	return client
}

// TestDefaultsAgainstEmulator validates every default mapping against
// the emulator's real describe: no problems, every read-only field
// inbound and every writable one both ways.
func TestDefaultsAgainstEmulator(t *testing.T) {
	t.Parallel()
	client := emulatorClient(t)
	wantTypes := map[string]string{
		"Lead": "lead", "Contact": "contact", "Account": "account", "Opportunity": "opportunity",
		"Task": "task", "Note": "note", "Order": "order", "Product2": "product", "Case": "case",
	}
	if got := len(mapping.DefaultObjects()); got != len(wantTypes) {
		t.Fatalf("DefaultObjects() has %d objects, want %d", got, len(wantTypes))
	}
	for _, obj := range mapping.DefaultObjects() {
		t.Run(obj, func(t *testing.T) {
			t.Parallel()
			d, err := client.Describe(context.Background(), obj)
			if err != nil {
				t.Fatal(err)
			}
			appType, mappings := mapping.Defaults(obj)
			if appType.Name != wantTypes[obj] {
				t.Errorf("app type %q, want %q", appType.Name, wantTypes[obj])
			}
			if n := len(mappings); n < 7 || n > 17 {
				t.Errorf("%d mappings, want about 10-15", n)
			}
			for _, p := range mapping.Validate(appType, d, mappings, nil) {
				t.Errorf("problem: %s", p)
			}
			for _, m := range mappings {
				app := field(t, appType, m.AppField)
				only, why := mapping.InboundOnly(app, d.Field(m.SFField))
				switch {
				case only && m.Direction != mapping.Inbound:
					t.Errorf("%s <-> %s goes %s but %s", m.AppField, m.SFField, m.Direction, why)
				case !only && m.Direction != mapping.Both:
					t.Errorf("%s <-> %s goes %s, want both: the field is writable", m.AppField, m.SFField, m.Direction)
				}
			}
			if gaps := mapping.OptionGaps(appType, d, mappings); len(gaps) > 0 {
				t.Errorf("option gaps on open lists: %+v", gaps)
			}
		})
	}
}

func TestDefaultsUnknownAndFresh(t *testing.T) {
	t.Parallel()
	if at, ms := mapping.Defaults("Widget__c"); at.Name != "" || ms != nil {
		t.Errorf("Defaults(Widget__c) = %v, %v; want nothing", at, ms)
	}
	a, ms := mapping.Defaults("contact")
	if a.Name != "contact" || len(ms) != 15 {
		t.Fatalf("Defaults(contact) = %s with %d mappings, want contact with 15", a.Name, len(ms))
	}
	a.Fields[0].Name = "changed"
	ms[0].Direction = "changed"
	b, ms2 := mapping.Defaults("Contact")
	if b.Fields[0].Name == "changed" || ms2[0].Direction == "changed" {
		t.Error("Defaults shares its result between calls")
	}
	acct := field(t, b, "account")
	if acct.Type != store.AppReference || acct.RefType != "account" {
		t.Errorf("contact.account = %+v, want a reference to account", acct)
	}
	if owner := field(t, b, "owner"); owner.RefType != "user" {
		t.Errorf("contact.owner refers to %q, want user", owner.RefType)
	}
}

func field(t *testing.T, at store.AppType, name string) store.AppField {
	t.Helper()
	for _, f := range at.Fields {
		if f.Name == name {
			return f
		}
	}
	t.Fatalf("app type %s has no field %s", at.Name, name)
	return store.AppField{}
}
