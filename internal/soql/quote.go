package soql

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
)

// Date is a calendar date without a time or zone, the value of a Salesforce
// date field. [Literal] renders it as an unquoted YYYY-MM-DD literal.
type Date struct {
	Year  int
	Month time.Month
	Day   int
}

// DateOf returns the calendar date of t in t's location.
func DateOf(t time.Time) Date {
	y, m, d := t.Date()
	return Date{Year: y, Month: m, Day: d}
}

// String formats d as YYYY-MM-DD.
func (d Date) String() string {
	return fmt.Sprintf("%04d-%02d-%02d", d.Year, int(d.Month), d.Day)
}

// DateTimeLayout is the layout [Literal] uses for time.Time values, always
// in UTC: 2024-01-31T09:30:00.000Z.
const DateTimeLayout = "2006-01-02T15:04:05.000Z"

// QuoteString returns s as a single-quoted SOQL string literal with
// backslash, quotes and control characters escaped, so that any user
// value can be spliced into a query: Parse yields a StringValue whose V
// is s again. Use [QuoteLike] for LIKE patterns.
func QuoteString(s string) string {
	return quote(s, false)
}

// QuoteLike is [QuoteString] that also escapes the LIKE wildcards % and _,
// for matching s literally with LIKE. Add wildcards around the result's
// content yourself, for example "'%" + QuoteLike(s)[1:].
func QuoteLike(s string) string {
	return quote(s, true)
}

func quote(s string, like bool) string {
	var b strings.Builder
	b.Grow(len(s) + 2)
	b.WriteByte('\'')
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case '\\':
			b.WriteString(`\\`)
		case '\'':
			b.WriteString(`\'`)
		case '"':
			b.WriteString(`\"`)
		case '\n':
			b.WriteString(`\n`)
		case '\r':
			b.WriteString(`\r`)
		case '\t':
			b.WriteString(`\t`)
		case '\b':
			b.WriteString(`\b`)
		case '\f':
			b.WriteString(`\f`)
		case '%', '_':
			if like {
				b.WriteByte('\\')
			}
			b.WriteByte(c)
		default:
			b.WriteByte(c)
		}
	}
	b.WriteByte('\'')
	return b.String()
}

// ErrUnsupportedValue is returned (wrapped) by [Literal] for values that
// have no SOQL literal form.
var ErrUnsupportedValue = errors.New("soql: value has no SOQL literal form")

// Literal renders v as a SOQL literal: strings quoted with [QuoteString],
// booleans as true/false, integers and floats in decimal notation,
// time.Time as an unquoted UTC datetime ([DateTimeLayout]), [Date] as an
// unquoted YYYY-MM-DD date and nil as null. Other types, NaN and
// infinities fail with an error wrapping [ErrUnsupportedValue].
func Literal(v any) (string, error) {
	switch x := v.(type) {
	case nil:
		return "null", nil
	case string:
		return QuoteString(x), nil
	case bool:
		return strconv.FormatBool(x), nil
	case int:
		return strconv.FormatInt(int64(x), 10), nil
	case int8:
		return strconv.FormatInt(int64(x), 10), nil
	case int16:
		return strconv.FormatInt(int64(x), 10), nil
	case int32:
		return strconv.FormatInt(int64(x), 10), nil
	case int64:
		return strconv.FormatInt(x, 10), nil
	case uint:
		return strconv.FormatUint(uint64(x), 10), nil
	case uint8:
		return strconv.FormatUint(uint64(x), 10), nil
	case uint16:
		return strconv.FormatUint(uint64(x), 10), nil
	case uint32:
		return strconv.FormatUint(uint64(x), 10), nil
	case uint64:
		return strconv.FormatUint(x, 10), nil
	case float32:
		return formatFloat(float64(x), 32)
	case float64:
		return formatFloat(x, 64)
	case time.Time:
		return x.UTC().Format(DateTimeLayout), nil
	case Date:
		return x.String(), nil
	}
	return "", fmt.Errorf("quoting %T: %w", v, ErrUnsupportedValue)
}

// formatFloat writes f without an exponent, which SOQL does not accept.
func formatFloat(f float64, bits int) (string, error) {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return "", fmt.Errorf("quoting %v: %w", f, ErrUnsupportedValue)
	}
	return strconv.FormatFloat(f, 'f', -1, bits), nil
}
