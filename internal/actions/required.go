package actions

import (
	"fmt"
	"slices"
	"strings"

	"github.com/sfbridge/sfbridge/salesforce"
)

// Field names a Salesforce field for people: its API name and label.
type Field struct {
	Name  string
	Label string
}

func (f Field) String() string { return f.Label + " (" + f.Name + ")" }

// MissingFieldsError refuses a create that lacks fields Salesforce
// requires: createable, not nillable and not defaulted on create.
type MissingFieldsError struct {
	Object string
	Fields []Field
}

func (e *MissingFieldsError) Error() string {
	names := make([]string, len(e.Fields))
	for i, f := range e.Fields {
		names[i] = f.String()
	}
	return fmt.Sprintf("a new %s needs a value for %s: Salesforce requires %s on create. Add %s to the fields and send it again.",
		e.Object, joinAnd(names), plural(len(names), "it", "them"), plural(len(names), "it", "them"))
}

// required are the fields of d a create must set: createable, not
// nillable and not defaulted on create. Checkboxes always have a value
// (false), so none of them is required.
func required(d *salesforce.SObjectDescribe) []Field {
	var out []Field
	for _, f := range d.Fields {
		if f.Createable && !f.Nillable && !f.DefaultedOnCreate && f.Type != "boolean" {
			out = append(out, Field{Name: f.Name, Label: f.Label})
		}
	}
	return out
}

// checkFields refuses fields the object does not have (or the
// connected user cannot see) or that cannot be set on create, and then
// required fields that are missing or empty.
func checkFields(d *salesforce.SObjectDescribe, fields map[string]any) error {
	var unknown, readOnly []string
	for name := range fields {
		f := d.Field(name)
		switch {
		case f == nil:
			unknown = append(unknown, name)
		case !f.Createable:
			readOnly = append(readOnly, Field{Name: f.Name, Label: f.Label}.String())
		}
	}
	slices.Sort(unknown)
	slices.Sort(readOnly)
	if len(unknown) > 0 {
		return fmt.Errorf("%w: %s has no field %s that the connected user can see: check the API %s (custom fields end in __c) and the user's field-level security",
			ErrInvalid, d.Name, joinAnd(unknown), plural(len(unknown), "name", "names"))
	}
	if len(readOnly) > 0 {
		return fmt.Errorf("%w: %s cannot be set when a %s is created (read-only, or not editable by the connected user): leave %s out",
			ErrInvalid, joinAnd(readOnly), d.Name, plural(len(readOnly), "it", "them"))
	}
	var missing []Field
	for _, f := range required(d) {
		if empty(lookup(fields, f.Name)) {
			missing = append(missing, f)
		}
	}
	if len(missing) > 0 {
		return &MissingFieldsError{Object: d.Name, Fields: missing}
	}
	return nil
}

// lookup finds a field's value by name, ignoring case as Salesforce
// does.
func lookup(fields map[string]any, name string) any {
	if v, ok := fields[name]; ok {
		return v
	}
	for k, v := range fields {
		if strings.EqualFold(k, name) {
			return v
		}
	}
	return nil
}

func empty(v any) bool {
	switch x := v.(type) {
	case nil:
		return true
	case string:
		return strings.TrimSpace(x) == ""
	}
	return false
}

func joinAnd(items []string) string {
	switch len(items) {
	case 0:
		return ""
	case 1:
		return items[0]
	}
	return strings.Join(items[:len(items)-1], ", ") + " and " + items[len(items)-1]
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
