package mapping

import (
	"encoding/json"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/sfbridge/sfbridge/internal/store"
	"github.com/sfbridge/sfbridge/salesforce"
)

// ConversionError is a value that cannot be converted between an app
// field and a Salesforce field. The value is never replaced by null.
type ConversionError struct {
	// Field is the app field, SFField the Salesforce field.
	Field   string
	SFField string
	// Value is the value that failed, as given.
	Value any
	// Reason says what is wrong, in plain words.
	Reason string
}

// Error names both fields, the value and the reason.
func (e *ConversionError) Error() string {
	return fmt.Sprintf("converting %s (Salesforce %s) value %s: %s", e.Field, e.SFField, show(e.Value), e.Reason)
}

// Converter converts the values of one mapped pair both ways. Build one
// per mapping and run with [NewConverter]: it matches list options once,
// so converting is cheap. It is safe for concurrent use.
type Converter struct {
	app     store.AppField
	sf      salesforce.Field
	sfType  string
	options *optionTable
}

// NewConverter returns a Converter for app and sf, or an error when the
// pair is not [Compatible] by type. References are not checked against
// object types here: Validate does that with the connection's objects.
func NewConverter(app store.AppField, sf *salesforce.Field) (*Converter, error) {
	if sf == nil {
		return nil, &ConversionError{Field: app.Name, Reason: "no Salesforce field given"}
	}
	rule, known := matrix[app.Type]
	if !known || !accepts(rule, sf.Type) {
		_, why := Compatible(app, sf, nil)
		return nil, &ConversionError{Field: app.Name, SFField: sf.Name, Reason: why}
	}
	c := &Converter{app: app, sf: *sf, sfType: strings.ToLower(sf.Type)}
	if app.Type == store.AppList || app.Type == store.AppMultiList {
		c.options = newOptionTable(app.Options, sf.PicklistValues)
	}
	return c, nil
}

// ToApp converts v, as Salesforce sent it, to the app field's value. It
// builds a [Converter] each call; reuse one when converting many records.
func ToApp(app store.AppField, sf *salesforce.Field, v any) (any, error) {
	c, err := NewConverter(app, sf)
	if err != nil {
		return nil, err
	}
	return c.ToApp(v)
}

// ToSalesforce converts the app value v to what Salesforce takes for the
// field, like [ToApp] the other way.
func ToSalesforce(app store.AppField, sf *salesforce.Field, v any) (any, error) {
	c, err := NewConverter(app, sf)
	if err != nil {
		return nil, err
	}
	return c.ToSalesforce(v)
}

func (c *Converter) fail(v any, format string, args ...any) error {
	return &ConversionError{Field: c.app.Name, SFField: c.sf.Name, Value: v, Reason: fmt.Sprintf(format, args...)}
}

// ToApp converts v, a JSON value as Salesforce sent it (string,
// json.Number or float64, bool, a map for an address, nil), to the app
// field's value; see the package documentation for the representation.
func (c *Converter) ToApp(v any) (any, error) {
	if v == nil {
		return nil, nil
	}
	switch c.app.Type {
	case store.AppText, store.AppLongText, store.AppEmail, store.AppPhone, store.AppURL:
		if c.sfType == "address" {
			return c.addressToApp(v)
		}
		s, err := c.stringIn(v)
		if err != nil {
			return nil, err
		}
		return s, nil
	case store.AppNumber, store.AppCurrency, store.AppPercent:
		n, why := toNumber(v)
		if why != "" {
			return nil, c.fail(v, "%s", why)
		}
		return n, nil
	case store.AppBoolean:
		b, ok := v.(bool)
		if !ok {
			return nil, c.fail(v, "a boolean is expected, not %s", kind(v))
		}
		return b, nil
	case store.AppDate:
		s, err := c.stringIn(v)
		if err != nil {
			return nil, err
		}
		if c.sfType == "datetime" {
			t, err := parseSFDateTime(s)
			if err != nil {
				return nil, c.fail(v, "%s", err)
			}
			return t.UTC().Format(dateLayout), nil
		}
		d, err := parseDate(s)
		if err != nil {
			return nil, c.fail(v, "%s", err)
		}
		return d, nil
	case store.AppDateTime:
		s, err := c.stringIn(v)
		if err != nil {
			return nil, err
		}
		t, err := parseSFDateTime(s)
		if err != nil {
			return nil, c.fail(v, "%s", err)
		}
		return formatAppDateTime(t), nil
	case store.AppList:
		s, err := c.stringIn(v)
		if err != nil {
			return nil, err
		}
		opt, ok := c.options.app(s)
		if !ok {
			return nil, c.fail(v, "picklist value %q matches no option of the app list", s)
		}
		return opt, nil
	case store.AppMultiList:
		s, err := c.stringIn(v)
		if err != nil {
			return nil, err
		}
		return c.multiToApp(v, s)
	case store.AppReference:
		s, err := c.stringIn(v)
		if err != nil {
			return nil, err
		}
		if !isSalesforceID(s) {
			return nil, c.fail(v, "%q is not a Salesforce id", clip(s))
		}
		return s, nil
	}
	return nil, c.fail(v, "app field type %q is not known", c.app.Type)
}

