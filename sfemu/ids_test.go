package sfemu

import "testing"

func TestID18(t *testing.T) {
	t.Parallel()
	// Known pairs from Salesforce documentation and real orgs.
	cases := map[string]string{
		"001A0000006Vm9r": "001A0000006Vm9rIAC",
		"003A0000005QB3A": "003A0000005QB3AIAW",
		"00Q000000000000": "00Q000000000000EAA",
	}
	for in, want := range cases {
		if got := id18(in); got != want {
			t.Errorf("id18(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestParseID(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, in, want string
		ok             bool
	}{
		{"fifteen", "001A0000006Vm9r", "001A0000006Vm9r", true},
		{"eighteen", "001A0000006Vm9rIAC", "001A0000006Vm9r", true},
		{"eighteen lower-cased is repaired", "001a0000006vm9riac", "001A0000006Vm9r", true},
		{"too short", "001A0000006Vm9", "", false},
		{"sixteen", "001A0000006Vm9rI", "", false},
		{"bad character", "001A0000006Vm9-", "", false},
		{"suffix claims upper on a digit", "001A0000006Vm9r555", "", false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got, ok := parseID(tc.in)
			if ok != tc.ok || got != tc.want {
				t.Errorf("parseID(%q) = %q, %v; want %q, %v", tc.in, got, ok, tc.want, tc.ok)
			}
		})
	}
}

func TestIDGeneratorRoundTrip(t *testing.T) {
	t.Parallel()
	g := idGenerator{pod: "5g"}
	seen := map[string]bool{}
	for i := 0; i < 5000; i++ {
		id := g.next("003")
		if len(id) != 15 || seen[id] {
			t.Fatalf("bad or repeated id %q", id)
		}
		seen[id] = true
		back, ok := parseID(id18(id))
		if !ok || back != id {
			t.Fatalf("parseID(id18(%q)) = %q, %v", id, back, ok)
		}
	}
}

func TestDateTimeJSON(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ in, want string }{
		{"2013-05-20T20:49:32.123Z", `"2013-05-20T20:49:32.123+0000"`},
		{"2024-01-02T03:04:05+02:00", `"2024-01-02T01:04:05.000+0000"`},
		{"0999-12-31T23:59:59.999Z", `"0999-12-31T23:59:59.999+0000"`},
	} {
		tm, ok := parseDateTimeInput(tc.in)
		if !ok {
			t.Fatalf("parse %q", tc.in)
		}
		if got := string(toDateTime(tm).appendJSON(nil)); got != tc.want {
			t.Errorf("%s: got %s, want %s", tc.in, got, tc.want)
		}
	}
}
