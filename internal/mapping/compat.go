package mapping

import (
	"fmt"
	"strings"

	"github.com/sfbridge/sfbridge/internal/store"
	"github.com/sfbridge/sfbridge/salesforce"
)

// Directions of a field mapping, as stored in [store.FieldMapping].
const (
	Inbound  = "inbound"  // Salesforce to the app
	Outbound = "outbound" // the app to Salesforce
	Both     = "both"
)

// ObjectTypes maps Salesforce object names to the app types their records
// are synced as (Account to account). A reference mapping is compatible
// only when one of the objects the Salesforce field refers to is synced as
// the app field's RefType. Build it from a connection's object mappings;
// nil means [DefaultObjectTypes].
type ObjectTypes map[string]string

// DefaultObjectTypes are the app types [Defaults] uses for the standard
// objects, plus User for owners.
func DefaultObjectTypes() ObjectTypes {
	m := make(ObjectTypes, len(defaultSpecs)+1)
	for _, s := range defaultSpecs {
		m[s.object] = s.appType
	}
	m["User"] = "user"
	return m
}

// appType returns the app type object is synced as, matching the object
// name case-insensitively as Salesforce does.
func (o ObjectTypes) appType(object string) string {
	if t, ok := o[object]; ok {
		return t
	}
	for k, t := range o {
		if strings.EqualFold(k, object) {
			return t
		}
	}
	return ""
}

// pairRule is one row of the matrix: the Salesforce types an app type
// accepts, and the ones it accepts for reading only.
type pairRule struct {
	accepts []string
	// inboundOnly are accepted types whose values cannot go back.
	inboundOnly map[string]string
	// why explains a refusal, after "app field x (t) cannot map to ...: ".
	why string
}

// textTypes are the Salesforce types an app text field holds.
var textTypes = []string{"string", "textarea", "email", "phone", "url", "picklist", "combobox", "encryptedstring", "address"}

var numberTypes = []string{"int", "double", "currency", "percent", "long"}

const addressInboundOnly = "a compound address is read-only in Salesforce; map its components (street, city, ...) to write it"

// matrix is the type-compatibility matrix.
var matrix = map[store.AppFieldType]pairRule{
	store.AppText: {accepts: textTypes,
		inboundOnly: map[string]string{"address": addressInboundOnly},
		why:         "a text field maps to a Salesforce string, textarea, email, phone, url, picklist, combobox or address field"},
	store.AppLongText: {accepts: []string{"textarea", "string", "encryptedstring", "address"},
		inboundOnly: map[string]string{"address": addressInboundOnly},
		why:         "a long text field maps to a Salesforce textarea or string field"},
	store.AppEmail: {accepts: []string{"email", "string"},
		why: "an email field maps to a Salesforce email or string field"},
	store.AppPhone: {accepts: []string{"phone", "string"},
		why: "a phone field maps to a Salesforce phone or string field"},
	store.AppURL: {accepts: []string{"url", "string"},
		why: "a url field maps to a Salesforce url or string field"},
	store.AppNumber: {accepts: numberTypes,
		why: "a number maps to a Salesforce int, double, currency or percent field"},
	store.AppCurrency: {accepts: numberTypes,
		why: "a currency amount maps to a Salesforce int, double, currency or percent field"},
	store.AppPercent: {accepts: numberTypes,
		why: "a percent maps to a Salesforce int, double, currency or percent field"},
	store.AppBoolean: {accepts: []string{"boolean"},
		why: "a boolean maps to a Salesforce boolean (checkbox) field"},
	store.AppDate: {accepts: []string{"date", "datetime"},
		inboundOnly: map[string]string{"datetime": "a datetime is read into a date as its UTC date, and a date alone cannot give back the time"},
		why:         "a date maps to a Salesforce date field (or reads a datetime's date)"},
	store.AppDateTime: {accepts: []string{"datetime"},
		why: "a datetime maps to a Salesforce datetime field"},
	store.AppList: {accepts: []string{"picklist", "combobox"},
		why: "a list maps to a Salesforce picklist or combobox field, option by option"},
	store.AppMultiList: {accepts: []string{"multipicklist"},
		why: "a multi-list maps to a Salesforce multipicklist field"},
	store.AppReference: {accepts: []string{"reference"},
		why: "a reference maps to a Salesforce reference (lookup) field"},
}

