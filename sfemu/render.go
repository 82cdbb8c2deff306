package sfemu

import (
	"math"
	"strconv"
	"unicode/utf8"
)

// renderer appends Salesforce-shaped JSON to a buffer. Query pages are
// the emulator's hot path, so records are written directly rather than
// through maps and encoding/json.
type renderer struct {
	o       *org
	version string
	buf     []byte
}

// appendJSONString appends s as a JSON string.
func appendJSONString(b []byte, s string) []byte {
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c >= 0x20 && c != '"' && c != '\\' && c < utf8.RuneSelf {
			i++
			continue
		}
		if c >= utf8.RuneSelf {
			r, size := utf8.DecodeRuneInString(s[i:])
			if r == utf8.RuneError && size == 1 || r == '\u2028' || r == '\u2029' {
				b = append(b, s[start:i]...)
				if r == utf8.RuneError {
					b = append(b, `\ufffd`...)
				} else {
					b = append(b, `\u202`...)
					b = append(b, "0123456789abcdef"[r&0xf])
				}
				i += size
				start = i
				continue
			}
			i += size
			continue
		}
		b = append(b, s[start:i]...)
		switch c {
		case '"':
			b = append(b, `\"`...)
		case '\\':
			b = append(b, `\\`...)
		case '\n':
			b = append(b, `\n`...)
		case '\r':
			b = append(b, `\r`...)
		case '\t':
			b = append(b, `\t`...)
		default:
			b = append(b, `\u00`...)
			b = append(b, "0123456789abcdef"[c>>4], "0123456789abcdef"[c&0xf])
		}
		i++
		start = i
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}

// appendValue appends a stored value of field f.
func appendValue(b []byte, f *Field, v any) []byte {
	switch x := v.(type) {
	case nil:
		return append(b, "null"...)
	case string:
		if f.Type == TypeID || f.Type == TypeReference {
			b = append(b, '"')
			b = appendID18(b, x)
			return append(b, '"')
		}
		return appendJSONString(b, x)
	case bool:
		return strconv.AppendBool(b, x)
	case float64:
		if f.Type == TypeInt {
			return strconv.AppendInt(b, int64(x), 10)
		}
		return appendJavaDouble(b, x)
	case dateTime:
		return x.appendJSON(b)
	}
	return append(b, "null"...)
}

// appendJavaDouble renders a double the way Salesforce's JSON does (Java's
// Double.toString): 15000.0, 0.5, 1.0E7.
func appendJavaDouble(b []byte, v float64) []byte {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return append(b, "null"...)
	}
	a := math.Abs(v)
	if a == 0 || (a >= 1e-3 && a < 1e7) {
		s := strconv.FormatFloat(v, 'f', -1, 64)
		b = append(b, s...)
		for i := 0; i < len(s); i++ {
			if s[i] == '.' {
				return b
			}
		}
		return append(b, ".0"...)
	}
	s := strconv.FormatFloat(v, 'E', -1, 64) // 1E+07
	mant, exp := s, ""
	for i := 0; i < len(s); i++ {
		if s[i] == 'E' {
			mant, exp = s[:i], s[i+1:]
			break
		}
	}
	b = append(b, mant...)
	hasDot := false
	for i := 0; i < len(mant); i++ {
		if mant[i] == '.' {
			hasDot = true
		}
	}
	if !hasDot {
		b = append(b, ".0"...)
	}
	b = append(b, 'E')
	if exp != "" && exp[0] == '+' {
		exp = exp[1:]
	}
	// Drop leading zeros of the exponent: 1.0E07 -> 1.0E7.
	neg := exp != "" && exp[0] == '-'
	if neg {
		b = append(b, '-')
		exp = exp[1:]
	}
	for len(exp) > 1 && exp[0] == '0' {
		exp = exp[1:]
	}
	return append(b, exp...)
}

// attributes appends the "attributes" member of a record.
func (w *renderer) attributes(obj *Object, id string) {
	w.buf = append(w.buf, `{"attributes":{"type":`...)
	w.buf = appendJSONString(w.buf, obj.Name)
	w.buf = append(w.buf, `,"url":"/services/data/v`...)
	w.buf = append(w.buf, w.version...)
	w.buf = append(w.buf, "/sobjects/"...)
	w.buf = append(w.buf, obj.Name...)
	w.buf = append(w.buf, '/')
	w.buf = appendID18(w.buf, id)
	w.buf = append(w.buf, `"}`...)
}

