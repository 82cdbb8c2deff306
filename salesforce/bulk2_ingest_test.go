package salesforce_test

import (
	"context"
	"fmt"
	"iter"
	"strings"
	"testing"

	"github.com/sfbridge/sfbridge/salesforce"
)

// contacts yields n new Contacts, the 10th without a LastName.
func contacts(n int) iter.Seq[map[string]any] {
	return func(yield func(map[string]any) bool) {
		for i := range n {
			rec := map[string]any{"LastName": fmt.Sprintf("Ingest %05d", i), "Email": fmt.Sprintf("i%d@bulk.test", i)}
			if i == 9 {
				rec["LastName"] = nil
			}
			if !yield(rec) {
				return
			}
		}
	}
}

func TestBulkIngestSplitsUploadsAndReportsFailures(t *testing.T) {
	t.Parallel()
	b := setup(t)
	ctx := context.Background()
	spec := salesforce.BulkIngestSpec{Object: "Contact", Operation: "insert", Columns: []string{"LastName", "Email"}}
	// About 40 bytes a row: 2,500 rows over uploads of 32 KB make 4 jobs.
	res, err := b.client.BulkIngest(ctx, spec, contacts(2_500), salesforce.BulkIngestOptions{MaxUploadBytes: 32 << 10})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Jobs) < 3 || res.Processed != 2_500 || res.Failed != 1 {
		t.Fatalf("result %+v", res)
	}
	if n, err := b.client.Count(ctx, "SELECT COUNT() FROM Contact"); err != nil || n != 2_499 {
		t.Fatalf("%d contacts, %v", n, err)
	}
	failures := 0
	for _, job := range res.Jobs {
		for row, err := range b.client.BulkFailedResults(ctx, job.ID) {
			if err != nil {
				t.Fatal(err)
			}
			failures++
			if !strings.HasPrefix(row["sf__Error"], "REQUIRED_FIELD_MISSING") || row["Email"] != "i9@bulk.test" {
				t.Fatalf("failed row %v", row)
			}
		}
	}
	if failures != 1 {
		t.Fatalf("%d failed rows, want 1", failures)
	}
	// Updates by Id, read back from the successful results.
	var updates []map[string]any
	for row, err := range b.client.BulkSuccessfulResults(ctx, res.Jobs[0].ID) {
		if err != nil {
			t.Fatal(err)
		}
		if row["sf__Created"] != "true" || row["sf__Id"] == "" {
			t.Fatalf("success row %v", row)
		}
		updates = append(updates, map[string]any{"Id": row["sf__Id"], "Title": "Bulk updated"})
	}
	up, err := b.client.BulkIngest(ctx, salesforce.BulkIngestSpec{Object: "Contact", Operation: "update", Columns: []string{"Id", "Title"}},
		func(yield func(map[string]any) bool) {
			for _, u := range updates {
				if !yield(u) {
					return
				}
			}
		}, salesforce.BulkIngestOptions{})
	if err != nil || len(up.Jobs) != 1 || up.Processed != len(updates) || up.Failed != 0 {
		t.Fatalf("update %+v %v", up, err)
	}
	if n, _ := b.client.Count(ctx, "SELECT COUNT() FROM Contact WHERE Title = 'Bulk updated'"); n != len(updates) {
		t.Fatalf("%d updated, want %d", n, len(updates))
	}
}

func TestBulkIngestNeedsColumns(t *testing.T) {
	t.Parallel()
	b := setup(t)
	if _, err := b.client.BulkIngest(context.Background(), salesforce.BulkIngestSpec{Object: "Contact", Operation: "insert"}, contacts(1), salesforce.BulkIngestOptions{}); err == nil {
		t.Fatal("an ingest without columns was accepted")
	}
}