// describeType names a type for messages: "int", or "reference to
// Account, Contact" and "reference to account" for references.
func describeAppType(app store.AppField) string {
	if app.Type == store.AppReference && app.RefType != "" {
		return "reference to " + app.RefType
	}
	return string(app.Type)
}

func describeSFType(sf *salesforce.Field) string {
	if sf.Type == "reference" && len(sf.ReferenceTo) > 0 {
		return "reference to " + strings.Join(sf.ReferenceTo, ", ")
	}
	return sf.Type
}

// refusal builds the message naming both fields and both types.
func refusal(app store.AppField, sf *salesforce.Field, why string) string {
	return fmt.Sprintf("app field %s (%s) cannot map to Salesforce field %s (%s): %s",
		app.Name, describeAppType(app), sf.Name, describeSFType(sf), why)
}

// Compatible reports whether app can map to sf by type. A refusal's why
// names both fields and both types, such as "app field email (email)
// cannot map to Salesforce field NumberOfEmployees (int): an email field
// maps to a Salesforce email or string field". References also need one
// of sf's target objects synced as app.RefType, looked up in objects (nil
// means [DefaultObjectTypes]). A polymorphic lookup (WhoId) is compatible
// when any target is; the sync engine links only records of a matching
// object.
//
// Compatible checks types only; [InboundOnly] says whether the pair can
// also be written back, and [MatchOptions] matches list options.
func Compatible(app store.AppField, sf *salesforce.Field, objects ObjectTypes) (ok bool, why string) {
	if sf == nil {
		return false, fmt.Sprintf("app field %s (%s) has no Salesforce field to map to", app.Name, describeAppType(app))
	}
	rule, known := matrix[app.Type]
	if !known {
		return false, refusal(app, sf, fmt.Sprintf("%q is not an app field type", app.Type))
	}
	if !accepts(rule, sf.Type) {
		return false, refusal(app, sf, rule.why)
	}
	if app.Type == store.AppReference {
		return compatibleReference(app, sf, objects)
	}
	return true, ""
}

func accepts(rule pairRule, sfType string) bool {
	for _, t := range rule.accepts {
		if strings.EqualFold(t, sfType) {
			return true
		}
	}
	return false
}

func compatibleReference(app store.AppField, sf *salesforce.Field, objects ObjectTypes) (bool, string) {
	if app.RefType == "" {
		return false, refusal(app, sf, "the app field does not say which app type it references")
	}
	if objects == nil {
		objects = DefaultObjectTypes()
	}
	for _, obj := range sf.ReferenceTo {
		if objects.appType(obj) == app.RefType {
			return true, ""
		}
	}
	return false, refusal(app, sf, fmt.Sprintf("none of %s is synced as app type %s",
		strings.Join(sf.ReferenceTo, ", "), app.RefType))
}

// InboundOnly reports whether a compatible pair can only be read from
// Salesforce, and why: the Salesforce field is read-only (neither
// createable nor updateable, or a formula), or the pair loses
// information going back (a datetime read into a date, a compound
// address read into text).
func InboundOnly(app store.AppField, sf *salesforce.Field) (bool, string) {
	if sf == nil {
		return false, ""
	}
	if sf.Calculated {
		return true, fmt.Sprintf("Salesforce field %s is a formula and cannot be written", sf.Name)
	}
	if !sf.Createable && !sf.Updateable {
		return true, fmt.Sprintf("Salesforce field %s is read-only", sf.Name)
	}
	if why, ok := matrix[app.Type].inboundOnly[strings.ToLower(sf.Type)]; ok {
		return true, why
	}
	return false, ""
}

// Choices returns the names of the fields of describe that app can map
// to, in describe order, so a UI offers only compatible ones. Fields
// that are only readable are included; [InboundOnly] tells which.
func Choices(app store.AppField, describe *salesforce.SObjectDescribe, objects ObjectTypes) []string {
	if describe == nil {
		return nil
	}
	if objects == nil {
		objects = DefaultObjectTypes()
	}
	var names []string
	for i := range describe.Fields {
		if ok, _ := Compatible(app, &describe.Fields[i], objects); ok {
			names = append(names, describe.Fields[i].Name)
		}
	}
	return names
}
