package storetest

import (
	"fmt"
	"testing"
	"time"

	"github.com/sfbridge/sfbridge/internal/store"
)

// BenchmarkApplyInbound measures a first load into a fresh store from
// open: records Contacts with 15 mapped fields, applied in batches of
// batch with their cursor, as the sync engine applies pages. It reports
// records/s; open is called once per iteration, outside the timing.
func BenchmarkApplyInbound(b *testing.B, open func(testing.TB) store.Store, records, batch int) {
	base := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	changes := make([]store.InboundChange, records)
	for i := range changes {
		id := fmt.Sprintf("003%015d", i)
		changes[i] = store.InboundChange{
			SalesforceID:   id,
			SystemModstamp: base.Add(time.Duration(i) * time.Second),
			Fields: map[string]any{
				"first_name": "Ada", "last_name": fmt.Sprintf("Lovelace %d", i),
				"email": fmt.Sprintf("ada%d@example.com", i), "phone": "+44 20 7946 0000",
				"mobile": "+44 7700 900000", "title": "Engineer", "department": "R&D",
				"street": "12 Analytical Row", "city": "London", "postal_code": "N1 9GU",
				"country": "United Kingdom", "birthdate": "1815-12-10", "do_not_call": false,
				"lead_source": "Web", "score": float64(i % 100),
			},
			Synced: map[string]any{
				"FirstName": "Ada", "LastName": fmt.Sprintf("Lovelace %d", i),
				"Email": fmt.Sprintf("ada%d@example.com", i), "Phone": "+44 20 7946 0000",
				"MobilePhone": "+44 7700 900000", "Title": "Engineer", "Department": "R&D",
				"MailingStreet": "12 Analytical Row", "MailingCity": "London", "MailingPostalCode": "N1 9GU",
				"MailingCountry": "United Kingdom", "Birthdate": "1815-12-10", "DoNotCall": false,
				"LeadSource": "Web", "Score__c": float64(i % 100),
			},
		}
	}
	b.ReportAllocs()
	var elapsed time.Duration
	for b.Loop() {
		b.StopTimer()
		s := open(b)
		w, err := s.CreateWorkspace(b.Context(), store.Workspace{ExternalKey: "bench"})
		if err != nil {
			b.Fatal(err)
		}
		c, err := s.CreateConnection(b.Context(), store.Connection{WorkspaceID: w.ID, Name: "bench"})
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		start := time.Now()
		for lo := 0; lo < records; lo += batch {
			page := changes[lo:min(lo+batch, records)]
			res, err := s.ApplyInbound(b.Context(), store.InboundBatch{
				WorkspaceID: w.ID, ConnectionID: c.ID, Object: "Contact", AppType: "contact",
				DeletePolicy: store.DeletePolicyMark, Changes: page,
				Cursor: &store.Cursor{Watermark: page[len(page)-1].SystemModstamp},
			})
			if err != nil {
				b.Fatal(err)
			}
			if res.Created != len(page) {
				b.Fatalf("created %d, want %d", res.Created, len(page))
			}
		}
		elapsed += time.Since(start)
	}
	b.ReportMetric(float64(records*b.N)/elapsed.Seconds(), "records/s")
}
