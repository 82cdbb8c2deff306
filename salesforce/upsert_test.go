package salesforce_test

import (
	"context"
	"errors"
	"testing"

	"github.com/sfbridge/sfbridge/salesforce"
)

// addExternalID gives Account a non-unique external id field Ext__c.
func addExternalID(t testing.TB, b *bundle) {
	t.Helper()
	_, _, err := b.srv.PutCustomField(context.Background(), "Account.Ext__c",
		map[string]any{"type": "Text", "label": "Ext", "length": 40, "externalId": true})
	if err != nil {
		t.Fatal(err)
	}
}

func TestUpsert(t *testing.T) {
	t.Parallel()
	b := setup(t)
	addExternalID(t, b)
	ctx := context.Background()
	c := b.client

	res, err := c.Upsert(ctx, "Account", "Ext__c", "E-1", map[string]any{"Name": "First"})
	if err != nil || !res.Created || res.ID == "" {
		t.Fatalf("first upsert = %+v, %v; want created", res, err)
	}
	again, err := c.Upsert(ctx, "Account", "Ext__c", "E-1", map[string]any{"Name": "Second"})
	if err != nil || again.Created || again.ID != res.ID {
		t.Fatalf("second upsert = %+v, %v; want an update of %s", again, err, res.ID)
	}
	rec, err := c.Get(ctx, "Account", res.ID, []string{"Name"})
	if err != nil || rec.String("Name") != "Second" {
		t.Fatalf("after upsert Get = %v, %v", rec, err)
	}

	_, err = c.Upsert(ctx, "Account", "Ext__c", "E-404", map[string]any{"Name": "x"}, salesforce.WithUpdateOnly())
	if !errors.Is(err, salesforce.ErrNotFound) {
		t.Fatalf("updateOnly with no match: %v, want ErrNotFound", err)
	}

	b.insert(t, "Account", map[string]any{"Name": "Dup 1", "Ext__c": "E-2"})
	b.insert(t, "Account", map[string]any{"Name": "Dup 2", "Ext__c": "E-2"})
	_, err = c.Upsert(ctx, "Account", "Ext__c", "E-2", map[string]any{"Name": "x"})
	var multi *salesforce.MultipleMatchesError
	if !errors.As(err, &multi) || len(multi.URLs) != 2 {
		t.Fatalf("ambiguous upsert: %v, want *MultipleMatchesError with 2 URLs", err)
	}
}

func TestUpsertOldVersion(t *testing.T) {
	t.Parallel()
	b := setup(t, func(c *salesforce.Config) { c.APIVersion = "45.0" })
	addExternalID(t, b)
	ctx := context.Background()
	if _, err := b.client.Upsert(ctx, "Account", "Ext__c", "E-1", map[string]any{"Name": "A"}); err != nil {
		t.Fatal(err)
	}
	// Before v46.0 an update answers 204 with no body.
	res, err := b.client.Upsert(ctx, "Account", "Ext__c", "E-1", map[string]any{"Name": "B"})
	if err != nil || res.Created {
		t.Fatalf("update on v45.0 = %+v, %v", res, err)
	}
}
