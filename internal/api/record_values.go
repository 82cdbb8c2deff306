package api

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/sfbridge/sfbridge/internal/store"
)

// appValues checks the fields of a record write against its app type and
// returns them as the store takes them: strings, json.Number, bool, nil
// and []any of strings. Dates stay "YYYY-MM-DD"; datetimes become RFC
// 3339 in UTC; list options take the type's spelling. The error's
// message names the field, its type and the value refused.
func appValues(t store.AppType, raw map[string]json.RawMessage) (map[string]any, error) {
	out := make(map[string]any, len(raw))
	// Sorted, so the same body always fails on the same field.
	names := make([]string, 0, len(raw))
	for name := range raw {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		f := appField(t, name)
		if f == nil {
			return nil, fmt.Errorf("app type %s has no field %q; its fields are %s", t.Name, clipText(name), fieldNames(t))
		}
		v, err := decodeValue(raw[name])
		if err != nil {
			return nil, fmt.Errorf("field %q is not valid JSON: %v", name, err)
		}
		if v, err = appValue(*f, v); err != nil {
			return nil, fmt.Errorf("field %q is %s: %w", name, typePhrase(f.Type), err)
		}
		out[name] = v
	}
	return out, nil
}

// fieldNames lists t's fields for a message, the first 50 of a long
// type.
func fieldNames(t store.AppType) string {
	const most = 50
	names := make([]string, 0, min(len(t.Fields), most))
	for _, f := range t.Fields[:min(len(t.Fields), most)] {
		names = append(names, f.Name)
	}
	list := strings.Join(names, ", ")
	if len(t.Fields) > most {
		list += fmt.Sprintf(" and %d more (see GET /v1/workspaces/{ws}/app-types/%s)", len(t.Fields)-most, t.Name)
	}
	if list == "" {
		list = "none"
	}
	return list
}

func appField(t store.AppType, name string) *store.AppField {
	for i := range t.Fields {
		if t.Fields[i].Name == name {
			return &t.Fields[i]
		}
	}
	return nil
}

// decodeValue reads one JSON value, keeping numbers exact.
func decodeValue(raw json.RawMessage) (any, error) {
	if len(raw) == 0 {
		return nil, nil
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, err
	}
	return v, nil
}

// appValue checks v against f; see appValues.
func appValue(f store.AppField, v any) (any, error) {
	if v == nil {
		return nil, nil
	}
	switch f.Type {
	case store.AppText, store.AppLongText, store.AppEmail, store.AppPhone, store.AppURL, store.AppReference:
		s, ok := v.(string)
		if !ok {
			return nil, refuse("a string or null", v)
		}
		if f.Type == store.AppReference && s == "" {
			return nil, errors.New("it takes a record id (of app type " + f.RefType + ") or null, not an empty string")
		}
		return s, nil
	case store.AppNumber, store.AppCurrency, store.AppPercent:
		n, ok := v.(json.Number)
		if !ok {
			return nil, refuse("a number or null", v)
		}
		if _, err := strconv.ParseFloat(string(n), 64); err != nil {
			return nil, fmt.Errorf("it takes a number or null, and %s is out of range", n)
		}
		return n, nil
	case store.AppBoolean:
		b, ok := v.(bool)
		if !ok {
			return nil, refuse("true, false or null", v)
		}
		return b, nil
	case store.AppDate:
		s, ok := v.(string)
		if !ok {
			return nil, refuse(`a date string "YYYY-MM-DD" or null`, v)
		}
		d, err := time.Parse(time.DateOnly, s)
		if err != nil {
			return nil, refuse(`a date string "YYYY-MM-DD" (such as "2024-05-20") or null`, v)
		}
		return d.Format(time.DateOnly), nil
	case store.AppDateTime:
		s, ok := v.(string)
		if !ok {
			return nil, refuse(`an RFC 3339 datetime string or null`, v)
		}
		d, err := time.Parse(time.RFC3339Nano, s)
		if err != nil {
			return nil, refuse(`an RFC 3339 datetime string with a time zone (such as "2024-05-20T14:30:00Z") or null`, v)
		}
		return d.UTC().Format(time.RFC3339Nano), nil
	case store.AppList:
		s, ok := v.(string)
		if !ok {
			return nil, refuse("one of its options (a string) or null", v)
		}
		return option(f, s)
	case store.AppMultiList:
		items, ok := v.([]any)
		if !ok {
			return nil, refuse("an array of strings or null", v)
		}
		out := make([]any, 0, len(items))
		for i, it := range items {
			s, ok := it.(string)
			if !ok {
				return nil, fmt.Errorf("it takes an array of strings or null, but item %d is %s", i, describeValue(it))
			}
			o, err := option(f, s)
			if err != nil {
				return nil, fmt.Errorf("item %d: %w", i, err)
			}
			out = append(out, o)
		}
		return out, nil
	}
	return nil, fmt.Errorf("its type %q is not one sfbridge knows; declare the app type again", f.Type)
}

// option matches s to one of f's options, ignoring case as the app
// schema does, and answers the option's own spelling. A field without
// options is open and takes any string.
func option(f store.AppField, s string) (any, error) {
	if len(f.Options) == 0 {
		return s, nil
	}
	for _, o := range f.Options {
		if strings.EqualFold(o, s) {
			return o, nil
		}
	}
	quoted := make([]string, len(f.Options))
	for i, o := range f.Options {
		quoted[i] = strconv.Quote(o)
	}
	list := strings.Join(quoted, ", ")
	if len(f.Options) > 20 {
		list = strings.Join(quoted[:20], ", ") + fmt.Sprintf(" and %d more", len(f.Options)-20)
	}
	return nil, fmt.Errorf("%q is not one of its options (%s)", clipText(s), list)
}

// refuse says what a field takes and what it got instead.
func refuse(takes string, v any) error {
	return fmt.Errorf("it takes %s, not %s", takes, describeValue(v))
}

// typePhrase names an app field type with its article: "a date".
func typePhrase(t store.AppFieldType) string {
	switch t {
	case store.AppEmail:
		return "an email field"
	case store.AppURL:
		return "a url field"
	}
	return "a " + string(t) + " field"
}

// describeValue names a decoded JSON value for a message.
func describeValue(v any) string {
	switch x := v.(type) {
	case nil:
		return "null"
	case string:
		return "the string " + strconv.Quote(clipText(x))
	case json.Number:
		return "the number " + clipText(string(x))
	case bool:
		return "the boolean " + strconv.FormatBool(x)
	case []any:
		return "an array"
	case map[string]any:
		return "an object"
	}
	return fmt.Sprintf("%T", v)
}

// clipText shortens s for a message.
func clipText(s string) string {
	const max = 60
	if utf8.RuneCountInString(s) <= max {
		return s
	}
	r := []rune(s)
	return string(r[:max]) + "…"
}