// ToSalesforce converts the app value v to what Salesforce takes for the
// field: a string, a json.Number, a bool, a date "YYYY-MM-DD", a datetime
// in UTC in Salesforce's layout, a multipicklist "a;b", or nil.
func (c *Converter) ToSalesforce(v any) (any, error) {
	if v == nil {
		return nil, nil
	}
	if only, why := InboundOnly(c.app, &c.sf); only {
		return nil, c.fail(v, "%s", why)
	}
	switch c.app.Type {
	case store.AppText, store.AppLongText, store.AppEmail, store.AppPhone, store.AppURL:
		s, ok := v.(string)
		if !ok {
			return nil, c.fail(v, "a string is expected, not %s", kind(v))
		}
		return c.textOut(v, s)
	case store.AppNumber, store.AppCurrency, store.AppPercent:
		n, why := toNumber(v)
		if why != "" {
			return nil, c.fail(v, "%s", why)
		}
		if c.sfType == "int" || c.sfType == "long" {
			if strings.Contains(string(n), ".") {
				return nil, c.fail(v, "Salesforce field %s holds whole numbers only", c.sf.Name)
			}
		}
		return n, nil
	case store.AppBoolean:
		b, ok := v.(bool)
		if !ok {
			return nil, c.fail(v, "a boolean is expected, not %s", kind(v))
		}
		return b, nil
	case store.AppDate:
		d, err := appDate(v)
		if err != nil {
			return nil, c.fail(v, "%s", err)
		}
		return d, nil
	case store.AppDateTime:
		t, err := appDateTime(v)
		if err != nil {
			return nil, c.fail(v, "%s", err)
		}
		return t.UTC().Format(salesforce.DateTimeLayout), nil
	case store.AppList:
		s, ok := v.(string)
		if !ok {
			return nil, c.fail(v, "a list option (string) is expected, not %s", kind(v))
		}
		val, ok := c.options.sf(s)
		if !ok {
			return nil, c.fail(v, "option %q matches no value of Salesforce picklist %s", clip(s), c.sf.Name)
		}
		return val, nil
	case store.AppMultiList:
		return c.multiToSF(v)
	case store.AppReference:
		s, ok := v.(string)
		if !ok || !isSalesforceID(s) {
			return nil, c.fail(v, "a Salesforce id is expected; resolve the app reference through its record link first")
		}
		return s, nil
	}
	return nil, c.fail(v, "app field type %q is not known", c.app.Type)
}

// stringIn reads a string Salesforce sent.
func (c *Converter) stringIn(v any) (string, error) {
	s, ok := v.(string)
	if !ok {
		return "", c.fail(v, "Salesforce %s field sent %s, not a string", c.sf.Type, kind(v))
	}
	return s, nil
}

