package soql

import "testing"

// FuzzQuoteStringRoundTrip checks that any string, quoted with
// QuoteString and spliced into a query (directly or by the Builder),
// parses back to itself and cannot change the query's structure.
func FuzzQuoteStringRoundTrip(f *testing.F) {
	for _, s := range []string{"", "abc", "O'Brien", `a\b`, `\'`, "x' OR Name != '", "50% _x", "l1\nl2\r\t\b\f", "\x00\xff", "é✓", `\\'`, `'`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, q := range []string{
			"SELECT Id FROM Account WHERE Name = " + QuoteString(s),
			Select("Id").From("Account").Where(Eq("Name", s)).String(),
		} {
			parsed, err := Parse(q)
			if err != nil {
				t.Fatalf("Parse(%q): %v", q, err)
			}
			cmp, ok := parsed.Where.(*Comparison)
			if !ok {
				t.Fatalf("Parse(%q): WHERE is %T, want one comparison", q, parsed.Where)
			}
			sv, ok := cmp.Value.(*StringValue)
			if !ok || sv.V != s {
				t.Fatalf("Parse(%q) value = %#v, want %q", q, cmp.Value, s)
			}
			if parsed.Limit != -1 || len(parsed.OrderBy) != 0 {
				t.Fatalf("Parse(%q) grew clauses from the value", q)
			}
		}
	})
}
