package sfemu

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"unicode"
)

// newCustomObject returns an object created at runtime through the
// Metadata or Tooling API: custom, owned (by a user or a queue), with the
// text Name field a new custom object gets ("Invoice Name").
func newCustomObject(apiName, label, plural, keyPrefix string) *Object {
	o := newObject(apiName, label, plural, keyPrefix, true)
	o.Custom = true
	o.Field("Id").Label = "Record ID"
	o.Field("OwnerId").ReferenceTo = []string{"Group", "User"}
	o.add(
		textField("Name", label+" Name", 80).asName(),
		dateTimeField("LastViewedDate", "Last Viewed Date").readOnly(),
		dateTimeField("LastReferencedDate", "Last Referenced Date").readOnly(),
	)
	return o
}

// customFieldTypes maps a CustomField Metadata type to the describe type
// the field reports. Number is double even with scale 0, as in real orgs.
var customFieldTypes = map[string]FieldType{
	"Text":                TypeString,
	"TextArea":            TypeTextArea,
	"LongTextArea":        TypeTextArea,
	"Number":              TypeDouble,
	"Currency":            TypeCurrency,
	"Percent":             TypePercent,
	"Checkbox":            TypeBoolean,
	"Date":                TypeDate,
	"DateTime":            TypeDateTime,
	"Time":                TypeTime,
	"Email":               TypeEmail,
	"Phone":               TypePhone,
	"Url":                 TypeURL,
	"Picklist":            TypePicklist,
	"MultiselectPicklist": TypeMultiPicklist,
	"Lookup":              TypeReference,
}

// customFieldFromMetadata builds a custom field from a Tooling API
// CustomField's FullName ("Account.Score__c" or "Score__c") and Metadata.
// Bad metadata gives an *Error with the code Salesforce answers
// (FIELD_INTEGRITY_EXCEPTION, REQUIRED_FIELD_MISSING, JSON_PARSER_ERROR),
// ready for the handler to send as a 400. It does not check that a
// lookup's referenceTo exists; the org does that, since only it knows.
func customFieldFromMetadata(fullName string, metadata map[string]any) (*Field, error) {
	name := fullName
	if i := strings.LastIndexByte(name, '.'); i >= 0 {
		name = name[i+1:]
	}
	if err := checkCustomFieldName(name); err != nil {
		return nil, err
	}
	m := metadataReader{m: metadata}
	label := m.str("label")
	typeName := m.str("type")
	if m.err != nil {
		return nil, m.err
	}
	var missing []string
	if strings.TrimSpace(label) == "" {
		missing = append(missing, "Label")
	}
	if typeName == "" {
		missing = append(missing, "Type")
	}
	if len(missing) > 0 {
		return nil, errRequiredMissing(missing)
	}
	t, ok := customFieldTypes[typeName]
	if !ok {
		return nil, errJSONParser("Cannot deserialize instance of FieldType from VALUE_STRING value %s or request may be missing a required field", typeName)
	}

	f := newField(name, label, t)
	f.Custom = true
	switch typeName {
	case "Text":
		f.Length = m.num("length", 0)
		if err := m.orRange("Length", f.Length, 1, 255); err != nil {
			return nil, err
		}
	case "TextArea":
		f = textArea(name, label, 255)
	case "LongTextArea":
		f = longTextArea(name, label, m.num("length", 0))
		if err := m.orRange("Length", f.Length, 256, 131072); err != nil {
			return nil, err
		}
	case "Number", "Currency", "Percent":
		defPrecision, defScale := 18, 0
		if typeName != "Number" {
			defScale = 2
		}
		f.Precision, f.Scale = m.num("precision", defPrecision), m.num("scale", defScale)
		if err := m.orRange("Precision", f.Precision, 1, 18); err != nil {
			return nil, err
		}
		if err := checkRange("Decimal Places", f.Scale, 0, f.Precision); err != nil {
			return nil, err
		}
	case "Checkbox":
		f = boolField(name, label)
		if d, ok := metadata["defaultValue"]; ok && d != nil {
			b, ok := parseBoolish(d)
			if !ok {
				return nil, fieldIntegrity("Default Value", "a Checkbox default must be true or false, not %v", d)
			}
			f.DefaultValue = b
		}
	case "Email":
		f = emailField(name, label)
	case "Phone":
		f = phoneField(name, label)
	case "Url":
		f = urlField(name, label)
	case "Picklist", "MultiselectPicklist":
		if err := applyValueSet(f, metadata["valueSet"]); err != nil {
			return nil, err
		}
		f.Length = 255
		if typeName == "MultiselectPicklist" {
			f.Length = 4099
		}
	case "Lookup":
		to := m.str("referenceTo")
		rel := m.str("relationshipName")
		if m.err != nil {
			return nil, m.err
		}
		if to == "" {
			return nil, fieldIntegrity("Related To", "a Lookup field needs referenceTo")
		}
		if rel == "" {
			return nil, fieldIntegrity("Child Relationship Name", "a Lookup field needs relationshipName")
		}
		if err := checkIdentifier("Child Relationship Name", rel); err != nil {
			return nil, err
		}
		f = referenceField(name, label, strings.TrimSuffix(name, "__c")+"__r", to)
		f.ChildRelationshipName = rel + "__r"
		switch m.str("deleteConstraint") {
		case "Restrict":
			f.RestrictedDelete = true
		case "Cascade":
			f.CascadeDelete = true
		}
	}
	f.Custom = true

	if m.boolean("required") && t != TypeBoolean {
		f.Nillable = false
	}
	if m.boolean("unique") {
		f.Unique = true
		f.CaseSensitive = m.boolean("caseSensitive")
	}
	if m.boolean("externalId") {
		switch t {
		case TypeString, TypeDouble, TypeEmail:
			f.externalID()
		default:
			return nil, fieldIntegrity("External ID", "only Text, Number and Email fields can be external ids")
		}
	}
	if s := m.str("inlineHelpText"); s != "" {
		f.InlineHelpText = s
	}
	if t != TypeBoolean {
		if d, ok := metadata["defaultValue"].(string); ok && d != "" {
			f.DefaultValueFormula = d
			if v, ok := literalDefault(d, t); ok {
				f.DefaultValue, f.DefaultedOnCreate = v, true
			}
		}
	}
	if m.err != nil {
		return nil, m.err
	}
	return f, nil
}

