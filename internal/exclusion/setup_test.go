package exclusion_test

import (
	"context"
	"net/http/httptest"
	"testing"

	"github.com/sfbridge/sfbridge/internal/store"
	"github.com/sfbridge/sfbridge/salesforce"
	"github.com/sfbridge/sfbridge/sfemu"
)

// world is an emulated org with one record of each case the rules tell
// apart, and a client of it.
type world struct {
	org    *sfemu.Server
	client *salesforce.Client
	// ids by the short names below.
	ids map[string]string
	rep string // a sales rep's user id
}

func newWorld(t *testing.T) *world {
	t.Helper()
	ctx := context.Background()
	org, err := sfemu.New(sfemu.Options{Seed: "empty"})
	if err != nil {
		t.Fatal(err)
	}
	hs := httptest.NewServer(org)
	t.Cleanup(hs.Close)
	client, err := salesforce.New(salesforce.Config{InstanceURL: hs.URL, HTTPClient: hs.Client(),
		TokenSource: salesforce.StaticTokenSource(&salesforce.Token{AccessToken: org.Credentials().AccessToken})})
	if err != nil {
		t.Fatal(err)
	}
	w := &world{org: org, client: client, ids: map[string]string{}}
	if w.rep, err = org.AddUser(ctx, sfemu.NewUser{Username: "rep@example.com", LastName: "Rep"}); err != nil {
		t.Fatal(err)
	}
	insert := func(name, object string, fields map[string]any) {
		t.Helper()
		for k, v := range fields {
			if s, ok := v.(string); ok && len(s) > 0 && s[0] == '@' {
				fields[k] = w.ids[s[1:]] // a reference to a record made before
			}
		}
		id, err := org.Insert(ctx, object, fields)
		if err != nil {
			t.Fatalf("inserting %s %s: %v", object, name, err)
		}
		w.ids[name] = id
	}
	insert("acme", "Account", map[string]any{"Name": "Acme", "Type": "Customer - Direct", "Website": "https://www.acme.com/", "Phone": "(415) 555-0100"})
	insert("globex", "Account", map[string]any{"Name": "Globex", "Type": "Prospect", "Website": "globex.com"})
	insert("initech", "Account", map[string]any{"Name": "Initech", "Type": "Prospect", "Website": "http://initech.com", "OwnerId": w.rep})
	insert("umbrella", "Account", map[string]any{"Name": "Umbrella", "Type": "Prospect", "Website": "umbrella.com"})
	insert("notacme", "Account", map[string]any{"Name": "Not Acme", "Type": "Customer - Direct", "Website": "notacme.com.example"})
	insert("globexOpp", "Opportunity", map[string]any{"Name": "Globex deal", "AccountId": "@globex", "StageName": "Prospecting", "CloseDate": "2026-06-30"})
	insert("umbrellaOpp", "Opportunity", map[string]any{"Name": "Umbrella deal", "AccountId": "@umbrella", "StageName": "Closed Lost", "CloseDate": "2025-06-30"})
	insert("alice", "Contact", map[string]any{"LastName": "Alice", "AccountId": "@acme", "Email": "alice@acme.com"})
	insert("carl", "Contact", map[string]any{"LastName": "Carl", "AccountId": "@umbrella", "Email": "carl@umbrella.com", "Phone": "415.555.0199"})
	insert("dana", "Contact", map[string]any{"FirstName": "Dana", "LastName": "Free", "Email": "Dana@Freelance.io", "MobilePhone": "+1 (212) 555-0123 ext. 4"})
	insert("gina", "Contact", map[string]any{"LastName": "Gina", "Email": "gina@globex.com", "HomePhone": "+44 20 7946 0958"})
	insert("lee", "Lead", map[string]any{"LastName": "Lee", "Company": "Startup", "Status": "Working - Contacted", "Email": "lee@startup.io", "Phone": "650-555-0142"})
	insert("nia", "Lead", map[string]any{"LastName": "Nia", "Company": "Globex", "Status": "Open - Not Contacted", "Email": "nia@globex.com", "MobilePhone": "6505550177"})
	insert("owen", "Lead", map[string]any{"LastName": "Owen", "Company": "Owned", "Email": "owen@owned.io", "OwnerId": w.rep})
	return w
}

// rule is a rule with a fixed id, for comparing answers.
func rule(id string, kind store.ExclusionKind, values ...string) store.ExclusionRule {
	return store.ExclusionRule{ID: id, Kind: kind, Values: values}
}
