package salesforce_test

import (
	"context"
	"testing"
)

func TestLimits(t *testing.T) {
	t.Parallel()
	b := setup(t)
	l, err := b.client.Limits(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	api := l["DailyApiRequests"]
	if api.Max != 15000 || api.Remaining != 14999 {
		t.Fatalf("DailyApiRequests = %+v", api)
	}
}