// metadataReader reads typed values out of decoded JSON metadata,
// remembering the first mistyped value as a JSON_PARSER_ERROR, which is
// how Salesforce answers a string where it wanted a number.
type metadataReader struct {
	m   map[string]any
	err *Error
}

func (r *metadataReader) str(key string) string {
	v, ok := r.m[key]
	if !ok || v == nil {
		return ""
	}
	s, ok := v.(string)
	if !ok && r.err == nil {
		r.err = errJSONParser("Cannot deserialize instance of string from %s value %v for %s", jsonKind(v), v, key)
	}
	return s
}

func (r *metadataReader) num(key string, def int) int {
	v, ok := r.m[key]
	if !ok || v == nil {
		return def
	}
	var n float64
	switch x := v.(type) {
	case float64:
		n = x
	case int:
		n = float64(x)
	case json.Number:
		f, err := x.Float64()
		if err != nil {
			r.fail(key, v)
			return def
		}
		n = f
	case string:
		f, err := strconv.ParseFloat(x, 64)
		if err != nil {
			r.fail(key, v)
			return def
		}
		n = f
	default:
		r.fail(key, v)
		return def
	}
	return int(n)
}

func (r *metadataReader) boolean(key string) bool {
	v, ok := r.m[key]
	if !ok || v == nil {
		return false
	}
	b, ok := parseBoolish(v)
	if !ok {
		r.fail(key, v)
	}
	return b
}

// orRange reports the first mistyped value if there was one, else
// whether n is within [lo, hi]: a wrong JSON type is the clearer error.
func (r *metadataReader) orRange(what string, n, lo, hi int) error {
	if r.err != nil {
		return r.err
	}
	return checkRange(what, n, lo, hi)
}

func (r *metadataReader) fail(key string, v any) {
	if r.err == nil {
		r.err = errJSONParser("Cannot deserialize value %v of %s: unexpected %s", v, key, jsonKind(v))
	}
}

func jsonKind(v any) string {
	switch v.(type) {
	case string:
		return "VALUE_STRING"
	case bool:
		return "VALUE_BOOLEAN"
	case map[string]any:
		return "START_OBJECT"
	case []any:
		return "START_ARRAY"
	default:
		return "VALUE_NUMBER"
	}
}

