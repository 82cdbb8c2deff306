package salesforce

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"time"
)

// Record is a record as Salesforce sends it: field names to values, with
// an "attributes" object ({"type","url"}). Numbers are [json.Number] so
// that currency and large numbers keep every digit; parent relationships
// are nested Records (map[string]any) and child subqueries are
// {"totalSize","done","records"} objects.
type Record map[string]any

// Type returns attributes.type, such as "Account".
func (r Record) Type() string {
	attrs, _ := r["attributes"].(map[string]any)
	t, _ := attrs["type"].(string)
	return t
}

// ID returns the Id field (or "id").
func (r Record) ID() string {
	if id, ok := r["Id"].(string); ok {
		return id
	}
	id, _ := r["id"].(string)
	return id
}

// String returns a string field, "" if absent, null or not a string.
func (r Record) String(field string) string {
	s, _ := r[field].(string)
	return s
}

// decodeRecord decodes one record keeping numbers exact.
func decodeRecord(b []byte) (Record, error) {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var r Record
	if err := dec.Decode(&r); err != nil {
		return nil, err
	}
	return r, nil
}

// DateTimeLayout is how Salesforce writes datetimes:
// 2013-05-20T20:49:32.000+0000.
const DateTimeLayout = "2006-01-02T15:04:05.000-0700"

// ParseDateTime reads a Salesforce datetime; it also takes RFC 3339.
func ParseDateTime(s string) (time.Time, error) {
	if t, err := time.Parse(DateTimeLayout, s); err == nil {
		return t, nil
	}
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return time.Time{}, fmt.Errorf("salesforce: parsing datetime %q: want %s", s, DateTimeLayout)
	}
	return t, nil
}

// DateTime is a time.Time that decodes from Salesforce's datetime format,
// for struct fields such as SystemModstamp. JSON null leaves it zero.
type DateTime struct{ time.Time }

// UnmarshalJSON reads a Salesforce datetime or null.
func (d *DateTime) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		d.Time = time.Time{}
		return nil
	}
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return err
	}
	t, err := ParseDateTime(s)
	if err != nil {
		return err
	}
	d.Time = t
	return nil
}

// MarshalJSON writes Salesforce's datetime format in UTC, or null.
func (d DateTime) MarshalJSON() ([]byte, error) {
	if d.IsZero() {
		return []byte("null"), nil
	}
	return json.Marshal(d.UTC().Format(DateTimeLayout))
}

// formatTime writes a time for URL parameters (start=, end=).
func formatTime(t time.Time) string {
	return strings.Replace(t.UTC().Format(time.RFC3339), "Z", "+00:00", 1)
}
