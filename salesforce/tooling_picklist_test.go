package salesforce_test

import (
	"context"
	"errors"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/sfbridge/sfbridge/salesforce"
	"github.com/sfbridge/sfbridge/sfemu"
)

func picklistMeta(restricted bool, values ...string) map[string]any {
	var vs []any
	for _, v := range values {
		vs = append(vs, map[string]any{"fullName": v, "label": v, "default": false})
	}
	return map[string]any{"label": "Tier", "type": "Picklist",
		"valueSet": map[string]any{"restricted": restricted, "valueSetDefinition": map[string]any{"sorted": false, "value": vs}}}
}

func picklistValues(t *testing.T, b *bundle, object, field string) []string {
	t.Helper()
	d, err := b.client.Describe(context.Background(), object)
	if err != nil {
		t.Fatal(err)
	}
	f := d.Field(field)
	if f == nil {
		t.Fatalf("%s.%s is not in the describe", object, field)
	}
	var out []string
	for _, v := range f.PicklistValues {
		out = append(out, v.Value)
	}
	return out
}

func TestAddPicklistValues(t *testing.T) {
	t.Parallel()
	b := setup(t)
	ctx := context.Background()
	if _, _, err := b.srv.PutCustomField(ctx, "Account.Tier__c", picklistMeta(true, "Gold", "Silver")); err != nil {
		t.Fatal(err)
	}
	cf, err := b.client.GetCustomField(ctx, "Account", "Tier__c")
	if err != nil {
		t.Fatal(err)
	}
	if cf.ID == "" || cf.FullName != "Account.Tier__c" || cf.Metadata["type"] != "Picklist" {
		t.Fatalf("GetCustomField = %+v", cf)
	}
	picklistValues(t, b, "Account", "Tier__c") // cache the describe

	added, err := b.client.AddPicklistValues(ctx, "Account", "Tier__c", []string{"gold", "Bronze", "Platinum", "Bronze"})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(added, []string{"Bronze", "Platinum"}) {
		t.Errorf("added %v, want [Bronze Platinum]: gold is there already, Bronze once", added)
	}
	if got := picklistValues(t, b, "Account", "Tier__c"); !slices.Equal(got, []string{"Gold", "Silver", "Bronze", "Platinum"}) {
		t.Errorf("values after adding: %v", got)
	}
	d, _ := b.client.Describe(ctx, "Account")
	if !d.Field("Tier__c").RestrictedPicklist {
		t.Error("adding values dropped the field's restricted flag: the whole metadata must be sent back")
	}
	if added, err := b.client.AddPicklistValues(ctx, "Account", "Tier__c", []string{"GOLD"}); err != nil || added != nil {
		t.Errorf("adding a value it has: %v, %v; want nothing sent", added, err)
	}

	_, err = b.client.AddPicklistValues(ctx, "Account", "Missing__c", []string{"x"})
	if !errors.Is(err, salesforce.ErrNoCustomField) {
		t.Errorf("a missing field: %v, want ErrNoCustomField", err)
	}
	_, err = b.client.AddPicklistValues(ctx, "Account", "Type", []string{"x"})
	if !errors.Is(err, salesforce.ErrNoCustomField) {
		t.Errorf("a standard picklist: %v, want ErrNoCustomField", err)
	}
}

func TestAddPicklistValuesCustomObject(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	schema := `{"customObjects":[{"FullName":"Invoice__c","Metadata":{"label":"Invoice","pluralLabel":"Invoices","nameField":{"label":"Invoice Name","type":"Text"},"deploymentStatus":"Deployed","sharingModel":"ReadWrite"}}],
		"customFields":[{"FullName":"Invoice__c.Stage__c","Metadata":{"label":"Stage","type":"Picklist","valueSet":{"valueSetDefinition":{"value":[{"fullName":"Draft","label":"Draft"}]}}}}]}`
	file := filepath.Join(dir, "schema.json")
	if err := os.WriteFile(file, []byte(schema), 0o600); err != nil {
		t.Fatal(err)
	}
	srv, err := sfemu.New(sfemu.Options{Seed: "empty", SchemaFile: file})
	if err != nil {
		t.Fatal(err)
	}
	hs := httptest.NewServer(srv)
	t.Cleanup(hs.Close)
	client, err := salesforce.New(salesforce.Config{InstanceURL: hs.URL, HTTPClient: hs.Client(),
		TokenSource: salesforce.StaticTokenSource(&salesforce.Token{AccessToken: srv.Credentials().AccessToken})})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	added, err := client.AddPicklistValues(ctx, "Invoice__c", "Stage__c", []string{"Sent"})
	if err != nil || !slices.Equal(added, []string{"Sent"}) {
		t.Fatalf("AddPicklistValues on a custom object: %v, %v", added, err)
	}
	d, err := client.Describe(ctx, "Invoice__c")
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, v := range d.Field("Stage__c").PicklistValues {
		got = append(got, v.Value)
	}
	if !slices.Equal(got, []string{"Draft", "Sent"}) {
		t.Errorf("values: %v", got)
	}
}
