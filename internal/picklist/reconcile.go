package picklist

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/sfbridge/sfbridge/internal/mapping"
	"github.com/sfbridge/sfbridge/internal/store"
	"github.com/sfbridge/sfbridge/salesforce"
)

// Client is what Reconcile needs of a Salesforce connection;
// *salesforce.Client is one.
type Client interface {
	Describe(ctx context.Context, object string) (*salesforce.SObjectDescribe, error)
	AddPicklistValues(ctx context.Context, object, field string, values []string) ([]string, error)
}

// Errors Reconcile returns (wrapped) for a pair it cannot reconcile.
var (
	// ErrNotList: the app field is not a list or multi-list.
	ErrNotList = errors.New("picklist: the app field is not a list")
	// ErrNoField: the object has no such field the connected user sees.
	ErrNoField = errors.New("picklist: no such Salesforce field")
	// ErrNotPicklist: the Salesforce field is not a picklist.
	ErrNotPicklist = errors.New("picklist: the Salesforce field is not a picklist")
)

// Reason says why an option was not added.
type Reason string

// The reasons an option stays unmatched.
const (
	// ReasonNotAllowed: the admin did not allow adding values.
	ReasonNotAllowed Reason = "not_allowed"
	// ReasonRestricted: the picklist is restricted; Salesforce refuses
	// values not in it, and sfbridge does not widen it.
	ReasonRestricted Reason = "restricted"
	// ReasonReadOnly: the connected user cannot edit the field.
	ReasonReadOnly Reason = "read_only"
	// ReasonStandardPicklist: a standard picklist, changed in Setup.
	ReasonStandardPicklist Reason = "standard_picklist"
	// ReasonGlobalValueSet: the values come from a global value set.
	ReasonGlobalValueSet Reason = "global_value_set"
	// ReasonInactive: Salesforce has the value, deactivated.
	ReasonInactive Reason = "inactive"
	// ReasonNoPermission: the connected user may not change the field
	// (Customize Application is missing).
	ReasonNoPermission Reason = "no_permission"
	// ReasonInvalidValue: Salesforce cannot hold the option as a value.
	ReasonInvalidValue Reason = "invalid_value"
)

// maxValueLen is the longest picklist value API name Salesforce takes.
const maxValueLen = 255

// Matched is an app option and the picklist value it stands for.
type Matched struct {
	Option string
	Value  string
}

// Unmatched is an app option with no picklist value.
type Unmatched struct {
	Option string
	Reason Reason
	// Message says why, and what to do.
	Message string
}

// Result is what Reconcile found and did, options in the app field's
// order.
type Result struct {
	// Object and Field are Salesforce's spelling.
	Object, Field string
	Matched       []Matched
	// Added are the options added to the picklist as new values.
	Added     []string
	Unmatched []Unmatched
	// Notes are advice that applies to the whole field (record types).
	Notes []string
}

// Reconcile matches appField's options to the values of the picklist
// sfField of object and, when allowAdd is set, adds the options that
// match none to a custom picklist that is neither restricted nor
// read-only, through the Tooling API. Options it cannot add are
// Unmatched with a Reason. An app list without options has nothing to
// reconcile.
func Reconcile(ctx context.Context, client Client, appField store.AppField, object, sfField string, allowAdd bool) (Result, error) {
	if appField.Type != store.AppList && appField.Type != store.AppMultiList {
		return Result{}, fmt.Errorf("reconciling %s with %s.%s: %w (it is %s)", appField.Name, object, sfField, ErrNotList, appField.Type)
	}
	d, err := client.Describe(ctx, object)
	if err != nil {
		return Result{}, fmt.Errorf("reconciling %s with %s.%s: %w", appField.Name, object, sfField, err)
	}
	f := d.Field(sfField)
	if f == nil {
		return Result{}, fmt.Errorf("reconciling %s with %s.%s: %w", appField.Name, object, sfField, ErrNoField)
	}
	if f.Type != "picklist" && f.Type != "multipicklist" {
		return Result{}, fmt.Errorf("reconciling %s with %s.%s: %w (it is %s)", appField.Name, d.Name, f.Name, ErrNotPicklist, f.Type)
	}
	res := Result{Object: d.Name, Field: f.Name}
	var active, inactive []salesforce.PicklistValue
	for _, v := range f.PicklistValues {
		if v.Active {
			active = append(active, v)
		} else {
			inactive = append(inactive, v)
		}
	}
	matched, _, _ := mapping.MatchOptions(appField.Options, active)
	setup := valuesPath(d, f)
	var toAdd []string
	for _, opt := range appField.Options {
		if v, ok := matched[opt]; ok {
			res.Matched = append(res.Matched, Matched{Option: opt, Value: v})
			continue
		}
		if u, refused := refuse(d, f, opt, inactive, allowAdd, setup); refused {
			res.Unmatched = append(res.Unmatched, u)
			continue
		}
		toAdd = append(toAdd, opt)
	}
	if len(toAdd) == 0 {
		return res, nil
	}
	added, err := client.AddPicklistValues(ctx, d.Name, f.Name, toAdd)
	var gvs *salesforce.GlobalValueSetError
	switch {
	case errors.As(err, &gvs):
		for _, opt := range toAdd {
			res.Unmatched = append(res.Unmatched, Unmatched{Option: opt, Reason: ReasonGlobalValueSet,
				Message: fmt.Sprintf("%s.%s takes its values from the global value set %s, shared with other fields: add %q in Setup > Picklist Value Sets > %s > Values > New.",
					d.Name, f.Name, gvs.ValueSet, opt, gvs.ValueSet)})
		}
		return res, nil
	case errors.Is(err, salesforce.ErrInsufficientAccess):
		for _, opt := range toAdd {
			res.Unmatched = append(res.Unmatched, Unmatched{Option: opt, Reason: ReasonNoPermission,
				Message: fmt.Sprintf("Salesforce refused to change %s.%s: the connected user needs the Customize Application permission. Grant it, or add %q in %s.",
					d.Name, f.Name, opt, setup)})
		}
		return res, nil
	case err != nil:
		return res, fmt.Errorf("reconciling %s with %s.%s: %w", appField.Name, d.Name, f.Name, err)
	}
	res.Added = added
	isAdded := make(map[string]bool, len(added))
	for _, a := range added {
		isAdded[a] = true
	}
	for _, opt := range toAdd {
		if !isAdded[opt] {
			// The field had it already, spelled another way or added
			// meanwhile: Salesforce compares values ignoring case.
			res.Matched = append(res.Matched, Matched{Option: opt, Value: opt})
		}
	}
	if len(added) > 0 && hasRecordTypes(d) {
		res.Notes = append(res.Notes, fmt.Sprintf("%s has record types: Salesforce makes a new value available to a record type only when an admin adds it there "+
			"(Setup > Object Manager > %s > Record Types > each record type > %s > Edit).", d.Name, d.Label, f.Label))
	}
	return res, nil
}

