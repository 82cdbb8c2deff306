package syncer

import (
	"testing"

	"github.com/sfbridge/sfbridge/salesforce"
)

// slowDateTime is the general way restDateTime shortcuts.
func slowDateTime(s string) (string, bool) {
	ts, err := salesforce.ParseDateTime(s)
	if err != nil {
		return "", false
	}
	return ts.UTC().Format(salesforce.DateTimeLayout), true
}

func TestRestDateTime(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name, in string
		ok       bool
	}{
		{"bulk datetime", "2026-11-18T19:59:09.611Z", true},
		{"first instant", "0000-01-01T00:00:00.000Z", true},
		{"leap day", "2024-02-29T23:59:59.999Z", true},
		{"no leap day", "2023-02-29T00:00:00.000Z", false},
		{"31st of a short month", "2024-04-31T00:00:00.000Z", false},
		{"month 13", "2024-13-01T00:00:00.000Z", false},
		{"day 0", "2024-01-00T00:00:00.000Z", false},
		{"hour 24", "2024-01-01T24:00:00.000Z", false},
		{"second 60", "2024-01-01T00:00:60.000Z", false},
		{"not a digit", "2024-0a-01T00:00:00.000Z", false},
		{"sign in a number", "2024-+1-01T00:00:00.000Z", false},
		{"offset", "2024-01-01T00:00:00.000+0000", false},
		{"no milliseconds", "2024-01-01T00:00:00Z", false},
		{"date", "2024-01-01", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got, ok := restDateTime(tc.in)
			if ok != tc.ok {
				t.Fatalf("restDateTime(%q) ok = %v, want %v", tc.in, ok, tc.ok)
			}
			if !ok {
				return
			}
			want, wok := slowDateTime(tc.in)
			if !wok || got != want {
				t.Errorf("restDateTime(%q) = %q, the general way %q (%v)", tc.in, got, want, wok)
			}
		})
	}
}

// FuzzRestDateTime checks that the shortcut agrees with the general way
// wherever it answers.
func FuzzRestDateTime(f *testing.F) {
	f.Add("2026-11-18T19:59:09.611Z")
	f.Add("2024-02-29T23:59:59.999Z")
	f.Add("2024-04-31T00:00:00.000Z")
	f.Fuzz(func(t *testing.T, s string) {
		got, ok := restDateTime(s)
		if !ok {
			return
		}
		if want, wok := slowDateTime(s); !wok || got != want {
			t.Fatalf("restDateTime(%q) = %q, the general way %q (%v)", s, got, want, wok)
		}
	})
}
