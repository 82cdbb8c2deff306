package salesforce_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/sfbridge/sfbridge/salesforce"
)

func TestGetUpdatedAndDeleted(t *testing.T) {
	t.Parallel()
	b := setup(t)
	ctx := context.Background()
	start := b.clock.Now().Add(-time.Hour)
	a := b.insert(t, "Account", map[string]any{"Name": "A"})
	d := b.insert(t, "Account", map[string]any{"Name": "D"})
	b.clock.Advance(time.Minute)
	if err := b.client.Delete(ctx, "Account", d); err != nil {
		t.Fatal(err)
	}
	b.clock.Advance(5 * time.Minute)
	end := b.clock.Now()

	up, err := b.client.GetUpdated(ctx, "Account", start, end)
	if err != nil {
		t.Fatal(err)
	}
	if len(up.IDs) != 1 || up.IDs[0] != a || !up.LatestDateCovered.Equal(end.Truncate(time.Minute)) {
		t.Fatalf("GetUpdated = %+v, want [%s] up to %v", up, a, end)
	}
	del, err := b.client.GetDeleted(ctx, "Account", start, end)
	if err != nil {
		t.Fatal(err)
	}
	if len(del.Records) != 1 || del.Records[0].ID != d || del.Records[0].DeletedDate.IsZero() || del.EarliestDateAvailable.IsZero() {
		t.Fatalf("GetDeleted = %+v, want %s", del, d)
	}

	_, err = b.client.GetUpdated(ctx, "Account", end, start)
	var apiErr *salesforce.APIError
	if !errors.As(err, &apiErr) || apiErr.ErrorCode != "INVALID_REPLICATION_DATE" {
		t.Fatalf("start after end: %v", err)
	}
}