// textOut checks text bound for a Salesforce field: its length, and for
// a restricted picklist, that it names one of the values.
func (c *Converter) textOut(v any, s string) (any, error) {
	switch c.sfType {
	case "picklist":
		if val, ok := picklistLookup(c.sf.PicklistValues, s); ok {
			return val, nil
		}
		if c.sf.RestrictedPicklist {
			return nil, c.fail(v, "%q is not a value of restricted picklist %s", clip(s), c.sf.Name)
		}
	case "combobox":
		if val, ok := picklistLookup(c.sf.PicklistValues, s); ok {
			return val, nil
		}
	}
	if c.sf.Length > 0 {
		if n := utf8.RuneCountInString(s); n > c.sf.Length {
			return nil, c.fail(v, "%d characters is longer than the %d Salesforce field %s holds", n, c.sf.Length, c.sf.Name)
		}
	}
	return s, nil
}

// multiToApp splits a multipicklist value ("a;b") into app options.
func (c *Converter) multiToApp(v any, s string) (any, error) {
	if s == "" {
		return []string{}, nil
	}
	parts := strings.Split(s, ";")
	out := make([]string, 0, len(parts))
	var missing []string
	for _, p := range parts {
		opt, ok := c.options.app(p)
		if !ok {
			missing = append(missing, p)
			continue
		}
		out = append(out, opt)
	}
	if len(missing) > 0 {
		return nil, c.fail(v, "picklist values %s match no option of the app multi-list", quoteList(missing))
	}
	return out, nil
}

// multiToSF joins app options into a multipicklist value. An empty list
// clears the field.
func (c *Converter) multiToSF(v any) (any, error) {
	var opts []string
	switch x := v.(type) {
	case []string:
		opts = x
	case []any:
		opts = make([]string, len(x))
		for i, e := range x {
			s, ok := e.(string)
			if !ok {
				return nil, c.fail(v, "a multi-list holds strings, not %s", kind(e))
			}
			opts[i] = s
		}
	default:
		return nil, c.fail(v, "a multi-list ([]string) is expected, not %s", kind(v))
	}
	if len(opts) == 0 {
		return nil, nil
	}
	vals := make([]string, 0, len(opts))
	var missing []string
	for _, o := range opts {
		if strings.Contains(o, ";") {
			return nil, c.fail(v, "option %q contains ';', which separates multipicklist values", clip(o))
		}
		val, ok := c.options.sf(o)
		if !ok {
			missing = append(missing, o)
			continue
		}
		vals = append(vals, val)
	}
	if len(missing) > 0 {
		return nil, c.fail(v, "options %s match no value of Salesforce multipicklist %s", quoteList(missing), c.sf.Name)
	}
	return strings.Join(vals, ";"), nil
}

// isSalesforceID reports whether s looks like a 15 or 18 character id.
func isSalesforceID(s string) bool {
	if len(s) != 15 && len(s) != 18 {
		return false
	}
	for i := 0; i < len(s); i++ {
		b := s[i]
		if !('0' <= b && b <= '9' || 'a' <= b && b <= 'z' || 'A' <= b && b <= 'Z') {
			return false
		}
	}
	return true
}

// kind names a value's JSON kind for messages.
func kind(v any) string {
	switch x := v.(type) {
	case nil:
		return "null"
	case string:
		return "the string " + fmt.Sprintf("%q", clip(x))
	case bool:
		return "a boolean"
	case float64, float32, int, int64, int32, uint64, json.Number:
		return "a number"
	case map[string]any:
		return "an object"
	case []any, []string:
		return "a list"
	}
	if s, ok := v.(fmt.Stringer); ok {
		return fmt.Sprintf("%T %s", v, clip(s.String()))
	}
	return fmt.Sprintf("a %T", v)
}

// show prints a value for an error message, cut short.
func show(v any) string {
	if s, ok := v.(string); ok {
		return fmt.Sprintf("%q", clip(s))
	}
	return clip(fmt.Sprintf("%v", v))
}

// clip shortens s for a message.
func clip(s string) string {
	const max = 80
	if len(s) <= max {
		return s
	}
	cut := max
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "..."
}

func quoteList(s []string) string {
	q := make([]string, len(s))
	for i, x := range s {
		q[i] = fmt.Sprintf("%q", clip(x))
	}
	return strings.Join(q, ", ")
}
