package salesforce_test

import (
	"context"
	"errors"
	"net/http"
	"testing"

	"github.com/sfbridge/sfbridge/salesforce"
)

func TestComposite(t *testing.T) {
	t.Parallel()
	b := setup(t)
	ctx := context.Background()
	c := b.client
	res, err := c.Composite(ctx, []salesforce.Subrequest{
		{Method: http.MethodPost, URL: c.Path("sobjects/Account"), ReferenceID: "acct", Body: map[string]any{"Name": "Parent"}},
		{Method: http.MethodPost, URL: c.Path("sobjects/Contact"), ReferenceID: "ct",
			Body: map[string]any{"LastName": "Child", "AccountId": "@{acct.id}"}},
		{Method: http.MethodGet, URL: c.Path("sobjects/Contact/@{ct.id}?fields=AccountId"), ReferenceID: "read"},
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(res) != 3 {
		t.Fatalf("%d subresponses", len(res))
	}
	for _, r := range res {
		if r.Err() != nil {
			t.Fatalf("%s: %v", r.ReferenceID, r.Err())
		}
	}
	var created struct{ ID string }
	var contact salesforce.Record
	if err := res[0].Decode(&created); err != nil {
		t.Fatal(err)
	}
	if err := res[2].Decode(&contact); err != nil {
		t.Fatal(err)
	}
	if contact.String("AccountId") != created.ID {
		t.Fatalf("contact's AccountId = %q, want %q", contact.String("AccountId"), created.ID)
	}
}

func TestCompositeAllOrNone(t *testing.T) {
	t.Parallel()
	b := setup(t)
	ctx := context.Background()
	c := b.client
	res, err := c.Composite(ctx, []salesforce.Subrequest{
		{Method: http.MethodPost, URL: c.Path("sobjects/Account"), ReferenceID: "ok", Body: map[string]any{"Name": "A"}},
		{Method: http.MethodPost, URL: c.Path("sobjects/Account"), ReferenceID: "bad", Body: map[string]any{}},
	}, salesforce.WithAllOrNone())
	if err != nil {
		t.Fatal(err)
	}
	if !errors.Is(res[1].Err(), salesforce.ErrRequiredFieldMissing) {
		t.Fatalf("bad subrequest: %v", res[1].Err())
	}
	var apiErr *salesforce.APIError
	if !errors.As(res[0].Err(), &apiErr) || apiErr.ErrorCode != "PROCESSING_HALTED" {
		t.Fatalf("rolled back subrequest: %v", res[0].Err())
	}
	if n, _ := c.Count(ctx, "SELECT count() FROM Account"); n != 0 {
		t.Fatalf("%d accounts after a rolled back composite", n)
	}
	if _, err := c.Composite(ctx, nil); err == nil {
		t.Fatal("an empty composite should fail")
	}
}