// refuse says why opt cannot be added to f, if it cannot.
func refuse(d *salesforce.SObjectDescribe, f *salesforce.Field, opt string, inactive []salesforce.PicklistValue, allowAdd bool, setup string) (Unmatched, bool) {
	u := Unmatched{Option: opt}
	for _, v := range inactive {
		if strings.EqualFold(v.Value, opt) || strings.EqualFold(v.Label, opt) {
			u.Reason = ReasonInactive
			u.Message = fmt.Sprintf("%s.%s has %q as an inactive value: activate it in %s (Inactive Values > Activate).", d.Name, f.Name, v.Value, strings.TrimSuffix(setup, " > New"))
			return u, true
		}
	}
	switch {
	case strings.TrimSpace(opt) == "" || len(opt) > maxValueLen || f.Type == "multipicklist" && strings.Contains(opt, ";"):
		u.Reason = ReasonInvalidValue
		u.Message = fmt.Sprintf("Salesforce cannot hold %q as a value of %s.%s: values are 1 to %d characters, and a multi-select picklist's have no semicolon. Rename the option.",
			opt, d.Name, f.Name, maxValueLen)
	case !f.Createable && !f.Updateable:
		u.Reason = ReasonReadOnly
		u.Message = fmt.Sprintf("The connected user cannot edit %s.%s (field-level security makes it read-only), so the value could never be written. "+
			"Give the integration user's profile Edit access in Setup > Object Manager > %s > Fields & Relationships > %s > Set Field-Level Security, or map the option to an existing value.",
			d.Name, f.Name, d.Label, f.Label)
	case f.RestrictedPicklist:
		u.Reason = ReasonRestricted
		u.Message = fmt.Sprintf("%s.%s is a restricted picklist: Salesforce refuses values not in its list, and sfbridge does not widen it. An admin can add %q in %s, or map the option to an existing value.",
			d.Name, f.Name, opt, setup)
	case !f.Custom:
		u.Reason = ReasonStandardPicklist
		u.Message = fmt.Sprintf("%s.%s is a standard picklist (its values are a StandardValueSet), which sfbridge does not change: add %q in %s.",
			d.Name, f.Name, opt, setup)
	case !allowAdd:
		u.Reason = ReasonNotAllowed
		u.Message = fmt.Sprintf("%s.%s has no value %q. Call again with add true to add it (with the admin's agreement), or add it in %s.", d.Name, f.Name, opt, setup)
	default:
		return u, false
	}
	return u, true
}

// valuesPath is where in Setup an admin adds a value to f.
func valuesPath(d *salesforce.SObjectDescribe, f *salesforce.Field) string {
	return "Setup > Object Manager > " + d.Label + " > Fields & Relationships > " + f.Label + " > Values > New"
}

// hasRecordTypes says whether the object has record types besides the
// master one.
func hasRecordTypes(d *salesforce.SObjectDescribe) bool {
	for _, rt := range d.RecordTypeInfos {
		if !rt.Master {
			return true
		}
	}
	return false
}
