package inbound

import (
	"encoding/json"
	"math"
	"slices"
	"strconv"
	"unicode/utf8"
	"unsafe"
)

// EncodeMap is the JSON of m with sorted keys, as stored for a record's
// fields, so other packages write records the way inbound sync does.
func EncodeMap(m map[string]any) ([]byte, error) { return encodeMap(m) }

// Normalize returns v as it reads back from JSON (json.Number and
// integers become float64), so a value compares equal to the stored one
// it would be written as.
func Normalize(v any) (any, error) { return normalize(v) }

// encodeMap is the JSON of m with sorted keys, like json.Marshal, but
// without reflection for the values a record holds (strings, numbers,
// booleans, null); other values go through json.Marshal.
func encodeMap(m map[string]any) ([]byte, error) {
	var arr [32]string
	keys := arr[:0]
	size := 2
	for k, v := range m {
		keys = append(keys, k)
		size += len(k) + 4
		if s, ok := v.(string); ok {
			size += len(s) + 2
		} else {
			size += 8
		}
	}
	slices.Sort(keys)
	buf := make([]byte, 0, size)
	buf = append(buf, '{')
	for i, k := range keys {
		if i > 0 {
			buf = append(buf, ',')
		}
		buf = appendString(buf, k)
		buf = append(buf, ':')
		var err error
		if buf, err = appendValue(buf, m[k]); err != nil {
			return nil, err
		}
	}
	return append(buf, '}'), nil
}

// keyOrder encodes maps like encodeMap, remembering the sorted keys of
// the last one: the records of a batch carry the same fields, so all but
// the first skip collecting and sorting their keys. The zero value is
// ready; it is not safe for concurrent use.
type keyOrder struct {
	keys []string // sorted keys of the last map encoded
	size int      // length of its JSON
}

// encode is encodeMap(m).
func (o *keyOrder) encode(m map[string]any) ([]byte, error) {
	if len(m) != len(o.keys) || len(m) == 0 {
		return o.again(m)
	}
	buf := make([]byte, 0, o.size+o.size/4)
	buf = append(buf, '{')
	for i, k := range o.keys {
		v, ok := m[k]
		if !ok {
			// As many keys, not the same ones.
			return o.again(m)
		}
		if i > 0 {
			buf = append(buf, ',')
		}
		buf = appendString(buf, k)
		buf = append(buf, ':')
		var err error
		if buf, err = appendValue(buf, v); err != nil {
			return nil, err
		}
	}
	buf = append(buf, '}')
	o.size = len(buf)
	return buf, nil
}

// again encodes m the long way and remembers its keys.
func (o *keyOrder) again(m map[string]any) ([]byte, error) {
	b, err := encodeMap(m)
	if err != nil {
		return nil, err
	}
	o.keys = o.keys[:0]
	for k := range m {
		o.keys = append(o.keys, k)
	}
	slices.Sort(o.keys)
	o.size = len(b)
	return b, nil
}

// text is b as a string, without a copy, as strings.Builder hands over
// its buffer. Only for JSON an encoder here has just made: nothing may
// write to b[:len(b)] afterwards (a [Link] may keep b itself, to read).
// A first load made a copy of every record's JSON four times over.
func text(b []byte) string {
	return unsafe.String(unsafe.SliceData(b), len(b))
}

func appendValue(buf []byte, v any) ([]byte, error) {
	switch x := v.(type) {
	case nil:
		return append(buf, "null"...), nil
	case string:
		return appendString(buf, x), nil
	case bool:
		return strconv.AppendBool(buf, x), nil
	case int:
		return strconv.AppendInt(buf, int64(x), 10), nil
	case int64:
		return strconv.AppendInt(buf, x, 10), nil
	case float64:
		// Whole numbers below 1e21 print alike in both encodings.
		if x == math.Trunc(x) && math.Abs(x) < 1e21 {
			return strconv.AppendFloat(buf, x, 'f', -1, 64), nil
		}
	}
	b, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	return append(buf, b...), nil
}

// appendString appends s as a JSON string. Invalid UTF-8 becomes U+FFFD,
// as with json.Marshal.
func appendString(buf []byte, s string) []byte {
	const hex = "0123456789abcdef"
	buf = append(buf, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' {
				i++
				continue
			}
			buf = append(buf, s[start:i]...)
			switch c {
			case '"', '\\':
				buf = append(buf, '\\', c)
			case '\n':
				buf = append(buf, '\\', 'n')
			case '\r':
				buf = append(buf, '\\', 'r')
			case '\t':
				buf = append(buf, '\\', 't')
			default:
				buf = append(buf, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xf])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			buf = append(buf, s[start:i]...)
			buf = append(buf, `\ufffd`...)
			i += size
			start = i
			continue
		}
		i += size
	}
	buf = append(buf, s[start:]...)
	return append(buf, '"')
}
