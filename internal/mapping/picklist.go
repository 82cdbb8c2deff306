package mapping

import (
	"strings"

	"github.com/sfbridge/sfbridge/salesforce"
)

// MatchOptions matches an app list's options to a picklist's values,
// case-insensitively: first on the API value, then on the label for the
// options still unmatched, so "Best Case" finds the value BestCase
// labelled "Best Case" but a value spelled like the option wins over
// another value's label. Each option and each value is used at most once.
//
// matched maps an app option to its Salesforce value. unmatchedApp are
// the options no value matched and unmatchedSF the values no option
// matched, both in their input order: values in either list cannot be
// converted and are reported, not dropped.
func MatchOptions(appOptions []string, sfValues []salesforce.PicklistValue) (matched map[string]string, unmatchedApp, unmatchedSF []string) {
	matched = make(map[string]string, len(appOptions))
	usedSF := make([]bool, len(sfValues))
	usedApp := make([]bool, len(appOptions))
	pass := func(key func(salesforce.PicklistValue) string) {
		for i, opt := range appOptions {
			if usedApp[i] {
				continue
			}
			if _, dup := matched[opt]; dup {
				continue
			}
			for j, v := range sfValues {
				if !usedSF[j] && strings.EqualFold(key(v), opt) {
					matched[opt] = v.Value
					usedApp[i], usedSF[j] = true, true
					break
				}
			}
		}
	}
	pass(func(v salesforce.PicklistValue) string { return v.Value })
	pass(func(v salesforce.PicklistValue) string { return v.Label })
	for i, opt := range appOptions {
		if !usedApp[i] {
			unmatchedApp = append(unmatchedApp, opt)
		}
	}
	for j, v := range sfValues {
		if !usedSF[j] {
			unmatchedSF = append(unmatchedSF, v.Value)
		}
	}
	return matched, unmatchedApp, unmatchedSF
}

// optionTable converts single values through a [MatchOptions] result.
// Lookups try the exact spelling first, then any case, as Salesforce
// compares picklist values.
type optionTable struct {
	toApp, toSF         map[string]string
	toAppFold, toSFFold map[string]string
	open                bool
}

// newOptionTable builds the table for an app list's options and a
// picklist's values. An app list without options is open: values pass
// through unchanged.
func newOptionTable(appOptions []string, sfValues []salesforce.PicklistValue) *optionTable {
	if len(appOptions) == 0 {
		return &optionTable{open: true}
	}
	matched, _, _ := MatchOptions(appOptions, sfValues)
	t := &optionTable{
		toApp:     make(map[string]string, len(matched)),
		toSF:      make(map[string]string, len(matched)),
		toAppFold: make(map[string]string, len(matched)),
		toSFFold:  make(map[string]string, len(matched)),
	}
	for opt, val := range matched {
		t.toApp[val] = opt
		t.toSF[opt] = val
		t.toAppFold[strings.ToLower(val)] = opt
		t.toSFFold[strings.ToLower(opt)] = val
	}
	return t
}

// app returns the app option for a Salesforce value.
func (t *optionTable) app(v string) (string, bool) {
	if t.open {
		return v, true
	}
	if o, ok := t.toApp[v]; ok {
		return o, true
	}
	o, ok := t.toAppFold[strings.ToLower(v)]
	return o, ok
}

// sf returns the Salesforce value for an app option.
func (t *optionTable) sf(o string) (string, bool) {
	if t.open {
		return o, true
	}
	if v, ok := t.toSF[o]; ok {
		return v, true
	}
	v, ok := t.toSFFold[strings.ToLower(o)]
	return v, ok
}

// picklistLookup finds a picklist value by value or label, any case: for
// text written into a restricted picklist.
func picklistLookup(values []salesforce.PicklistValue, s string) (string, bool) {
	for _, v := range values {
		if strings.EqualFold(v.Value, s) {
			return v.Value, true
		}
	}
	for _, v := range values {
		if strings.EqualFold(v.Label, s) {
			return v.Value, true
		}
	}
	return "", false
}
