package salesforce_test

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/sfbridge/sfbridge/salesforce"
	"github.com/sfbridge/sfbridge/sfemu"
)

func TestBulkQueryStreamsEveryPage(t *testing.T) {
	t.Parallel()
	b := setup(t)
	acct := b.insert(t, "Account", map[string]any{"Name": "Bulk Parent"})
	for i := range 2_345 {
		b.insert(t, "Contact", map[string]any{"LastName": fmt.Sprintf("Bulk %04d", i), "AccountId": acct})
	}
	b.srv.ResetStats()
	seen := map[string]bool{}
	for row, err := range b.client.BulkQuery(context.Background(), "SELECT Id, LastName, Account.Name FROM Contact", salesforce.BulkQueryOptions{MaxRecords: 1000}) {
		if err != nil {
			t.Fatal(err)
		}
		if seen[row["Id"]] {
			t.Fatalf("row %s twice", row["Id"])
		}
		seen[row["Id"]] = true
		if row["Account.Name"] != "Bulk Parent" || row["LastName"] == "" {
			t.Fatalf("row %v", row)
		}
	}
	if len(seen) != 2_345 {
		t.Fatalf("%d rows, want 2,345", len(seen))
	}
	st := b.srv.Stats()
	if pages := st.Requests["bulk_query_results"]; pages != 3 {
		t.Errorf("%d results pages for 2,345 rows at 1,000 a page, want 3", pages)
	}
	t.Logf("2,345 rows: %d API calls (%v)", st.Total, st.Requests)
}

func TestBulkQueryReadsACutPageAgainWithoutRepeats(t *testing.T) {
	t.Parallel()
	b := setup(t)
	for i := range 1_500 {
		b.insert(t, "Contact", map[string]any{"LastName": fmt.Sprintf("Cut %04d", i)})
	}
	// The first results page is cut partway; the client reads it again
	// and skips the rows it already gave.
	b.inject(t, sfemu.Fault{Method: "GET", Path: "/services/data/*/jobs/query/*/results", Cut: true})
	n, seen := 0, map[string]bool{}
	for row, err := range b.client.BulkQuery(context.Background(), "SELECT Id FROM Contact", salesforce.BulkQueryOptions{}) {
		if err != nil {
			t.Fatal(err)
		}
		if seen[row["Id"]] {
			t.Fatalf("row %s twice", row["Id"])
		}
		seen[row["Id"]] = true
		n++
	}
	if n != 1_500 {
		t.Fatalf("%d rows, want 1,500", n)
	}
}

func TestBulkQueryStopsAndFails(t *testing.T) {
	t.Parallel()
	b := setup(t)
	for i := range 10 {
		b.insert(t, "Contact", map[string]any{"LastName": fmt.Sprintf("Stop %d", i)})
	}
	n := 0
	for _, err := range b.client.BulkQuery(context.Background(), "SELECT Id FROM Contact", salesforce.BulkQueryOptions{}) {
		if err != nil {
			t.Fatal(err)
		}
		if n++; n == 3 {
			break
		}
	}
	if n != 3 {
		t.Fatalf("read %d rows after stopping at 3", n)
	}
	// Salesforce refuses aggregate queries in Bulk API 2.0.
	for _, err := range b.client.BulkQuery(context.Background(), "SELECT COUNT() FROM Contact", salesforce.BulkQueryOptions{}) {
		var api *salesforce.APIError
		if !errors.As(err, &api) {
			t.Fatalf("an aggregate bulk query answered %v, want a Salesforce refusal", err)
		}
		break
	}
}

func TestBulkQueryValuesKeepsColumnOrder(t *testing.T) {
	t.Parallel()
	b := setup(t)
	for i := range 1_500 {
		b.insert(t, "Contact", map[string]any{"LastName": fmt.Sprintf("Values %04d", i), "FirstName": "Ada"})
	}
	n := 0
	for r, err := range b.client.BulkQueryValues(context.Background(), "SELECT Id, FirstName, LastName FROM Contact", salesforce.BulkQueryOptions{MaxRecords: 1000}) {
		if err != nil {
			t.Fatal(err)
		}
		if len(r.Columns) != 3 || r.Columns[0] != "Id" || r.Columns[1] != "FirstName" || r.Columns[2] != "LastName" {
			t.Fatalf("columns %v", r.Columns)
		}
		if len(r.Values) != 3 || r.Values[0] == "" || r.Values[1] != "Ada" || r.Values[2] == "" {
			t.Fatalf("values %v", r.Values)
		}
		n++
	}
	if n != 1_500 {
		t.Fatalf("%d rows, want 1,500", n)
	}
}
