package sqlite

import (
	"fmt"
	"path/filepath"
	"testing"

	"github.com/sfbridge/sfbridge/internal/store"
	"github.com/sfbridge/sfbridge/internal/store/storetest"
)

// BenchmarkApplyInbound measures a first load into a file database
// (storetest.BenchmarkApplyInbound). The larger load shows what grows
// with the tables (index pages touched per batch, checkpoints).
func BenchmarkApplyInbound(b *testing.B) {
	open := func(tb testing.TB) store.Store {
		s, err := Open(tb.Context(), filepath.Join(tb.TempDir(), "bench.db"))
		if err != nil {
			tb.Fatal(err)
		}
		tb.Cleanup(func() { _ = s.Close() })
		return s
	}
	for _, records := range []int{10_000, 100_000} {
		b.Run(fmt.Sprintf("records=%d", records), func(b *testing.B) {
			storetest.BenchmarkApplyInbound(b, open, records, 2_000)
		})
	}
}