// parseBoolish accepts a JSON boolean or its string form, as the Metadata
// API does for flags and Checkbox defaults.
func parseBoolish(v any) (bool, bool) {
	switch x := v.(type) {
	case bool:
		return x, true
	case string:
		b, err := strconv.ParseBool(x)
		return b, err == nil
	}
	return false, false
}

// applyValueSet reads valueSet{restricted, valueSetDefinition{value[]}}
// into the picklist values of f.
func applyValueSet(f *Field, raw any) error {
	vs, ok := raw.(map[string]any)
	if !ok {
		return fieldIntegrity("Values", "a %s field needs a valueSet with at least one value", f.Type)
	}
	def, _ := vs["valueSetDefinition"].(map[string]any)
	values, _ := def["value"].([]any)
	if len(values) == 0 {
		return fieldIntegrity("Values", "a %s field needs a valueSet with at least one value", f.Type)
	}
	seen := map[string]bool{}
	for _, raw := range values {
		v, _ := raw.(map[string]any)
		name, _ := v["fullName"].(string)
		if name == "" {
			return fieldIntegrity("Values", "every picklist value needs a fullName")
		}
		if seen[strings.ToLower(name)] {
			return fieldIntegrity("Values", "duplicate picklist value: %s", name)
		}
		seen[strings.ToLower(name)] = true
		label, _ := v["label"].(string)
		if label == "" {
			label = name
		}
		isDefault, _ := parseBoolish(v["default"])
		f.Picklist = append(f.Picklist, PicklistValue{Value: name, Label: label, Active: true, DefaultValue: isDefault})
		if isDefault && f.Type == TypePicklist {
			f.DefaultValue, f.DefaultedOnCreate = name, true
		}
	}
	f.RestrictedPicklist, _ = parseBoolish(vs["restricted"])
	return nil
}

// literalDefault evaluates a default value formula that is a plain
// literal ("'abc'", "\"abc\"", 42, true). Real formulas (TODAY()) are
// left to describe's defaultValueFormula and not evaluated.
func literalDefault(formula string, t FieldType) (any, bool) {
	s := strings.TrimSpace(formula)
	if len(s) >= 2 && (s[0] == '"' && s[len(s)-1] == '"' || s[0] == '\'' && s[len(s)-1] == '\'') {
		switch t {
		case TypeString, TypeTextArea, TypeEmail, TypePhone, TypeURL, TypePicklist:
			return s[1 : len(s)-1], true
		}
		return nil, false
	}
	switch t {
	case TypeDouble, TypeCurrency, TypePercent:
		if n, err := strconv.ParseFloat(s, 64); err == nil {
			return n, true
		}
	}
	return nil, false
}

// checkCustomFieldName enforces Salesforce's API name rules: a letter
// first, letters, digits and single underscores, no trailing underscore,
// at most 40 characters, and the __c suffix.
func checkCustomFieldName(name string) error {
	base, ok := strings.CutSuffix(name, "__c")
	if !ok {
		return fieldIntegrity("Field Name", "custom field names end in __c: %s", name)
	}
	if len(base) > 40 {
		return fieldIntegrity("Field Name", "the name %s is longer than 40 characters", base)
	}
	return checkIdentifier("Field Name", base)
}

func checkIdentifier(what, s string) error {
	bad := s == "" || !unicode.IsLetter(rune(s[0])) || strings.HasSuffix(s, "_") || strings.Contains(s, "__")
	for _, c := range s {
		if c > unicode.MaxASCII || !(unicode.IsLetter(c) || unicode.IsDigit(c) || c == '_') {
			bad = true
		}
	}
	if bad {
		return fieldIntegrity(what, "%s can only contain underscores and alphanumeric characters. It must be unique, begin with a letter, not include spaces, not end with an underscore, and not contain two consecutive underscores: %s", what, s)
	}
	return nil
}

func checkRange(what string, n, lo, hi int) error {
	if n < lo || n > hi {
		return fieldIntegrity(what, "%s must be between %d and %d, not %d", what, lo, hi, n)
	}
	return nil
}

// fieldIntegrity is the error the Tooling API gives for metadata that
// parses but makes no valid field; field names the offending setting.
func fieldIntegrity(field, format string, args ...any) *Error {
	e := errorf(http.StatusBadRequest, "FIELD_INTEGRITY_EXCEPTION", "%s: %s", field, fmt.Sprintf(format, args...))
	e.Fields = []string{field}
	return e
}
