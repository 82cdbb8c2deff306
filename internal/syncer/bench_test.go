package syncer_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/sfbridge/sfbridge/internal/mapping"
	"github.com/sfbridge/sfbridge/internal/store"
	"github.com/sfbridge/sfbridge/internal/syncer"
)

// BenchmarkInboundContacts measures a first load of 20,000 Contacts with
// the default Contact mapping (15 fields, references to the account and
// the owner) from the emulator into SQLite: query paging over HTTP,
// conversion, link resolution and apply. Target: >= 20,000 records/s.
func BenchmarkInboundContacts(b *testing.B) {
	const n = 20_000
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		o := newOrg(b)
		ctx := context.Background()
		acct, err := o.emu.Insert(ctx, "Account", map[string]any{"Name": "Parent"})
		if err != nil {
			b.Fatal(err)
		}
		for j := 0; j < n; j++ {
			if _, err := o.emu.Insert(ctx, "Contact", map[string]any{
				"FirstName": "First", "LastName": fmt.Sprintf("Last %d", j), "Email": fmt.Sprintf("c%d@example.com", j),
				"Phone": "(555) 010-0000", "MobilePhone": "(555) 010-0001", "Title": "Buyer", "Department": "Sales",
				"MailingStreet": "1 Main St", "MailingCity": "Springfield", "MailingState": "IL", "MailingPostalCode": "62701",
				"MailingCountry": "USA", "LeadSource": "Web", "AccountId": acct,
			}); err != nil {
				b.Fatal(err)
			}
		}
		s := o.connect(b, syncer.Config{})
		mapDefaults(b, s, "Contact", "Account")
		b.StartTimer()
		start := time.Now()
		run, err := s.engine.SyncObject(ctx, s.ws.ID, s.conn.ID, "Contact")
		elapsed := time.Since(start)
		if err != nil || run.Created != n {
			b.Fatalf("run %+v: %v", run, err)
		}
		b.ReportMetric(float64(n)/elapsed.Seconds(), "records/s")
		b.ReportMetric(float64(run.APICalls), "api-calls")
	}
}

// mapDefaults replaces the test mapping of the objects with the default
// mappings of internal/mapping.
func mapDefaults(tb testing.TB, s *side, objects ...string) {
	tb.Helper()
	ctx := context.Background()
	if _, err := s.store.DeleteFieldMappings(ctx, s.conn.ID); err != nil {
		tb.Fatal(err)
	}
	for _, obj := range objects {
		typ, fms := mapping.Defaults(obj)
		typ.WorkspaceID = s.ws.ID
		if _, err := s.store.PutAppType(ctx, typ); err != nil {
			tb.Fatal(err)
		}
		if _, err := s.store.PutObjectMapping(ctx, store.ObjectMapping{ConnectionID: s.conn.ID, Object: obj, AppType: typ.Name, DeletePolicy: "delete", Enabled: true}); err != nil {
			tb.Fatal(err)
		}
		for _, fm := range fms {
			fm.ConnectionID = s.conn.ID
			if _, err := s.store.CreateFieldMapping(ctx, fm); err != nil {
				tb.Fatal(err)
			}
		}
	}
}
