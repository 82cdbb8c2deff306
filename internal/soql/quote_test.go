package soql

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"testing"
	"time"
)

func TestQuoteString(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in, want string
	}{
		{"", "''"},
		{"abc", "'abc'"},
		{"O'Brien", `'O\'Brien'`},
		{`a\b`, `'a\\b'`},
		{`"q"`, `'\"q\"'`},
		{"l1\nl2\r\t\b\f", `'l1\nl2\r\t\b\f'`},
		{"50% _x", "'50% _x'"},
		{"héllo", "'héllo'"},
	}
	for _, tt := range tests {
		if got := QuoteString(tt.in); got != tt.want {
			t.Errorf("QuoteString(%q) = %s, want %s", tt.in, got, tt.want)
		}
	}
	if got, want := QuoteLike(`50% of a_b\`), `'50\% of a\_b\\'`; got != want {
		t.Errorf("QuoteLike = %s, want %s", got, want)
	}
}

// randomString mixes the characters that need escaping with ordinary and
// multi-byte ones, plus the occasional arbitrary byte.
func randomString(r *rand.Rand) string {
	const alphabet = `ab Z09'"\%_` + "\n\r\t\b\f\x00é✓"
	runes := []rune(alphabet)
	n := r.IntN(24)
	var b strings.Builder
	for range n {
		if r.IntN(10) == 0 {
			b.WriteByte(byte(r.IntN(256)))
			continue
		}
		b.WriteRune(runes[r.IntN(len(runes))])
	}
	return b.String()
}

func TestQuoteStringRoundTrip(t *testing.T) {
	t.Parallel()
	r := rand.New(rand.NewPCG(1, 2))
	for range 5000 {
		s := randomString(r)
		q := "SELECT Id FROM A WHERE Name = " + QuoteString(s)
		got, err := Parse(q)
		if err != nil {
			t.Fatalf("Parse(%q): %v", q, err)
		}
		sv, ok := got.Where.(*Comparison).Value.(*StringValue)
		if !ok || sv.V != s {
			t.Fatalf("Parse(%q) value = %#v, want StringValue{%q}", q, got.Where.(*Comparison).Value, s)
		}
	}
}

func TestQuoteLikeRoundTrip(t *testing.T) {
	t.Parallel()
	r := rand.New(rand.NewPCG(3, 4))
	// The parser keeps \% and \_ escaped for the LIKE evaluator.
	likeEscaped := strings.NewReplacer("%", `\%`, "_", `\_`)
	for range 5000 {
		s := randomString(r)
		q := "SELECT Id FROM A WHERE Name LIKE " + QuoteLike(s)
		got, err := Parse(q)
		if err != nil {
			t.Fatalf("Parse(%q): %v", q, err)
		}
		want := likeEscaped.Replace(s)
		if sv := got.Where.(*Comparison).Value.(*StringValue); sv.V != want {
			t.Fatalf("Parse(%q) value = %q, want %q", q, sv.V, want)
		}
	}
}

func TestLiteral(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		in   any
		want string
	}{
		{"nil", nil, "null"},
		{"string", "O'Brien", `'O\'Brien'`},
		{"true", true, "true"},
		{"false", false, "false"},
		{"int", -42, "-42"},
		{"int8", int8(-8), "-8"},
		{"int16", int16(16), "16"},
		{"int32", int32(32), "32"},
		{"int64", int64(1) << 40, "1099511627776"},
		{"uint", uint(7), "7"},
		{"uint8", uint8(8), "8"},
		{"uint16", uint16(16), "16"},
		{"uint32", uint32(32), "32"},
		{"uint64", uint64(math.MaxUint64), "18446744073709551615"},
		{"float64", -1.5, "-1.5"},
		{"float64 large has no exponent", 1e21, "1000000000000000000000"},
		{"float64 small has no exponent", 1e-7, "0.0000001"},
		{"float32", float32(0.25), "0.25"},
		{"time in UTC", time.Date(2024, 1, 31, 9, 30, 0, 120_000_000, time.UTC), "2024-01-31T09:30:00.120Z"},
		{"time converted to UTC", time.Date(2024, 1, 31, 22, 0, 0, 0, time.FixedZone("EST", -5*3600)), "2024-02-01T03:00:00.000Z"},
		{"date", Date{Year: 2024, Month: time.February, Day: 9}, "2024-02-09"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := Literal(tt.in)
			if err != nil || got != tt.want {
				t.Errorf("Literal(%#v) = %q, %v; want %q", tt.in, got, err, tt.want)
			}
		})
	}
}

func TestLiteralParses(t *testing.T) {
	t.Parallel()
	for _, v := range []any{nil, "x", true, -3, 2.5, time.Now(), DateOf(time.Now())} {
		lit, err := Literal(v)
		if err != nil {
			t.Fatalf("Literal(%v): %v", v, err)
		}
		if _, err := Parse("SELECT Id FROM A WHERE F = " + lit); err != nil {
			t.Errorf("Literal(%v) = %s does not parse: %v", v, lit, err)
		}
	}
}

func TestLiteralErrors(t *testing.T) {
	t.Parallel()
	for _, v := range []any{math.NaN(), math.Inf(1), float32(math.Inf(-1)), []string{"a"}, struct{}{}, complex(1, 2)} {
		if _, err := Literal(v); !errors.Is(err, ErrUnsupportedValue) {
			t.Errorf("Literal(%v) error = %v, want ErrUnsupportedValue", v, err)
		}
	}
}

func ExampleQuoteString() {
	name := `O'Brien & "Sons"`
	q := "SELECT Id FROM Account WHERE Name = " + QuoteString(name)
	fmt.Println(q)

	parsed, err := Parse(q)
	if err != nil {
		panic(err)
	}
	fmt.Println(parsed.Where.(*Comparison).Value.(*StringValue).V == name)
	// Output:
	// SELECT Id FROM Account WHERE Name = 'O\'Brien & \"Sons\"'
	// true
}

func ExampleLiteral() {
	since := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	lit, err := Literal(since)
	if err != nil {
		panic(err)
	}
	fmt.Println("SELECT Id FROM Account WHERE SystemModstamp >= " + lit)
	// Output:
	// SELECT Id FROM Account WHERE SystemModstamp >= 2024-01-01T00:00:00.000Z
}