// key appends `,"name":`.
func (w *renderer) key(name string) {
	w.buf = append(w.buf, ',')
	w.buf = appendJSONString(w.buf, name)
	w.buf = append(w.buf, ':')
}

// field appends one field's value, building compound values from their
// components.
func (w *renderer) field(r *record, f *Field) {
	if f.Type == TypeAddress {
		w.address(r, f)
		return
	}
	w.buf = appendValue(w.buf, f, r.get(f))
}

// addressParts are the members of an address value, in Salesforce's order.
var addressParts = []struct{ json, suffix string }{
	{"city", "City"}, {"country", "Country"}, {"geocodeAccuracy", "GeocodeAccuracy"},
	{"latitude", "Latitude"}, {"longitude", "Longitude"}, {"postalCode", "PostalCode"},
	{"state", "State"}, {"street", "Street"},
}

func (w *renderer) address(r *record, f *Field) {
	prefix := f.Name[:len(f.Name)-len("Address")]
	start := len(w.buf)
	w.buf = append(w.buf, '{')
	any := false
	for i, part := range addressParts {
		if i > 0 {
			w.buf = append(w.buf, ',')
		}
		w.buf = appendJSONString(w.buf, part.json)
		w.buf = append(w.buf, ':')
		comp := r.obj.Field(prefix + part.suffix)
		if comp == nil {
			w.buf = append(w.buf, "null"...)
			continue
		}
		v := r.get(comp)
		if v != nil {
			any = true
		}
		w.buf = appendValue(w.buf, comp, v)
	}
	w.buf = append(w.buf, '}')
	if !any {
		w.buf = append(w.buf[:start], "null"...)
	}
}

// record appends a record with the given columns.
func (w *renderer) record(r *record, cols []*column, res *queryResult) {
	w.attributes(r.obj, r.id)
	for _, col := range cols {
		w.key(col.name)
		switch {
		case col.field != nil:
			w.field(r, col.field)
		case col.rel != nil:
			id, _ := r.getSlot(col.rel.slot).(string)
			parent := w.o.byID[id]
			sub := (map[*Object][]*column)(nil)
			if parent != nil {
				sub = col.relCols
			}
			if parent == nil || sub[parent.obj] == nil {
				w.buf = append(w.buf, "null"...)
				continue
			}
			w.record(parent, sub[parent.obj], res)
		case col.child != nil:
			kids := res.children[col.child][r.id]
			if len(kids) == 0 {
				w.buf = append(w.buf, "null"...)
				continue
			}
			w.buf = append(w.buf, `{"totalSize":`...)
			w.buf = strconv.AppendInt(w.buf, int64(len(kids)), 10)
			w.buf = append(w.buf, `,"done":true,"records":[`...)
			for i, k := range kids {
				if i > 0 {
					w.buf = append(w.buf, ',')
				}
				w.record(k, col.child.plan.cols, res)
			}
			w.buf = append(w.buf, "]}"...)
		}
	}
	w.buf = append(w.buf, '}')
}

// aggRow appends one AggregateResult row.
func (w *renderer) aggRow(p *queryPlan, row []any) {
	w.buf = append(w.buf, `{"attributes":{"type":"AggregateResult"}`...)
	for i, out := range p.agg.outs {
		if out.hidden {
			continue
		}
		w.key(out.name)
		w.buf = appendValue(w.buf, out.resultField(p.agg), row[i])
	}
	w.buf = append(w.buf, '}')
}

// fullRecord appends every field of a record (GET /sobjects/X/{id}), or
// only the named ones.
func (w *renderer) fullRecord(r *record, fields []*Field) {
	w.attributes(r.obj, r.id)
	if fields == nil {
		fields = r.obj.Fields
	}
	for _, f := range fields {
		w.key(f.Name)
		w.field(r, f)
	}
	w.buf = append(w.buf, '}')
}
