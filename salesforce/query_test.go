package salesforce_test

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/sfbridge/sfbridge/salesforce"
	"github.com/sfbridge/sfbridge/sfemu"
)

// insertAccounts loads n accounts named Acct-00000 on.
func insertAccounts(t testing.TB, b *bundle, n int) []string {
	t.Helper()
	ids := make([]string, n)
	for i := range n {
		ids[i] = b.insert(t, "Account", map[string]any{"Name": fmt.Sprintf("Acct-%05d", i), "NumberOfEmployees": i})
	}
	return ids
}

func TestQueryPages(t *testing.T) {
	t.Parallel()
	b := setup(t)
	ctx := context.Background()
	ids := insertAccounts(t, b, 450)
	before, _ := b.client.Usage()
	i := 0
	for rec, err := range b.client.Query(ctx, "SELECT Id, Name FROM Account ORDER BY Name", salesforce.WithBatchSize(200)) {
		if err != nil {
			t.Fatal(err)
		}
		if rec.ID() != ids[i] || rec.String("Name") != fmt.Sprintf("Acct-%05d", i) {
			t.Fatalf("record %d = %v", i, rec)
		}
		i++
	}
	if i != 450 {
		t.Fatalf("got %d records, want 450", i)
	}
	after, _ := b.client.Usage()
	if after.Used-before.Used != 3 {
		t.Fatalf("used %d calls, want 3 pages of 200", after.Used-before.Used)
	}
}

func TestQueryStopEarly(t *testing.T) {
	t.Parallel()
	b := setup(t)
	insertAccounts(t, b, 450)
	before, _ := b.client.Usage()
	n := 0
	for _, err := range b.client.Query(context.Background(), "SELECT Id FROM Account", salesforce.WithBatchSize(200)) {
		if err != nil {
			t.Fatal(err)
		}
		n++
		if n == 10 {
			break
		}
	}
	after, _ := b.client.Usage()
	if after.Used-before.Used != 1 {
		t.Fatalf("stopping in the first page fetched %d pages", after.Used-before.Used)
	}
}

func TestQueryAllAndCount(t *testing.T) {
	t.Parallel()
	b := setup(t)
	ctx := context.Background()
	ids := insertAccounts(t, b, 5)
	if err := b.client.Delete(ctx, "Account", ids[0]); err != nil {
		t.Fatal(err)
	}
	n, err := b.client.Count(ctx, "SELECT count() FROM Account")
	if err != nil || n != 4 {
		t.Fatalf("Count = %d, %v; want 4", n, err)
	}
	deleted := 0
	total := 0
	for rec, err := range b.client.QueryAll(ctx, "SELECT Id, IsDeleted FROM Account") {
		if err != nil {
			t.Fatal(err)
		}
		total++
		if rec["IsDeleted"] == true {
			deleted++
		}
	}
	if total != 5 || deleted != 1 {
		t.Fatalf("QueryAll: %d records, %d deleted; want 5, 1", total, deleted)
	}
}

func TestQueryAs(t *testing.T) {
	t.Parallel()
	b := setup(t)
	insertAccounts(t, b, 3)
	type account struct {
		ID             string              `json:"Id"`
		Name           string              `json:"Name"`
		Employees      int                 `json:"NumberOfEmployees"`
		SystemModstamp salesforce.DateTime `json:"SystemModstamp"`
	}
	var got []account
	for a, err := range salesforce.QueryAs[account](context.Background(), b.client,
		"SELECT Id, Name, NumberOfEmployees, SystemModstamp FROM Account ORDER BY Name") {
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, a)
	}
	if len(got) != 3 || got[2].Name != "Acct-00002" || got[2].Employees != 2 || !got[2].SystemModstamp.Equal(b.clock.Now()) {
		t.Fatalf("QueryAs = %+v", got)
	}
}

func TestQueryErrors(t *testing.T) {
	t.Parallel()
	b := setup(t)
	for _, err := range b.client.Query(context.Background(), "SELECT Id FROM Account WHERE") {
		var apiErr *salesforce.APIError
		if !errors.As(err, &apiErr) || apiErr.ErrorCode != "MALFORMED_QUERY" {
			t.Fatalf("malformed query: %v", err)
		}
		return
	}
	t.Fatal("a failing query yielded nothing")
}

func TestQueryRetriesCutPage(t *testing.T) {
	t.Parallel()
	b := setup(t)
	insertAccounts(t, b, 450)
	// The continuation pages are /query/{locator}-{offset}.
	b.inject(t, sfemu.Fault{Method: "GET", Path: "*/query/*", Cut: true})
	b.inject(t, sfemu.Fault{Method: "GET", Path: "*/query/*", Status: 503})
	n := 0
	for _, err := range b.client.Query(context.Background(), "SELECT Id FROM Account", salesforce.WithBatchSize(200)) {
		if err != nil {
			t.Fatal(err)
		}
		n++
	}
	if n != 450 || b.sleep.Count() != 2 {
		t.Fatalf("%d records after %d retries, want 450 after 2", n, b.sleep.Count())
	}
}

func TestQueryFailsAfterRetries(t *testing.T) {
	t.Parallel()
	b := setup(t)
	insertAccounts(t, b, 250)
	b.inject(t, sfemu.Fault{Method: "GET", Path: "*/query/*", Cut: true, Times: -1})
	n := 0
	var last error
	for _, err := range b.client.Query(context.Background(), "SELECT Id FROM Account", salesforce.WithBatchSize(200)) {
		if err != nil {
			last = err
			continue
		}
		n++
	}
	if n != 200 || last == nil {
		t.Fatalf("got %d records and %v; want the first page, then an error", n, last)
	}
	var unknown *salesforce.OutcomeUnknownError
	if errors.As(last, &unknown) {
		t.Fatalf("a query is idempotent, its error must not claim an unknown outcome: %v", last)
	}
}
