package mapping

import (
	"fmt"
	"strings"

	"github.com/sfbridge/sfbridge/internal/store"
	"github.com/sfbridge/sfbridge/salesforce"
)

// ProblemCode says what is wrong with a mapping; see the constants.
type ProblemCode string

// Problem codes.
const (
	// CodeBadDirection: the direction is not inbound, outbound or both.
	CodeBadDirection ProblemCode = "bad_direction"
	// CodeWrongObject: the mapping is of another object than the describe.
	CodeWrongObject ProblemCode = "wrong_object"
	// CodeUnknownAppField: the app type has no field of that name.
	CodeUnknownAppField ProblemCode = "unknown_app_field"
	// CodeHiddenSFField: the describe has no field of that name: it does
	// not exist, or field-level security hides it from the connected user.
	// Syncing it would read nulls, so it is refused.
	CodeHiddenSFField ProblemCode = "hidden_sf_field"
	// CodeIncompatible: the types cannot map (see [Compatible]).
	CodeIncompatible ProblemCode = "incompatible"
	// CodeReadOnly: the direction writes to Salesforce but the pair is
	// inbound only (see [InboundOnly]).
	CodeReadOnly ProblemCode = "read_only"
	// CodeDuplicateSFField: two mappings write the same Salesforce field.
	CodeDuplicateSFField ProblemCode = "duplicate_sf_field"
	// CodeDuplicateAppField: two mappings write the same app field.
	CodeDuplicateAppField ProblemCode = "duplicate_app_field"
)

// Problem is one fault of one mapping. Field is the app field and SFField
// the Salesforce field, as the mapping names them.
type Problem struct {
	Field   string      `json:"field"`
	SFField string      `json:"sf_field"`
	Code    ProblemCode `json:"code"`
	Message string      `json:"message"`
}

// String returns the code and the message.
func (p Problem) String() string { return string(p.Code) + ": " + p.Message }

// Validate checks every mapping of one object against the app type and
// the org's describe of the object, and returns every problem found, in
// mapping order; none means the mappings can be saved. objects resolves
// reference targets as in [Compatible] (nil means [DefaultObjectTypes]).
//
// Unmatched list options are not problems: [OptionGaps] lists them.
func Validate(appType store.AppType, describe *salesforce.SObjectDescribe, mappings []store.FieldMapping, objects ObjectTypes) []Problem {
	if describe == nil {
		describe = &salesforce.SObjectDescribe{}
	}
	if objects == nil {
		objects = DefaultObjectTypes()
	}
	var problems []Problem
	add := func(m store.FieldMapping, code ProblemCode, format string, args ...any) {
		problems = append(problems, Problem{Field: m.AppField, SFField: m.SFField, Code: code, Message: fmt.Sprintf(format, args...)})
	}
	writesSF := map[string]string{}  // lower-case Salesforce field -> app field
	writesApp := map[string]string{} // app field -> Salesforce field
	for _, m := range mappings {
		in, out := directionOf(m.Direction)
		if !in && !out {
			add(m, CodeBadDirection, "mapping %s <-> %s has direction %q; want inbound, outbound or both", m.AppField, m.SFField, m.Direction)
		}
		if m.Object != "" && describe.Name != "" && !strings.EqualFold(m.Object, describe.Name) {
			add(m, CodeWrongObject, "mapping %s <-> %s is of object %s, not %s", m.AppField, m.SFField, m.Object, describe.Name)
		}
		app, appOK := appField(appType, m.AppField)
		if !appOK {
			add(m, CodeUnknownAppField, "app type %s has no field %s", appType.Name, m.AppField)
		}
		sf := describe.Field(m.SFField)
		if sf == nil {
			add(m, CodeHiddenSFField, "Salesforce field %s is not in the describe of %s: it does not exist, or field-level security hides it from the connected user", m.SFField, describe.Name)
		}
		if appOK && sf != nil {
			if ok, why := Compatible(app, sf, objects); !ok {
				add(m, CodeIncompatible, "%s", why)
			} else if only, why := InboundOnly(app, sf); only && out {
				add(m, CodeReadOnly, "app field %s cannot be written to Salesforce field %s (direction %s): %s; map it inbound", m.AppField, sf.Name, m.Direction, why)
			}
		}
		if out {
			key := strings.ToLower(m.SFField)
			if prev, dup := writesSF[key]; dup {
				add(m, CodeDuplicateSFField, "Salesforce field %s is written from both app fields %s and %s; only one may go outbound", m.SFField, prev, m.AppField)
			} else {
				writesSF[key] = m.AppField
			}
		}
		if in {
			if prev, dup := writesApp[m.AppField]; dup {
				add(m, CodeDuplicateAppField, "app field %s is read from both Salesforce fields %s and %s; only one may come inbound", m.AppField, prev, m.SFField)
			} else {
				writesApp[m.AppField] = m.SFField
			}
		}
	}
	return problems
}

// directionOf reports which ways a direction goes.
func directionOf(d string) (in, out bool) {
	switch d {
	case Inbound:
		return true, false
	case Outbound:
		return false, true
	case Both:
		return true, true
	}
	return false, false
}

func appField(t store.AppType, name string) (store.AppField, bool) {
	for _, f := range t.Fields {
		if f.Name == name {
			return f, true
		}
	}
	return store.AppField{}, false
}

// OptionGap lists the options of one list mapping that do not match, so
// the values they stand for are shown to the user instead of dropped.
type OptionGap struct {
	Field   string `json:"field"`
	SFField string `json:"sf_field"`
	// UnmatchedApp are app options no picklist value matches.
	UnmatchedApp []string `json:"unmatched_app,omitempty"`
	// UnmatchedSF are picklist values no app option matches.
	UnmatchedSF []string `json:"unmatched_sf,omitempty"`
}

// OptionGaps matches every list and multi-list mapping's options to its
// picklist (see [MatchOptions]) and returns the mappings with unmatched
// options on either side. Lists without options are open and never have
// gaps; mappings [Validate] refuses are skipped.
func OptionGaps(appType store.AppType, describe *salesforce.SObjectDescribe, mappings []store.FieldMapping) []OptionGap {
	if describe == nil {
		return nil
	}
	var gaps []OptionGap
	for _, m := range mappings {
		app, ok := appField(appType, m.AppField)
		if !ok || (app.Type != store.AppList && app.Type != store.AppMultiList) || len(app.Options) == 0 {
			continue
		}
		sf := describe.Field(m.SFField)
		if sf == nil || !accepts(matrix[app.Type], sf.Type) {
			continue
		}
		_, ua, us := MatchOptions(app.Options, sf.PicklistValues)
		if len(ua) > 0 || len(us) > 0 {
			gaps = append(gaps, OptionGap{Field: app.Name, SFField: sf.Name, UnmatchedApp: ua, UnmatchedSF: us})
		}
	}
	return gaps
}
