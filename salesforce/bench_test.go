package salesforce_test

import (
	"context"
	"fmt"
	"runtime"
	"testing"

	"github.com/sfbridge/sfbridge/salesforce"
)

// BenchmarkQueryStream streams whole result sets through the query
// iterator and reports allocations and bytes per record, plus the peak
// live heap while streaming. The per-record figures stay the same from
// 10,000 to 100,000 records and the peak heap does not grow with the
// result beyond the org's query cursor: the iterator holds one page. The figures include the
// emulator, which runs in the same process and renders the pages;
// live-heap-MB is the most live memory (after a collection) beyond the
// loaded org while streaming: one page, the org's query cursor (a slice
// of the matching record pointers) and buffers.
func BenchmarkQueryStream(b *testing.B) {
	for _, n := range []int{10_000, 100_000} {
		b.Run(fmt.Sprintf("records=%d", n), func(b *testing.B) {
			bd := setup(b)
			ctx := context.Background()
			for i := range n {
				if _, err := bd.srv.Insert(ctx, "Account", map[string]any{
					"Name": fmt.Sprintf("Account %06d", i), "Industry": "Energy", "NumberOfEmployees": i, "Website": "example.com",
				}); err != nil {
					b.Fatal(err)
				}
			}
			const q = "SELECT Id, Name, Industry, NumberOfEmployees, Website, SystemModstamp FROM Account"
			var before, after runtime.MemStats
			var peak uint64
			runtime.GC()
			runtime.ReadMemStats(&before)
			b.ResetTimer()
			for i := range b.N {
				got := 0
				for rec, err := range bd.client.Query(ctx, q) {
					if err != nil {
						b.Fatal(err)
					}
					if rec.ID() == "" {
						b.Fatal("record without Id")
					}
					got++
					if i == 0 && got%(n/5) == 0 {
						// Live heap beyond the org's own, after a collection.
						runtime.GC()
						var ms runtime.MemStats
						runtime.ReadMemStats(&ms)
						if ms.HeapAlloc > before.HeapAlloc {
							peak = max(peak, ms.HeapAlloc-before.HeapAlloc)
						}
					}
				}
				if got != n {
					b.Fatalf("streamed %d records, want %d", got, n)
				}
			}
			b.StopTimer()
			runtime.ReadMemStats(&after)
			records := float64(b.N) * float64(n)
			b.ReportMetric(float64(after.Mallocs-before.Mallocs)/records, "allocs/record")
			b.ReportMetric(float64(after.TotalAlloc-before.TotalAlloc)/records, "B/record")
			b.ReportMetric(float64(peak)/(1<<20), "live-heap-MB")
			b.ReportMetric(float64(before.HeapInuse)/(1<<20), "org-heap-MB")
		})
	}
}

// BenchmarkQueryAsStream is BenchmarkQueryStream decoding into a struct.
func BenchmarkQueryAsStream(b *testing.B) {
	const n = 100_000
	bd := setup(b)
	ctx := context.Background()
	for i := range n {
		if _, err := bd.srv.Insert(ctx, "Account", map[string]any{"Name": fmt.Sprintf("Account %06d", i), "NumberOfEmployees": i}); err != nil {
			b.Fatal(err)
		}
	}
	type account struct {
		ID             string `json:"Id"`
		Name           string
		Employees      int `json:"NumberOfEmployees"`
		SystemModstamp salesforce.DateTime
	}
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	b.ResetTimer()
	for range b.N {
		got := 0
		for _, err := range salesforce.QueryAs[account](ctx, bd.client, "SELECT Id, Name, NumberOfEmployees, SystemModstamp FROM Account") {
			if err != nil {
				b.Fatal(err)
			}
			got++
		}
		if got != n {
			b.Fatalf("streamed %d records, want %d", got, n)
		}
	}
	b.StopTimer()
	runtime.ReadMemStats(&after)
	records := float64(b.N) * n
	b.ReportMetric(float64(after.Mallocs-before.Mallocs)/records, "allocs/record")
	b.ReportMetric(float64(after.TotalAlloc-before.TotalAlloc)/records, "B/record")
}
