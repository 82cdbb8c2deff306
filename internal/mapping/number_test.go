package mapping

import (
	"errors"
	"math/big"
	"testing"
)

func TestCanonicalNumber(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in, want string
		err      error
	}{
		{"0", "0", nil},
		{"-0", "0", nil},
		{"-0.000", "0", nil},
		{"12", "12", nil},
		{"012", "12", nil},
		{"12.50", "12.5", nil},
		{"12.", "12", nil},
		{".5", "0.5", nil},
		{"+3", "3", nil},
		{"1.0E7", "10000000", nil},
		{"1E+2", "100", nil},
		{"1.5e-3", "0.0015", nil},
		{"-2.5E-1", "-0.25", nil},
		{"123456789012345678.123", "123456789012345678.123", nil},
		{"1e0", "1", nil},
		{"0e999999999", "", errNumberRange},
		{"1e401", "", errNumberRange},
		{"", "", errNotNumber},
		{"-", "", errNotNumber},
		{".", "", errNotNumber},
		{"1e", "", errNotNumber},
		{"1e+", "", errNotNumber},
		{"1.2.3", "", errNotNumber},
		{"0x10", "", errNotNumber},
		{"1,000", "", errNotNumber},
		{" 1", "", errNotNumber},
		{"NaN", "", errNotNumber},
	}
	for _, tt := range tests {
		got, err := canonicalNumber(tt.in)
		if got != tt.want || !errors.Is(err, tt.err) {
			t.Errorf("canonicalNumber(%q) = %q, %v; want %q, %v", tt.in, got, err, tt.want, tt.err)
		}
	}
}

// FuzzCanonicalNumber checks that a canonical number means the same
// number as its input and is its own canonical form.
func FuzzCanonicalNumber(f *testing.F) {
	for _, s := range []string{"0", "-1.50", "1.0E7", ".5", "1e-400", "123456789012345678.9", "1e999999999"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		c, err := canonicalNumber(s)
		if err != nil {
			return
		}
		again, err := canonicalNumber(c)
		if err != nil || again != c {
			t.Fatalf("canonicalNumber(%q) = %q, whose canonical form is %q, %v", s, c, again, err)
		}
		in, ok1 := new(big.Rat).SetString(s)
		out, ok2 := new(big.Rat).SetString(c)
		if !ok2 {
			t.Fatalf("canonicalNumber(%q) = %q, not a number", s, c)
		}
		if ok1 && in.Cmp(out) != 0 {
			t.Fatalf("canonicalNumber(%q) = %q, another number", s, c)
		}
	})
}
