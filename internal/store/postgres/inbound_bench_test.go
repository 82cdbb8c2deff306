package postgres

import (
	"fmt"
	"testing"

	"github.com/sfbridge/sfbridge/internal/store"
	"github.com/sfbridge/sfbridge/internal/store/storetest"
)

// BenchmarkApplyInbound measures a first load into a fresh schema
// (storetest.BenchmarkApplyInbound), as the SQLite store's benchmark does.
func BenchmarkApplyInbound(b *testing.B) {
	for _, records := range []int{10_000, 100_000} {
		b.Run(fmt.Sprintf("records=%d", records), func(b *testing.B) {
			storetest.BenchmarkApplyInbound(b, func(tb testing.TB) store.Store { return open(tb) }, records, 2_000)
		})
	}
}
