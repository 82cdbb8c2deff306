package sfemu

import (
	"net/http"
	"strings"
)

// DuplicateRule is an org duplicate rule: saving a record of Object whose
// Field value matches (case-insensitively) a live record of any of
// MatchObjects fails with DUPLICATES_DETECTED unless the request sends
// Sforce-Duplicate-Rule-Header with allowSave=true.
type DuplicateRule struct {
	// Name is the rule's developer name, reported in the error body.
	Name string
	// Object is the object whose saves the rule checks.
	Object string
	// Field is the field compared, such as Email.
	Field string
	// MatchObjects lists the objects searched for a match; empty means
	// Object alone. A field of the same name is compared on each.
	MatchObjects []string
}

// DefaultDuplicateRules are the rules an org gets with
// Options.DuplicateRules unset and Options.EnableDuplicateRules true:
// Leads and Contacts matched by Email against both objects.
func DefaultDuplicateRules() []DuplicateRule {
	return []DuplicateRule{
		{Name: "Standard_Lead_Duplicate_Rule", Object: "Lead", Field: "Email", MatchObjects: []string{"Lead", "Contact"}},
		{Name: "Standard_Contact_Duplicate_Rule", Object: "Contact", Field: "Email", MatchObjects: []string{"Contact", "Lead"}},
	}
}

// duplicateResult is the duplicateResult element of a DUPLICATES_DETECTED
// error body.
type duplicateResult struct {
	AllowSave               bool          `json:"allowSave"`
	DuplicateRule           string        `json:"duplicateRule"`
	DuplicateRuleEntityType string        `json:"duplicateRuleEntityType"`
	ErrorMessage            string        `json:"errorMessage"`
	MatchResults            []matchResult `json:"matchResults"`
}

type matchResult struct {
	EntityType   string        `json:"entityType"`
	ErrorMessage *string       `json:"errorMessage"`
	MatchEngine  string        `json:"matchEngine"`
	MatchRecords []matchRecord `json:"matchRecords"`
	Rule         string        `json:"rule"`
	Size         int           `json:"size"`
	Success      bool          `json:"success"`
}

type matchRecord struct {
	AdditionalInformation []any          `json:"additionalInformation"`
	FieldDiffs            []any          `json:"fieldDiffs"`
	MatchConfidence       float64        `json:"matchConfidence"`
	Record                map[string]any `json:"record"`
}

const duplicateMessage = "You're creating a duplicate record. We recommend you use an existing record instead."

// checkDuplicates applies the org's duplicate rules to r.
func (o *org) checkDuplicates(r *record, opt writeOptions) *Error {
	if opt.allowDuplicates || opt.system {
		return nil
	}
	version := opt.version
	if version == "" {
		version = latestVersion
	}
	for _, rule := range o.duplicateRules {
		if !strings.EqualFold(rule.Object, r.obj.Name) {
			continue
		}
		f := r.obj.Field(rule.Field)
		if f == nil {
			continue
		}
		v, ok := r.get(f).(string)
		if !ok {
			continue
		}
		targets := rule.MatchObjects
		if len(targets) == 0 {
			targets = []string{rule.Object}
		}
		res := duplicateResult{
			AllowSave:               true,
			DuplicateRule:           rule.Name,
			DuplicateRuleEntityType: r.obj.Name,
			ErrorMessage:            duplicateMessage,
		}
		for _, name := range targets {
			obj := o.object(name)
			if obj == nil || obj.Field(rule.Field) == nil {
				continue
			}
			mf := obj.Field(rule.Field)
			var recs []matchRecord
			for _, other := range o.tables[obj].rows {
				if other == nil || other.deleted || other.id == r.id {
					continue
				}
				if ov, ok := other.get(mf).(string); ok && strings.EqualFold(ov, v) {
					recs = append(recs, matchRecord{
						AdditionalInformation: []any{},
						FieldDiffs:            []any{},
						MatchConfidence:       100,
						Record: map[string]any{
							"attributes": map[string]any{"type": obj.Name, "url": "/services/data/v" + version + "/sobjects/" + obj.Name + "/" + id18(other.id)},
							"Id":         id18(other.id),
						},
					})
				}
			}
			if len(recs) > 0 {
				res.MatchResults = append(res.MatchResults, matchResult{
					EntityType:   obj.Name,
					MatchEngine:  "ExactMatchEngine",
					MatchRecords: recs,
					Rule:         obj.Name + "_" + rule.Field + "_Match_Rule",
					Size:         len(recs),
					Success:      true,
				})
			}
		}
		if len(res.MatchResults) > 0 {
			e := errorf(http.StatusBadRequest, "DUPLICATES_DETECTED", duplicateMessage)
			e.Duplicate = &res
			return e
		}
	}
	return nil
}
