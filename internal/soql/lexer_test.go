package soql

import (
	"errors"
	"strings"
	"testing"
	"time"
)

func TestLex(t *testing.T) {
	t.Parallel()
	type tk struct {
		kind tokenKind
		text string
	}
	tests := []struct {
		name string
		in   string
		want []tk
	}{
		{"empty", "", nil},
		{"whitespace only", " \t\r\n ", nil},
		{"identifiers", "Foo__c Acme__Foo__c _x a1", []tk{{tokIdent, "Foo__c"}, {tokIdent, "Acme__Foo__c"}, {tokIdent, "_x"}, {tokIdent, "a1"}}},
		{"path", "Foo__r.Bar__c", []tk{{tokIdent, "Foo__r"}, {tokDot, "."}, {tokIdent, "Bar__c"}}},
		{"punctuation", "(,):", []tk{{tokLParen, "("}, {tokComma, ","}, {tokRParen, ")"}, {tokColon, ":"}}},
		{"operators", "= != <> < <= > >=", []tk{{tokOp, "="}, {tokOp, "!="}, {tokOp, "<>"}, {tokOp, "<"}, {tokOp, "<="}, {tokOp, ">"}, {tokOp, ">="}}},
		{"operators glued", "a>=1", []tk{{tokIdent, "a"}, {tokOp, ">="}, {tokNumber, "1"}}},
		{"numbers", "0 42 -1.5 +3 .5 -.25 1.", []tk{{tokNumber, "0"}, {tokNumber, "42"}, {tokNumber, "-1.5"}, {tokNumber, "+3"}, {tokNumber, ".5"}, {tokNumber, "-.25"}, {tokNumber, "1."}}},
		{"negative after operator", "x=-1", []tk{{tokIdent, "x"}, {tokOp, "="}, {tokNumber, "-1"}}},
		{"date", "2024-01-31", []tk{{tokDate, "2024-01-31"}}},
		{"datetime Z", "2024-01-31T00:00:00Z", []tk{{tokDateTime, "2024-01-31T00:00:00Z"}}},
		{"datetime offset", "2024-01-31T00:00:00.000+00:00)", []tk{{tokDateTime, "2024-01-31T00:00:00.000+00:00"}, {tokRParen, ")"}}},
		{"date literal", "LAST_N_DAYS:7", []tk{{tokIdent, "LAST_N_DAYS"}, {tokColon, ":"}, {tokNumber, "7"}}},
		{"string", `'it''s'`, []tk{{tokString, `'it'`}, {tokString, `'s'`}}},
		{"tabs and newlines", "SELECT\tId\nFROM\r\nA", []tk{{tokIdent, "SELECT"}, {tokIdent, "Id"}, {tokIdent, "FROM"}, {tokIdent, "A"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			toks, err := lex(tt.in)
			if err != nil {
				t.Fatalf("lex(%q): %v", tt.in, err)
			}
			if last := toks[len(toks)-1]; last.kind != tokEOF || last.pos != len(tt.in) {
				t.Fatalf("last token = %v at %d, want EOF at %d", last.kind, last.pos, len(tt.in))
			}
			got := make([]tk, 0, len(toks))
			for _, x := range toks[:len(toks)-1] {
				got = append(got, tk{x.kind, x.text})
				if tt.in[x.pos:x.pos+len(x.text)] != x.text {
					t.Errorf("token %q: pos %d does not point at its text", x.text, x.pos)
				}
			}
			if len(got) != len(tt.want) {
				t.Fatalf("lex(%q) = %v, want %v", tt.in, got, tt.want)
			}
			for i := range got {
				if got[i] != tt.want[i] {
					t.Errorf("token %d = %v, want %v", i, got[i], tt.want[i])
				}
			}
		})
	}
}

func TestLexStringEscapes(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		in   string
		want string
	}{
		{"plain", `'abc'`, "abc"},
		{"empty", `''`, ""},
		{"quote", `'O\'Brien'`, "O'Brien"},
		{"double quote", `'say \"hi\"'`, `say "hi"`},
		{"backslash", `'a\\b'`, `a\b`},
		{"controls", `'\n\r\t\b\f'`, "\n\r\t\b\f"},
		{"upper-case controls", `'\N\R\T\B\F'`, "\n\r\t\b\f"},
		{"like escapes kept", `'50\% off\_now'`, `50\% off\_now`},
		{"unicode", `'héllo ✓'`, "héllo ✓"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			toks, err := lex(tt.in)
			if err != nil {
				t.Fatalf("lex(%q): %v", tt.in, err)
			}
			if toks[0].kind != tokString || toks[0].str != tt.want {
				t.Errorf("lex(%q) = %v %q, want string %q", tt.in, toks[0].kind, toks[0].str, tt.want)
			}
		})
	}
}

