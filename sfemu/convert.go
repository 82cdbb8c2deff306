package sfemu

import (
	"encoding/json"
	"math"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// convertValue turns a value decoded from a request (JSON, with numbers as
// json.Number) into the stored form of field f, validating it the way
// Salesforce does. An empty string stores null, as Salesforce does.
func (o *org) convertValue(f *Field, v any) (any, *Error) {
	if v == nil {
		return nil, nil
	}
	if s, ok := v.(string); ok && s == "" {
		return nil, nil
	}
	switch f.Type {
	case TypeBoolean:
		switch x := v.(type) {
		case bool:
			return x, nil
		case string:
			if b, err := strconv.ParseBool(x); err == nil {
				return b, nil
			}
		}
		return nil, errDeserialize("boolean", v)
	case TypeInt, TypeDouble, TypeCurrency, TypePercent:
		n, ok := toNumber(v)
		if !ok {
			return nil, errDeserialize("double", v)
		}
		if f.Type == TypeInt && n != math.Trunc(n) {
			return nil, errDeserialize("int", v)
		}
		if f.Precision > 0 {
			limit := math.Pow(10, float64(f.Precision-f.Scale))
			if math.Abs(n) >= limit {
				return nil, fieldError("NUMBER_OUTSIDE_VALID_RANGE", f,
					"%s: value outside of valid range on numeric field: %s", f.Label, formatNumber(nil, n))
			}
		}
		if f.Scale >= 0 && f.Type != TypeInt {
			p := math.Pow(10, float64(f.Scale))
			n = math.Round(n*p) / p
		}
		return n, nil
	case TypeDate:
		s, ok := v.(string)
		if !ok {
			return nil, errDeserialize("date", v)
		}
		t, ok := parseDateTimeInput(s)
		if !ok {
			return nil, errDeserialize("date", v)
		}
		return t.Format("2006-01-02"), nil
	case TypeDateTime:
		s, ok := v.(string)
		if !ok {
			return nil, errDeserialize("datetime", v)
		}
		t, ok := parseDateTimeInput(s)
		if !ok {
			return nil, errDeserialize("datetime", v)
		}
		return toDateTime(t), nil
	case TypeID, TypeReference:
		s, ok := v.(string)
		if !ok {
			return nil, errDeserialize("id", v)
		}
		id15, ok := parseID(s)
		if !ok {
			return nil, fieldError("MALFORMED_ID", f, "%s: id value of incorrect type: %s", f.Label, s)
		}
		if f.Type == TypeReference {
			target := o.byID[id15]
			if target == nil {
				if o.byPrefix[id15[:3]] == nil || !f.refersTo(o.byPrefix[id15[:3]].Name) {
					return nil, fieldError("FIELD_INTEGRITY_EXCEPTION", f, "%s: id value of incorrect type: %s", f.Label, s)
				}
				return nil, fieldError("INVALID_CROSS_REFERENCE_KEY", f, "invalid cross reference id")
			}
			if !f.refersTo(target.obj.Name) {
				return nil, fieldError("FIELD_INTEGRITY_EXCEPTION", f, "%s: id value of incorrect type: %s", f.Label, s)
			}
			if target.deleted {
				return nil, fieldError("ENTITY_IS_DELETED", f, "entity is deleted")
			}
		}
		return id15, nil
	}

	// Text-like types.
	var s string
	switch x := v.(type) {
	case string:
		s = x
	case json.Number:
		s = x.String()
	case bool:
		s = strconv.FormatBool(x)
	case float64:
		s = strconv.FormatFloat(x, 'f', -1, 64)
	default:
		return nil, errDeserialize("string", v)
	}
	if f.Length > 0 && len([]rune(s)) > f.Length {
		return nil, fieldError("STRING_TOO_LONG", f, "%s: data value too large: %s (max length=%d)", f.Label, s, f.Length)
	}
	switch f.Type {
	case TypeEmail:
		if !validEmail(s) {
			return nil, fieldError("INVALID_EMAIL_ADDRESS", f, "%s: invalid email address: %s", f.Label, s)
		}
	case TypePicklist:
		if f.RestrictedPicklist {
			canon, ok := f.picklistValue(s)
			if !ok {
				return nil, fieldError("INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST", f, "%s: bad value for restricted picklist field: %s", f.Label, s)
			}
			s = canon
		}
	case TypeMultiPicklist:
		if f.RestrictedPicklist {
			parts := strings.Split(s, ";")
			for i, p := range parts {
				canon, ok := f.picklistValue(strings.TrimSpace(p))
				if !ok {
					return nil, fieldError("INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST", f, "%s: bad value for restricted picklist field: %s", f.Label, p)
				}
				parts[i] = canon
			}
			s = strings.Join(parts, ";")
		}
	}
	return s, nil
}

// refersTo reports whether a reference field may point at the object.
func (f *Field) refersTo(object string) bool {
	for _, t := range f.ReferenceTo {
		if strings.EqualFold(t, object) {
			return true
		}
	}
	return false
}

// picklistValue returns the active value matching s case-insensitively, in
// its defined spelling.
func (f *Field) picklistValue(s string) (string, bool) {
	for _, p := range f.Picklist {
		if p.Active && strings.EqualFold(p.Value, s) {
			return p.Value, true
		}
	}
	return "", false
}

// fieldError builds a 400 error that names field f.
func fieldError(code string, f *Field, format string, args ...any) *Error {
	e := errorf(http.StatusBadRequest, code, format, args...)
	e.Fields = []string{f.Name}
	return e
}

func errDeserialize(kind string, v any) *Error {
	token := "VALUE_STRING"
	switch v.(type) {
	case json.Number, float64:
		token = "VALUE_NUMBER_INT"
	case bool:
		token = "VALUE_TRUE"
	case map[string]any:
		token = "START_OBJECT"
	case []any:
		token = "START_ARRAY"
	}
	return errJSONParser("Cannot deserialize instance of %s from %s value %v or request may be missing a required field", kind, token, v)
}

func toNumber(v any) (float64, bool) {
	switch x := v.(type) {
	case json.Number:
		f, err := x.Float64()
		return f, err == nil
	case float64:
		return x, true
	case int:
		return float64(x), true
	case int64:
		return float64(x), true
	case string:
		f, err := strconv.ParseFloat(strings.TrimSpace(x), 64)
		return f, err == nil && !math.IsInf(f, 0) && !math.IsNaN(f)
	}
	return 0, false
}

// validEmail is the loose check Salesforce applies: one @, a dot in the
// domain, no spaces.
func validEmail(s string) bool {
	at := strings.IndexByte(s, '@')
	if at <= 0 || at != strings.LastIndexByte(s, '@') || strings.ContainsAny(s, " \t,;<>") {
		return false
	}
	domain := s[at+1:]
	dot := strings.LastIndexByte(domain, '.')
	return dot > 0 && dot < len(domain)-1
}

// dateTimeInputLayouts are the ISO 8601 forms accepted on write.
var dateTimeInputLayouts = []string{
	"2006-01-02T15:04:05.999999999Z07:00",
	"2006-01-02T15:04:05.999999999-0700",
	"2006-01-02T15:04:05.999999999Z0700",
	"2006-01-02T15:04:05.999999999",
	"2006-01-02T15:04Z07:00",
	"2006-01-02 15:04:05",
	"2006-01-02",
}

// parseDateTimeInput accepts any ISO 8601 date or datetime a client sends.
func parseDateTimeInput(s string) (time.Time, bool) {
	for _, layout := range dateTimeInputLayouts {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC(), true
		}
	}
	return time.Time{}, false
}
