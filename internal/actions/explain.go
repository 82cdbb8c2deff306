package actions

import (
	"fmt"
	"strings"

	"github.com/sfbridge/sfbridge/salesforce"
)

// RefusedError is a write Salesforce refused, explained: what was
// wrong (Cause) and what to do (Fix), with Salesforce's own error.
type RefusedError struct {
	Object string
	// Code, Message and Fields are Salesforce's.
	Code    string
	Message string
	Fields  []string
	Cause   string
	Fix     string
	Err     *salesforce.APIError
}

func (e *RefusedError) Error() string {
	return fmt.Sprintf("Salesforce refused to create the %s (%s): %s %s", e.Object, e.Code, e.Cause, e.Fix)
}

func (e *RefusedError) Unwrap() error { return e.Err }

// explain words a refusal of a create of d's object.
func explain(d *salesforce.SObjectDescribe, api *salesforce.APIError) *RefusedError {
	e := &RefusedError{Object: d.Name, Code: api.ErrorCode, Message: api.Message, Fields: api.Fields, Err: api}
	names := labels(d, api.Fields)
	says := quote(api.Message)
	switch api.ErrorCode {
	case "REQUIRED_FIELD_MISSING":
		e.Cause = fmt.Sprintf("Salesforce requires a value for %s.", orElse(names, "a field"))
		e.Fix = "Send a value for it."
	case "FIELD_CUSTOM_VALIDATION_EXCEPTION":
		e.Cause = fmt.Sprintf("A validation rule of the org refused the record: %s", says)
		e.Fix = "Change the values so that the rule accepts them, or ask the Salesforce admin about the rule."
	case "DUPLICATES_DETECTED":
		e.Cause = "A duplicate rule of the org found the record exists already"
		if m := api.MatchedIDs; len(m) > 0 {
			e.Cause += " (" + strings.Join(m, ", ") + ")"
		}
		e.Cause += "."
		e.Fix = "Use the existing record instead, or ask the Salesforce admin to let the rule allow duplicates."
	case "INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST":
		e.Cause = fmt.Sprintf("%s only takes one of its picklist values.", orElse(names, "A picklist field"))
		e.Fix = "Send one of the values Salesforce lists for it" + picklist(d, api.Fields) + "."
	case "STRING_TOO_LONG":
		e.Cause = fmt.Sprintf("A value is longer than %s allows.", orElse(names, "the field"))
		e.Fix = "Shorten it" + maxLength(d, api.Fields) + "."
	case "INVALID_EMAIL_ADDRESS":
		e.Cause = fmt.Sprintf("%s is not a valid email address.", orElse(names, "A value"))
		e.Fix = "Send an address like name@example.com."
	case "INVALID_FIELD_FOR_INSERT_UPDATE", "INVALID_FIELD":
		e.Cause = fmt.Sprintf("%s cannot be set by the connected user.", orElse(names, "A field"))
		e.Fix = "Leave it out, or have the Salesforce admin give the user's profile Edit access to it."
	case "MALFORMED_ID", "INVALID_CROSS_REFERENCE_KEY", "INVALID_ID_FIELD":
		e.Cause = fmt.Sprintf("%s holds an id of no record the connected user can see.", orElse(names, "A reference"))
		e.Fix = "Check the id; the record may have been deleted, or be hidden from the user by sharing."
	case "ENTITY_IS_DELETED":
		e.Cause = "A record it refers to was deleted."
		e.Fix = "Refer to a record that exists."
	case "INSUFFICIENT_ACCESS_OR_READONLY", "INSUFFICIENT_ACCESS_ON_CROSS_REFERENCE_ENTITY", "CANNOT_INSERT_UPDATE_ACTIVATE_ENTITY":
		e.Cause = fmt.Sprintf("The connected user may not create this %s: %s", d.Name, says)
		e.Fix = "Have the Salesforce admin give the user's profile the permission, or connect as a user who has it."
	default:
		e.Cause = fmt.Sprintf("Salesforce said: %s", says)
		e.Fix = "Check the values against the object's fields in Salesforce Setup."
	}
	return e
}

// labels names fields by label and API name, joined.
func labels(d *salesforce.SObjectDescribe, names []string) string {
	var out []string
	for _, n := range names {
		if f := d.Field(n); f != nil {
			out = append(out, Field{Name: f.Name, Label: f.Label}.String())
		} else {
			out = append(out, n)
		}
	}
	return joinAnd(out)
}

func picklist(d *salesforce.SObjectDescribe, names []string) string {
	for _, n := range names {
		f := d.Field(n)
		if f == nil {
			continue
		}
		var vals []string
		for _, v := range f.PicklistValues {
			if v.Active {
				vals = append(vals, quote(v.Value))
			}
		}
		if len(vals) > 0 {
			return ": " + strings.Join(vals, ", ")
		}
	}
	return ""
}

func maxLength(d *salesforce.SObjectDescribe, names []string) string {
	for _, n := range names {
		if f := d.Field(n); f != nil && f.Length > 0 {
			return fmt.Sprintf(" to at most %d characters", f.Length)
		}
	}
	return ""
}

func quote(s string) string { return "\u201c" + strings.TrimSpace(s) + "\u201d" }

func orElse(s, fallback string) string {
	if s == "" {
		return fallback
	}
	return s
}