func TestLexDateTimes(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in   string
		want time.Time
	}{
		{"2024-01-31", time.Date(2024, 1, 31, 0, 0, 0, 0, time.UTC)},
		{"2024-02-29", time.Date(2024, 2, 29, 0, 0, 0, 0, time.UTC)},
		{"2024-01-31T10:20:30Z", time.Date(2024, 1, 31, 10, 20, 30, 0, time.UTC)},
		{"2024-01-31T10:20:30.1Z", time.Date(2024, 1, 31, 10, 20, 30, 100_000_000, time.UTC)},
		{"2024-01-31T10:20:30.123456Z", time.Date(2024, 1, 31, 10, 20, 30, 123_456_000, time.UTC)},
		{"2024-01-31T10:20:30+00:00", time.Date(2024, 1, 31, 10, 20, 30, 0, time.UTC)},
		{"2024-01-31T10:20:30+0000", time.Date(2024, 1, 31, 10, 20, 30, 0, time.UTC)},
		{"2024-01-31T10:20:30-05:00", time.Date(2024, 1, 31, 15, 20, 30, 0, time.UTC)},
		{"2024-01-31T01:00:00+02:30", time.Date(2024, 1, 30, 22, 30, 0, 0, time.UTC)},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			t.Parallel()
			toks, err := lex(tt.in)
			if err != nil {
				t.Fatalf("lex(%q): %v", tt.in, err)
			}
			if len(toks) != 2 || !toks[0].t.Equal(tt.want) || toks[0].t.Location() != time.UTC {
				t.Errorf("lex(%q) = %v (%d tokens), want %v UTC", tt.in, toks[0].t, len(toks), tt.want)
			}
		})
	}
}

func TestLexErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		in      string
		wantPos int
		wantMsg string
	}{
		{"unterminated string", `x = 'abc`, 4, "unterminated string literal"},
		{"bad escape", `'a\qb'`, 2, `Illegal character sequence '\q' in string literal.`},
		{"bad character", "a # b", 2, "no viable alternative at character '#'"},
		{"non-ascii outside string", "Nämé", 1, "no viable alternative at character 'ä'"},
		{"lone bang", "a ! b", 2, "no viable alternative at character '!'"},
		{"month 13", "2024-13-01", 0, "invalid date or datetime literal: '2024-13-01'"},
		{"feb 30", "2024-02-30", 0, "invalid date or datetime literal"},
		{"hour 24", "2024-01-01T24:00:00Z", 0, "invalid date or datetime literal"},
		{"no zone", "2024-01-01T10:00:00", 0, "invalid date or datetime literal"},
		{"seven fraction digits", "2024-01-01T10:00:00.1234567Z", 0, "invalid date or datetime literal"},
		{"empty fraction", "2024-01-01T10:00:00.Z", 0, "invalid date or datetime literal"},
		{"short date", "2024-1-01", 0, "invalid date or datetime literal"},
		{"number glued to name", "12abc", 0, "unexpected token: '12abc'"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := lex(tt.in)
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("lex(%q) error = %v, want *Error", tt.in, err)
			}
			if e.Code != CodeMalformedQuery || e.Pos != tt.wantPos || !strings.Contains(e.Message, tt.wantMsg) {
				t.Errorf("lex(%q) = %s at %d, want MALFORMED_QUERY containing %q at %d", tt.in, e, e.Pos, tt.wantMsg, tt.wantPos)
			}
		})
	}
}
