package picklist_test

import (
	"context"
	"errors"
	"net/http/httptest"
	"slices"
	"testing"

	"github.com/sfbridge/sfbridge/internal/picklist"
	"github.com/sfbridge/sfbridge/internal/store"
	"github.com/sfbridge/sfbridge/salesforce"
	"github.com/sfbridge/sfbridge/sfemu"
)

// org is an empty emulated org with a few picklists, and a client of it.
func org(t *testing.T) (*sfemu.Server, *salesforce.Client) {
	t.Helper()
	ctx := context.Background()
	srv, err := sfemu.New(sfemu.Options{Seed: "empty"})
	if err != nil {
		t.Fatal(err)
	}
	hs := httptest.NewServer(srv)
	t.Cleanup(hs.Close)
	for name, restricted := range map[string]bool{"Tier__c": false, "Level__c": true, "Locked__c": false} {
		meta := map[string]any{"label": name[:len(name)-3], "type": "Picklist", "valueSet": map[string]any{"restricted": restricted,
			"valueSetDefinition": map[string]any{"value": []any{
				map[string]any{"fullName": "Gold", "label": "Gold"},
				map[string]any{"fullName": "Silver", "label": "Silver"},
				map[string]any{"fullName": "BestCase", "label": "Best Case"},
			}}}}
		if _, _, err := srv.PutCustomField(ctx, "Account."+name, meta); err != nil {
			t.Fatal(err)
		}
	}
	if err := srv.MakeFieldReadOnly(ctx, "Account", "Locked__c", ""); err != nil {
		t.Fatal(err)
	}
	c, err := salesforce.New(salesforce.Config{InstanceURL: hs.URL, HTTPClient: hs.Client(),
		TokenSource: salesforce.StaticTokenSource(&salesforce.Token{AccessToken: srv.Credentials().AccessToken})})
	if err != nil {
		t.Fatal(err)
	}
	return srv, c
}

func list(options ...string) store.AppField {
	return store.AppField{Name: "tier", Type: store.AppList, Options: options}
}

func reasons(r picklist.Result) map[string]picklist.Reason {
	out := map[string]picklist.Reason{}
	for _, u := range r.Unmatched {
		out[u.Option] = u.Reason
		if u.Message == "" {
			out[u.Option] = "no message"
		}
	}
	return out
}

func TestReconcileAddsToCustomPicklist(t *testing.T) {
	t.Parallel()
	_, c := org(t)
	ctx := context.Background()
	field := list("gold", "Best Case", "Bronze", "Platinum")

	// Without the admin's leave nothing changes.
	r, err := picklist.Reconcile(ctx, c, field, "account", "tier__c", false)
	if err != nil {
		t.Fatal(err)
	}
	if r.Object != "Account" || r.Field != "Tier__c" {
		t.Errorf("names %s.%s, want Salesforce's spelling", r.Object, r.Field)
	}
	wantMatched := []picklist.Matched{{Option: "gold", Value: "Gold"}, {Option: "Best Case", Value: "BestCase"}}
	if !slices.Equal(r.Matched, wantMatched) {
		t.Errorf("matched %+v, want %+v", r.Matched, wantMatched)
	}
	if got := reasons(r); len(got) != 2 || got["Bronze"] != picklist.ReasonNotAllowed || got["Platinum"] != picklist.ReasonNotAllowed {
		t.Errorf("unmatched %+v, want Bronze and Platinum not_allowed", r.Unmatched)
	}
	if len(r.Added) != 0 {
		t.Errorf("added %v without leave", r.Added)
	}

	r, err = picklist.Reconcile(ctx, c, field, "Account", "Tier__c", true)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(r.Added, []string{"Bronze", "Platinum"}) || len(r.Unmatched) != 0 {
		t.Fatalf("with leave: added %v, unmatched %+v", r.Added, r.Unmatched)
	}
	// The describe cache revalidates: the change moved Last-Modified.
	d, err := c.Describe(ctx, "Account")
	if err != nil {
		t.Fatal(err)
	}
	var values []string
	for _, v := range d.Field("Tier__c").PicklistValues {
		values = append(values, v.Value)
	}
	if !slices.Equal(values, []string{"Gold", "Silver", "BestCase", "Bronze", "Platinum"}) {
		t.Errorf("Tier__c values after adding: %v", values)
	}
}

func TestReconcileRefuses(t *testing.T) {
	t.Parallel()
	_, c := org(t)
	ctx := context.Background()
	for _, tc := range []struct {
		name, field string
		options     []string
		want        map[string]picklist.Reason
	}{
		{"restricted", "Level__c", []string{"Silver", "Bronze"}, map[string]picklist.Reason{"Bronze": picklist.ReasonRestricted}},
		{"read-only", "Locked__c", []string{"Bronze"}, map[string]picklist.Reason{"Bronze": picklist.ReasonReadOnly}},
		{"standard picklist", "Type", []string{"Prospect", "Reseller"}, map[string]picklist.Reason{"Reseller": picklist.ReasonStandardPicklist}},
		{"invalid", "Tier__c", []string{"  "}, map[string]picklist.Reason{"  ": picklist.ReasonInvalidValue}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r, err := picklist.Reconcile(ctx, c, list(tc.options...), "Account", tc.field, true)
			if err != nil {
				t.Fatal(err)
			}
			if got := reasons(r); !equalMaps(got, tc.want) {
				t.Errorf("unmatched %+v, want %v", r.Unmatched, tc.want)
			}
			if len(r.Added) != 0 {
				t.Errorf("added %v", r.Added)
			}
		})
	}
	d, err := c.Describe(ctx, "Account")
	if err != nil {
		t.Fatal(err)
	}
	if n := len(d.Field("Level__c").PicklistValues); n != 3 {
		t.Errorf("the restricted picklist has %d values, want its 3", n)
	}

	for name, tc := range map[string]struct {
		field   store.AppField
		sfField string
		want    error
	}{
		"app field not a list": {store.AppField{Name: "n", Type: store.AppText}, "Tier__c", picklist.ErrNotList},
		"no such field":        {list("a"), "Nope__c", picklist.ErrNoField},
		"not a picklist":       {list("a"), "Name", picklist.ErrNotPicklist},
	} {
		if _, err := picklist.Reconcile(ctx, c, tc.field, "Account", tc.sfField, true); !errors.Is(err, tc.want) {
			t.Errorf("%s: %v, want %v", name, err, tc.want)
		}
	}
}

func equalMaps[K comparable, V comparable](a, b map[K]V) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if w, ok := b[k]; !ok || w != v {
			return false
		}
	}
	return true
}
