package mapping_test

import (
	"context"
	"testing"

	"github.com/sfbridge/sfbridge/internal/mapping"
)

// BenchmarkContactToApp converts one Contact record's 15 default fields,
// the per-record conversion cost of an inbound run.
func BenchmarkContactToApp(b *testing.B) {
	client := emulatorClient(b)
	d, err := client.Describe(context.Background(), "Contact")
	if err != nil {
		b.Fatal(err)
	}
	appType, mappings := mapping.Defaults("Contact")
	convs := make([]*mapping.Converter, len(mappings))
	for i, m := range mappings {
		c, err := mapping.NewConverter(appType.Fields[i], d.Field(m.SFField))
		if err != nil {
			b.Fatal(err)
		}
		convs[i] = c
	}
	record := map[string]any{
		"FirstName": "Ada", "LastName": "Lovelace", "Email": "ada@example.com",
		"Phone": "+44 20 7946 0000", "MobilePhone": "+44 7700 900000", "Title": "Analyst",
		"AccountId": "001000000000001AAA", "OwnerId": "005000000000001AAA",
		"MailingCity": "London", "MailingState": nil, "MailingPostalCode": "SW1A 1AA",
		"MailingCountry": "UK", "LeadSource": "Web", "Birthdate": "1815-12-10",
		"HasOptedOutOfEmail": false,
	}
	b.ReportAllocs()
	for b.Loop() {
		for i, m := range mappings {
			if _, err := convs[i].ToApp(record[m.SFField]); err != nil {
				b.Fatal(err)
			}
		}
	}
}
