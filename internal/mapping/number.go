package mapping

import (
	"encoding/json"
	"errors"
	"math"
	"strconv"
	"strings"
)

// maxNumberDigits bounds the canonical form of a number: Salesforce holds
// at most 18 digits, so anything needing hundreds is a bad value, and the
// bound keeps "1e999999999" from becoming a billion zeros.
const maxNumberDigits = 400

var (
	errNotNumber   = errors.New("not a number")
	errNumberRange = errors.New("out of range")
)

// canonicalNumber rewrites a decimal number (JSON grammar, also accepting
// ".5" and "5.") exactly, without exponent, leading zeros or trailing
// fractional zeros: "1.0E7" is "10000000", "-0.50" is "-0.5", "-0" is "0".
func canonicalNumber(s string) (string, error) {
	neg := false
	if strings.HasPrefix(s, "-") {
		neg, s = true, s[1:]
	} else if strings.HasPrefix(s, "+") {
		s = s[1:]
	}
	mant, exp := s, 0
	if i := strings.IndexAny(s, "eE"); i >= 0 {
		mant = s[:i]
		e := s[i+1:]
		sign := 1
		if strings.HasPrefix(e, "-") {
			sign, e = -1, e[1:]
		} else if strings.HasPrefix(e, "+") {
			e = e[1:]
		}
		if e == "" || !allDigits(e) {
			return "", errNotNumber
		}
		e = strings.TrimLeft(e, "0")
		if len(e) > 6 {
			return "", errNumberRange
		}
		n, _ := strconv.Atoi(e)
		exp = sign * n
	}
	intPart, frac := mant, ""
	if i := strings.IndexByte(mant, '.'); i >= 0 {
		intPart, frac = mant[:i], mant[i+1:]
	}
	if intPart == "" && frac == "" || !allDigits(intPart) || !allDigits(frac) {
		return "", errNotNumber
	}
	digits := intPart + frac
	point := len(intPart) + exp // the decimal point sits after digits[:point]
	trimmed := strings.TrimLeft(digits, "0")
	point -= len(digits) - len(trimmed)
	digits = strings.TrimRight(trimmed, "0")
	if digits == "" {
		return "0", nil
	}
	if point > maxNumberDigits || point < -maxNumberDigits || len(digits) > maxNumberDigits {
		return "", errNumberRange
	}
	var b strings.Builder
	if neg {
		b.WriteByte('-')
	}
	switch {
	case point <= 0:
		b.WriteString("0.")
		b.WriteString(strings.Repeat("0", -point))
		b.WriteString(digits)
	case point >= len(digits):
		b.WriteString(digits)
		b.WriteString(strings.Repeat("0", point-len(digits)))
	default:
		b.WriteString(digits[:point])
		b.WriteByte('.')
		b.WriteString(digits[point:])
	}
	return b.String(), nil
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// toNumber reads a number from the values JSON decoding and Go callers
// produce. A string is refused even when it spells a number: a number
// field holding text is a bug upstream, not something to guess at.
func toNumber(v any) (json.Number, string) {
	var s string
	switch x := v.(type) {
	case json.Number:
		s = string(x)
	case float64:
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return "", "NaN and infinities are not numbers Salesforce can hold"
		}
		s = strconv.FormatFloat(x, 'g', -1, 64)
	case float32:
		f := float64(x)
		if math.IsNaN(f) || math.IsInf(f, 0) {
			return "", "NaN and infinities are not numbers Salesforce can hold"
		}
		s = strconv.FormatFloat(f, 'g', -1, 32)
	case int:
		s = strconv.Itoa(x)
	case int64:
		s = strconv.FormatInt(x, 10)
	case int32:
		s = strconv.FormatInt(int64(x), 10)
	case uint64:
		s = strconv.FormatUint(x, 10)
	case string:
		return "", "a number is expected, not the string " + strconv.Quote(clip(x))
	default:
		return "", "a number is expected, not " + kind(v)
	}
	c, err := canonicalNumber(s)
	if errors.Is(err, errNumberRange) {
		return "", "the number is out of range"
	}
	if err != nil {
		return "", "a number is expected, not " + strconv.Quote(clip(s))
	}
	return json.Number(c), ""
}
