package syncer

import (
	"context"
	"fmt"
	"iter"
	"strconv"
	"strings"

	"github.com/sfbridge/sfbridge/salesforce"
)

// DefaultBulkThreshold is how many records a first load must have for it
// to read them with Bulk API 2.0 rather than REST query pages: a bulk job
// costs a few calls whatever its size, a REST page 2,000 records a call.
const DefaultBulkThreshold = 50_000

// useBulk decides whether a first load reads through Bulk API 2.0: the
// object holds at least the threshold's records (one count call) and no
// selected field is compound, which Bulk API 2.0 refuses.
func (e *Engine) useBulk(ctx context.Context, client *salesforce.Client, p *objectPlan) (bool, error) {
	if e.cfg.BulkThreshold < 0 {
		return false, nil
	}
	for _, name := range p.selectFields() {
		if f := p.describe.Field(name); f != nil && (f.Type == "address" || f.Type == "location") {
			return false, nil
		}
	}
	n, err := client.Count(ctx, "SELECT COUNT() FROM "+p.mapping.Object)
	if err != nil {
		return false, fmt.Errorf("counting %s: %w", p.mapping.Object, err)
	}
	return n >= e.cfg.BulkThreshold, nil
}

// bulkRecords reads a query through Bulk API 2.0 and gives its rows as
// REST records: CSV text typed by the describe (numbers, booleans, nulls)
// and datetimes in REST's format, so the merge base is the same whichever
// API read the record.
func bulkRecords(client *salesforce.Client, describe *salesforce.SObjectDescribe) func(ctx context.Context, soql string, opts ...salesforce.Option) iter.Seq2[salesforce.Record, error] {
	return func(ctx context.Context, soql string, _ ...salesforce.Option) iter.Seq2[salesforce.Record, error] {
		return func(yield func(salesforce.Record, error) bool) {
			for row, err := range client.BulkQuery(ctx, soql, salesforce.BulkQueryOptions{}) {
				if err != nil {
					yield(nil, err)
					return
				}
				if !yield(bulkRecord(describe, row), nil) {
					return
				}
			}
		}
	}
}

// bulkRecord types one Bulk API 2.0 row.
func bulkRecord(describe *salesforce.SObjectDescribe, row salesforce.BulkRow) salesforce.Record {
	rec := make(salesforce.Record, len(row))
	for col, s := range row {
		if s == "" {
			rec[col] = nil
			continue
		}
		f := describe.Field(col)
		if f == nil || strings.Contains(col, ".") {
			rec[col] = s
			continue
		}
		switch f.Type {
		case "boolean":
			b, err := strconv.ParseBool(s)
			if err != nil {
				rec[col] = s
				continue
			}
			rec[col] = b
		case "int", "double", "currency", "percent":
			x, err := strconv.ParseFloat(s, 64)
			if err != nil {
				rec[col] = s
				continue
			}
			rec[col] = x
		case "datetime":
			t, err := salesforce.ParseDateTime(s)
			if err != nil {
				rec[col] = s
				continue
			}
			rec[col] = t.UTC().Format(salesforce.DateTimeLayout)
		default:
			rec[col] = s
		}
	}
	return rec
}
