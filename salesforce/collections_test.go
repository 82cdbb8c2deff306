package salesforce_test

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/sfbridge/sfbridge/salesforce"
)

func TestCollections(t *testing.T) {
	t.Parallel()
	b := setup(t)
	ctx := context.Background()
	c := b.client

	// 450 records: three calls of 200, 200 and 50; number 250 is invalid.
	recs := make([]map[string]any, 450)
	for i := range recs {
		recs[i] = map[string]any{"Name": fmt.Sprintf("Bulk-%03d", i)}
	}
	delete(recs[250], "Name")
	before, _ := c.Usage()
	res, err := c.CreateRecords(ctx, "Account", recs)
	if err != nil {
		t.Fatal(err)
	}
	after, _ := c.Usage()
	if after.Used-before.Used != 3 {
		t.Errorf("used %d calls, want 3", after.Used-before.Used)
	}
	if len(res) != 450 {
		t.Fatalf("%d results, want 450", len(res))
	}
	for i, r := range res {
		if i == 250 {
			if r.Success || !errors.Is(r.Err(), salesforce.ErrRequiredFieldMissing) {
				t.Fatalf("result 250 = %+v, want REQUIRED_FIELD_MISSING", r)
			}
			continue
		}
		if !r.Success || r.Err() != nil || r.ID == "" {
			t.Fatalf("result %d = %+v", i, r)
		}
	}
	if _, ok := recs[0]["attributes"]; ok {
		t.Fatal("CreateRecords changed the caller's maps")
	}
	// Results are in input order: record i is named Bulk-i.
	got, err := c.Get(ctx, "Account", res[321].ID, []string{"Name"})
	if err != nil || got.String("Name") != "Bulk-321" {
		t.Fatalf("record 321 = %v, %v", got, err)
	}

	updates := []map[string]any{
		{"Id": res[0].ID, "Name": "Renamed"},
		{"Id": res[1].ID, "Name": ""}, // invalid: Name is required
	}
	ures, err := c.UpdateRecords(ctx, "Account", updates)
	if err != nil || !ures[0].Success || ures[1].Success {
		t.Fatalf("UpdateRecords = %+v, %v", ures, err)
	}

	dres, err := c.DeleteRecords(ctx, []string{res[0].ID, res[0].ID, res[2].ID})
	if err != nil || !dres[0].Success || dres[1].Success || !dres[2].Success {
		t.Fatalf("DeleteRecords = %+v, %v", dres, err)
	}
	if !errors.Is(dres[1].Err(), salesforce.ErrEntityDeleted) {
		t.Fatalf("deleting twice: %v, want ErrEntityDeleted", dres[1].Err())
	}
}

func TestCollectionsAllOrNonePerChunk(t *testing.T) {
	t.Parallel()
	b := setup(t)
	ctx := context.Background()
	recs := make([]map[string]any, 250)
	for i := range recs {
		recs[i] = map[string]any{"Name": fmt.Sprintf("R-%03d", i)}
	}
	delete(recs[220], "Name") // in the second chunk
	res, err := b.client.CreateRecords(ctx, "Account", recs, salesforce.WithAllOrNone())
	if err != nil {
		t.Fatal(err)
	}
	for i, r := range res {
		switch {
		case i < 200 && !r.Success:
			t.Fatalf("first chunk record %d failed: %v", i, r.Err())
		case i >= 200 && r.Success:
			t.Fatalf("second chunk record %d saved despite allOrNone", i)
		case i >= 200 && i != 220 && r.Errors[0].ErrorCode != "ALL_OR_NONE_OPERATION_ROLLED_BACK":
			t.Fatalf("record %d: %v", i, r.Err())
		}
	}
	n, err := b.client.Count(ctx, "SELECT count() FROM Account")
	if err != nil || n != 200 {
		t.Fatalf("Count = %d, %v; want the first chunk only", n, err)
	}
}

func TestUpsertRecords(t *testing.T) {
	t.Parallel()
	b := setup(t)
	addExternalID(t, b)
	ctx := context.Background()
	b.insert(t, "Account", map[string]any{"Name": "Old", "Ext__c": "K-1"})
	res, err := b.client.UpsertRecords(ctx, "Account", "Ext__c", []map[string]any{
		{"Ext__c": "K-1", "Name": "Updated"},
		{"Ext__c": "K-2", "Name": "New"},
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(res) != 2 || res[0].Created || !res[1].Created || !res[0].Success || !res[1].Success {
		t.Fatalf("UpsertRecords = %+v", res)
	}
}
