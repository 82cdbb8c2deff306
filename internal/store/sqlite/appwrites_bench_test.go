package sqlite

import (
	"path/filepath"
	"testing"
	"time"

	"github.com/sfbridge/sfbridge/internal/store"
)

// BenchmarkWriteAppRecordsUpdates updates records in batches of 200 in a
// workspace of 50,000: the host's records:batch path. Reading the batch's
// records must look them up by id, not scan the workspace.
func BenchmarkWriteAppRecordsUpdates(b *testing.B) {
	ctx := b.Context()
	s, err := Open(ctx, filepath.Join(b.TempDir(), "bench.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	ws, err := s.CreateWorkspace(ctx, store.Workspace{ExternalKey: "bench", Name: "Bench"})
	if err != nil {
		b.Fatal(err)
	}
	if _, err := s.PutAppType(ctx, store.AppType{WorkspaceID: ws.ID, Name: "contact", Label: "Contact",
		Fields: []store.AppField{{Name: "title", Label: "Title", Type: store.AppText}}}); err != nil {
		b.Fatal(err)
	}
	var ids []string
	for range 50 {
		writes := make([]store.AppWrite, 1000)
		for j := range writes {
			writes[j] = store.AppWrite{Op: store.AppCreate, Type: "contact", Fields: map[string]any{"title": "new"}}
		}
		recs, err := s.WriteAppRecords(ctx, ws.ID, writes, time.Now())
		if err != nil {
			b.Fatal(err)
		}
		for _, r := range recs {
			ids = append(ids, r.ID)
		}
	}
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		writes := make([]store.AppWrite, 200)
		for j := range writes {
			writes[j] = store.AppWrite{Op: store.AppUpdate, Type: "contact", ID: ids[(i*200+j)%len(ids)], Fields: map[string]any{"title": "changed"}}
		}
		if _, err := s.WriteAppRecords(ctx, ws.ID, writes, time.Now()); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N*200)/b.Elapsed().Seconds(), "records/s")
}
