package phone

import "testing"

func TestNormalize(t *testing.T) {
	for _, tc := range []struct {
		raw, region, want string
		ok                bool
	}{
		{"(415) 555-0100", "", "+14155550100", true},
		{"+1 415-555-0100", "", "+14155550100", true},
		{"415.555.0100", "US", "+14155550100", true},
		{"020 7946 0018", "GB", "+442079460018", true},
		{"+44 20 7946 0018", "US", "+442079460018", true},
		{"", "", "", false},
		{"call me", "", "", false},
		{"12", "", "", false},
	} {
		got, ok := Normalize(tc.raw, tc.region)
		if got != tc.want || ok != tc.ok {
			t.Errorf("Normalize(%q, %q) = %q, %v; want %q, %v", tc.raw, tc.region, got, ok, tc.want, tc.ok)
		}
	}
}
