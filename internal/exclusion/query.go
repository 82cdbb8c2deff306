package exclusion

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strings"

	"github.com/sfbridge/sfbridge/internal/soql"
	"github.com/sfbridge/sfbridge/salesforce"
)

// Query size limits. Salesforce answers 414 or 431 when the URI and
// headers pass 16,384 bytes, and a query travels URL-encoded in the URI,
// so batches are cut by their encoded length.
const (
	// queryBudget is the encoded length a batch aims for.
	queryBudget = 12000
	// queryMax is the encoded length no query sent may pass.
	queryMax = 14000
)

// batcher runs a check's queries and counts them.
type batcher struct {
	q       Querier
	queries int
}

// run sends one query and hands each record to each.
func (b *batcher) run(ctx context.Context, query string, each func(salesforce.Record)) error {
	if n := len(url.QueryEscape(query)); n > queryMax {
		return fmt.Errorf("a query of %d encoded characters is over the %d sfbridge sends", n, queryMax)
	}
	b.queries++
	for rec, err := range b.q.Query(ctx, query) {
		if err != nil {
			return err
		}
		each(rec)
	}
	return nil
}

// encodedLen is the URL-encoded length of s.
func encodedLen(s string) int { return len(url.QueryEscape(s)) }

// pack splits items into batches whose summed cost stays within budget,
// at least one item per batch, keeping their order.
func pack[T any](items []T, cost func(T) int, budget int) [][]T {
	var out [][]T
	var cur []T
	sum := 0
	for _, it := range items {
		c := cost(it)
		if len(cur) > 0 && sum+c > budget {
			out = append(out, cur)
			cur, sum = nil, 0
		}
		cur = append(cur, it)
		sum += c
	}
	if len(cur) > 0 {
		out = append(out, cur)
	}
	return out
}

// inBatches runs SELECT fields FROM object WHERE field IN (...) over
// values, as many queries as the length budget needs.
func (b *batcher) inBatches(ctx context.Context, object string, fields []string, field string, values []string, extra []soql.Condition, each func(salesforce.Record)) error {
	base := soql.Select(fields...).From(object)
	overhead := encodedLen(base.String()) + encodedLen(" WHERE "+field+" IN () AND ") + 200*len(extra)
	cost := func(v string) int { return encodedLen(soql.QuoteString(v) + ", ") }
	for _, batch := range pack(values, cost, queryBudget-overhead) {
		q, err := base.Where(append([]soql.Condition{soql.In(field, batch...)}, extra...)...).Build()
		if err != nil {
			return err
		}
		if err := b.run(ctx, q, each); err != nil {
			return err
		}
	}
	return nil
}

// containsBatches runs SELECT fields FROM object WHERE field LIKE
// '%v%' OR ... over values.
func (b *batcher) containsBatches(ctx context.Context, object string, fields []string, field string, values []string, each func(salesforce.Record)) error {
	base := soql.Select(fields...).From(object)
	overhead := encodedLen(base.String() + " WHERE ")
	cost := func(v string) int { return encodedLen(field+" LIKE '%%' OR ") + encodedLen(soql.QuoteLike(v)) }
	for _, batch := range pack(values, cost, queryBudget-overhead) {
		conds := make([]soql.Condition, len(batch))
		for i, v := range batch {
			conds[i] = soql.Contains(field, v)
		}
		q, err := base.Where(soql.Or(conds...)).Build()
		if err != nil {
			return err
		}
		if err := b.run(ctx, q, each); err != nil {
			return err
		}
	}
	return nil
}

// phoneBatches runs SELECT fields FROM object WHERE (F1 LIKE p OR F2
// LIKE p ...) OR ... for the digit patterns of phones (see
// digitPattern) over phoneFields.
func (b *batcher) phoneBatches(ctx context.Context, object string, fields, phoneFields []string, digits []string, each func(salesforce.Record)) error {
	base, err := soql.Select(fields...).From(object).Build()
	if err != nil {
		return err
	}
	conds := make([]string, len(digits))
	for i, d := range digits {
		p, err := digitPattern(d)
		if err != nil {
			return err
		}
		terms := make([]string, len(phoneFields))
		for j, f := range phoneFields {
			terms[j] = f + " LIKE " + p
		}
		conds[i] = "(" + strings.Join(terms, " OR ") + ")"
	}
	overhead := encodedLen(base + " WHERE ")
	cost := func(c string) int { return encodedLen(c + " OR ") }
	for _, batch := range pack(conds, cost, queryBudget-overhead) {
		if err := b.run(ctx, base+" WHERE "+strings.Join(batch, " OR "), each); err != nil {
			return err
		}
	}
	return nil
}

// errNotDigits guards digitPattern.
var errNotDigits = errors.New("exclusion: a phone pattern takes digits only")

// digitPattern is a LIKE literal matching any text that holds digits in
// that order, whatever is between them: "5550100" gives
// '%5%5%5%0%1%0%0%'. It refuses anything but ASCII digits, so only the
// digits of a normalized number ever reach the query text.
func digitPattern(digits string) (string, error) {
	if digits == "" {
		return "", errNotDigits
	}
	var b strings.Builder
	b.WriteString("'%")
	for i := 0; i < len(digits); i++ {
		if digits[i] < '0' || digits[i] > '9' {
			return "", errNotDigits
		}
		b.WriteByte(digits[i])
		b.WriteByte('%')
	}
	b.WriteByte('\'')
	return b.String(), nil
}
