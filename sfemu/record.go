package sfemu

import (
	"strconv"
	"time"
)

// record is one version of a stored record. Records are never changed in
// place: a write stores a new version, so a query cursor that holds the
// versions it matched is a true snapshot at no copying cost.
type record struct {
	obj *Object
	// id is the case-sensitive 15-character id.
	id string
	// pos is the record's index in its table's row list, kept across versions.
	pos int
	// vals holds field values by Field.slot. A nil or missing entry is null.
	// Stored types: string (text, ids, picklists, dates as YYYY-MM-DD,
	// times), bool, float64 (all numbers) and dateTime.
	vals    []any
	deleted bool
}

// dateTime is a stored datetime value in Unix milliseconds, UTC.
type dateTime int64

// sfDateTimeLayout is how Salesforce prints datetimes in JSON.
const sfDateTimeLayout = "2006-01-02T15:04:05.000-0700"

func (d dateTime) time() time.Time { return time.UnixMilli(int64(d)).UTC() }

// appendJSON appends the quoted Salesforce form, e.g.
// "2013-05-20T20:49:32.000+0000". Query pages write three of these per
// record, so it formats by hand rather than through time.Format.
func (d dateTime) appendJSON(b []byte) []byte {
	t := d.time()
	year, month, day := t.Date()
	hour, minute, sec := t.Clock()
	ms := t.Nanosecond() / 1e6
	b = append(b, '"')
	if year < 0 || year > 9999 {
		b = t.AppendFormat(b, sfDateTimeLayout)
		return append(b, '"')
	}
	b = appendDigits(b, year, 4)
	b = append(b, '-')
	b = appendDigits(b, int(month), 2)
	b = append(b, '-')
	b = appendDigits(b, day, 2)
	b = append(b, 'T')
	b = appendDigits(b, hour, 2)
	b = append(b, ':')
	b = appendDigits(b, minute, 2)
	b = append(b, ':')
	b = appendDigits(b, sec, 2)
	b = append(b, '.')
	b = appendDigits(b, ms, 3)
	return append(b, `+0000"`...)
}

// appendDigits appends n zero-padded to width digits.
func appendDigits(b []byte, n, width int) []byte {
	var buf [8]byte
	for i := width - 1; i >= 0; i-- {
		buf[i] = byte('0' + n%10)
		n /= 10
	}
	return append(b, buf[:width]...)
}

func (d dateTime) String() string { return d.time().Format(sfDateTimeLayout) }

func toDateTime(t time.Time) dateTime { return dateTime(t.UnixMilli()) }

// get returns the value of a stored field, or computes a calculated one.
func (r *record) get(f *Field) any {
	if f.slot < 0 {
		if f.Formula != nil {
			return f.Formula(func(name string) any {
				if g := r.obj.Field(name); g != nil && g.slot >= 0 {
					return r.getSlot(g.slot)
				}
				return nil
			})
		}
		return nil
	}
	return r.getSlot(f.slot)
}

func (r *record) getSlot(slot int) any {
	if slot < len(r.vals) {
		return r.vals[slot]
	}
	return nil
}

// clone returns a copy whose value slice can be changed freely and has room
// for every slot the object now has (custom fields may have been added).
func (r *record) clone() *record {
	c := *r
	n := len(r.vals)
	if r.obj.slots > n {
		n = r.obj.slots
	}
	c.vals = make([]any, n)
	copy(c.vals, r.vals)
	return &c
}

// set stores a value by field; calculated fields are ignored.
func (r *record) set(f *Field, v any) {
	if f.slot < 0 {
		return
	}
	if f.slot >= len(r.vals) {
		grown := make([]any, r.obj.slots)
		copy(grown, r.vals)
		r.vals = grown
	}
	r.vals[f.slot] = v
}

// formatNumber renders a stored number the way Salesforce does in JSON:
// integers without a fraction.
func formatNumber(b []byte, v float64) []byte {
	return strconv.AppendFloat(b, v, 'f', -1, 64)
}
