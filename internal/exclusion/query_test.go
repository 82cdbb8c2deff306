package exclusion

import (
	"context"
	"iter"
	"slices"
	"strings"
	"testing"

	"github.com/sfbridge/sfbridge/internal/soql"
	"github.com/sfbridge/sfbridge/salesforce"
)

func TestDigitPattern(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ in, want string }{
		{"5550100", "'%5%5%5%0%1%0%0%'"},
		{"7", "'%7%'"},
		{"", ""},
		{"555-0100", ""},
		{"12'3", ""},
		{"１２", ""}, // full-width digits are not ASCII digits
	} {
		got, err := digitPattern(tc.in)
		if tc.want == "" {
			if err == nil {
				t.Errorf("digitPattern(%q) = %q, want an error", tc.in, got)
			}
			continue
		}
		if err != nil || got != tc.want {
			t.Errorf("digitPattern(%q) = %q, %v; want %q", tc.in, got, err, tc.want)
		}
		// The pattern parses as one LIKE literal.
		if _, err := soql.Parse("SELECT Id FROM Contact WHERE Phone LIKE " + got); err != nil {
			t.Errorf("%s does not parse: %v", got, err)
		}
	}
}

func TestPack(t *testing.T) {
	t.Parallel()
	cost := func(s string) int { return len(s) }
	for _, tc := range []struct {
		name  string
		items []string
		want  [][]string
	}{
		{"none", nil, nil},
		{"one batch", []string{"ab", "cd"}, [][]string{{"ab", "cd"}}},
		{"split at the budget", []string{"abc", "de", "fgh", "i"}, [][]string{{"abc", "de"}, {"fgh", "i"}}},
		{"an item over the budget goes alone", []string{"abcdefgh", "i"}, [][]string{{"abcdefgh"}, {"i"}}},
	} {
		if got := pack(tc.items, cost, 5); !slices.EqualFunc(got, tc.want, slices.Equal) {
			t.Errorf("%s: pack = %v, want %v", tc.name, got, tc.want)
		}
	}
}

// The batches a check sends stay under the length Salesforce accepts,
// however long the values.
func TestBatchesStayShort(t *testing.T) {
	t.Parallel()
	var sent []string
	b := &batcher{q: recorder{&sent}}
	var emails, digits []string
	for i := range 1000 {
		emails = append(emails, strings.Repeat("x", 60)+"'%_@example.com"+strings.Repeat("y", i%7))
		digits = append(digits, "5550100")
	}
	ctx := t.Context()
	if err := b.inBatches(ctx, "Contact", []string{"Id", "Email"}, "Email", emails, nil, nil); err != nil {
		t.Fatal(err)
	}
	if err := b.containsBatches(ctx, "Account", []string{"Id"}, "Website", emails, nil); err != nil {
		t.Fatal(err)
	}
	if err := b.phoneBatches(ctx, "Contact", []string{"Id"}, phoneFields["Contact"], digits, nil); err != nil {
		t.Fatal(err)
	}
	for _, q := range sent {
		if n := encodedLen(q); n > queryBudget {
			t.Errorf("a query of %d encoded characters", n)
		}
		if _, err := soql.Parse(q); err != nil {
			t.Fatalf("a batch does not parse: %v\n%s", err, q)
		}
	}
	if b.queries != len(sent) || len(sent) < 3 {
		t.Errorf("%d queries counted, %d sent", b.queries, len(sent))
	}
	t.Logf("%d queries for 1,000 long emails (twice) and 1,000 phones", len(sent))
}

// recorder answers every query with no records and keeps its text.
type recorder struct{ sent *[]string }

func (r recorder) Query(_ context.Context, q string, _ ...salesforce.Option) iter.Seq2[salesforce.Record, error] {
	*r.sent = append(*r.sent, q)
	return func(func(salesforce.Record, error) bool) {}
}
