package syncer

import (
	"context"
	"fmt"
	"iter"
	"strconv"
	"strings"
	"time"

	"github.com/sfbridge/sfbridge/salesforce"
)

// DefaultBulkThreshold is how many records a first load must have for it
// to read them with Bulk API 2.0 rather than REST query pages: a bulk job
// costs a few calls whatever its size, a REST page 2,000 records a call.
const DefaultBulkThreshold = 50_000

// bulkResultsPage is how many rows one Bulk API 2.0 results call asks
// for: a million records in four calls. Rows are streamed, so a larger
// page costs no memory; Salesforce may still cut a page short by size.
const bulkResultsPage = 250_000

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
			t := bulkTyper{describe: describe}
			for row, err := range client.BulkQueryValues(ctx, soql, salesforce.BulkQueryOptions{MaxRecords: bulkResultsPage}) {
				if err != nil {
					yield(nil, err)
					return
				}
				if !yield(t.record(row), nil) {
					return
				}
			}
		}
	}
}

// bulkTyper types Bulk API 2.0 rows, looking the columns up in the
// describe once per results page.
type bulkTyper struct {
	describe *salesforce.SObjectDescribe
	columns  []string // the columns types are for
	types    []string // describe type by column, "" for text
}

// record types one Bulk API 2.0 row.
func (t *bulkTyper) record(row salesforce.BulkValues) salesforce.Record {
	if len(row.Columns) == 0 || len(t.columns) != len(row.Columns) || &t.columns[0] != &row.Columns[0] {
		t.columns, t.types = row.Columns, make([]string, len(row.Columns))
		for i, col := range row.Columns {
			if f := t.describe.Field(col); f != nil && !strings.Contains(col, ".") {
				t.types[i] = f.Type
			}
		}
	}
	rec := make(salesforce.Record, len(row.Columns))
	for i, col := range row.Columns {
		s := row.Values[i]
		if s == "" {
			rec[col] = nil
			continue
		}
		switch t.types[i] {
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
			if rest, ok := restDateTime(s); ok {
				rec[col] = rest
				continue
			}
			ts, err := salesforce.ParseDateTime(s)
			if err != nil {
				rec[col] = s
				continue
			}
			rec[col] = ts.UTC().Format(salesforce.DateTimeLayout)
		default:
			rec[col] = s
		}
	}
	return rec
}

// restDateTime rewrites a datetime as Bulk API 2.0 writes it
// (2024-01-02T03:04:05.000Z) in REST's format (2024-01-02T03:04:05.000+0000)
// without parsing it into a time; ok is false for any other text, which
// takes the general way.
func restDateTime(s string) (string, bool) {
	if len(s) != 24 || s[4] != '-' || s[7] != '-' || s[10] != 'T' || s[13] != ':' || s[16] != ':' || s[19] != '.' || s[23] != 'Z' {
		return "", false
	}
	ok := true
	num := func(lo, hi int) int {
		n := 0
		for _, c := range []byte(s[lo:hi]) {
			if c < '0' || c > '9' {
				ok = false
			}
			n = n*10 + int(c-'0')
		}
		return n
	}
	year, month, day := num(0, 4), num(5, 7), num(8, 10)
	hour, minute, second := num(11, 13), num(14, 16), num(17, 19)
	num(20, 23)
	if !ok || month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59 {
		return "", false
	}
	if time.Date(year, time.Month(month), day, 0, 0, 0, 0, time.UTC).Day() != day {
		return "", false // the 31st of a shorter month
	}
	return s[:23] + "+0000", true
}
