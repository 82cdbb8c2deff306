package salesforce_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/sfbridge/sfbridge/salesforce"
)

func TestDescribeGlobal(t *testing.T) {
	t.Parallel()
	b := setup(t)
	ctx := context.Background()
	g, err := b.client.DescribeGlobal(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if g.MaxBatchSize != 200 {
		t.Errorf("MaxBatchSize = %d", g.MaxBatchSize)
	}
	found := false
	for _, o := range g.SObjects {
		if o.Name == "Account" && o.KeyPrefix == "001" && o.Queryable {
			found = true
		}
	}
	if !found {
		t.Fatal("Account missing from the global describe")
	}
	again, err := b.client.DescribeGlobal(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if again != g {
		t.Fatal("an unchanged schema should be answered 304 and served from the cache")
	}
}

func TestDescribeCache(t *testing.T) {
	t.Parallel()
	b := setup(t)
	ctx := context.Background()
	d, err := b.client.Describe(ctx, "Account")
	if err != nil {
		t.Fatal(err)
	}
	name := d.Field("name")
	if name == nil || name.Type != "string" || name.Nillable {
		t.Fatalf("Account.Name = %+v", name)
	}
	before, _ := b.client.Usage()
	d2, err := b.client.Describe(ctx, "Account")
	if err != nil {
		t.Fatal(err)
	}
	after, _ := b.client.Usage()
	if d2 != d {
		t.Fatal("second Describe did not use the cache")
	}
	if after.Used != before.Used+1 {
		t.Fatalf("revalidation cost %d calls, want 1", after.Used-before.Used)
	}

	// A schema change moves Last-Modified, so the next Describe is fresh.
	b.clock.Advance(time.Minute)
	if _, _, err := b.srv.PutCustomField(ctx, "Account.Tier__c", map[string]any{"type": "Text", "label": "Tier", "length": 20}); err != nil {
		t.Fatal(err)
	}
	d3, err := b.client.Describe(ctx, "Account")
	if err != nil {
		t.Fatal(err)
	}
	if d3 == d || d3.Field("Tier__c") == nil {
		t.Fatal("Describe after a schema change returned the stale cache")
	}
}

func TestDescribeUnknown(t *testing.T) {
	t.Parallel()
	b := setup(t)
	_, err := b.client.Describe(context.Background(), "Nope__c")
	if !errors.Is(err, salesforce.ErrNotFound) {
		t.Fatalf("Describe(Nope__c): %v, want ErrNotFound", err)
	}
}
