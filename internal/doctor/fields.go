package doctor

import (
	"fmt"
	"strings"

	"github.com/sfbridge/sfbridge/internal/mapping"
	"github.com/sfbridge/sfbridge/salesforce"
)

// objectCheck says whether the user may query, create and edit the
// object's records as far as sfbridge needs.
func objectCheck(p *objectPlan, d *salesforce.SObjectDescribe, who string) Check {
	c := Check{ID: CheckObjectAccess, Title: p.object + " object access", Object: p.object}
	var lacks []string
	if p.wantsRead() && !d.Queryable {
		lacks = append(lacks, "Read")
	}
	if p.wantsCreate() && !d.Createable {
		lacks = append(lacks, "Create")
	}
	if p.wantsUpdate() && !d.Updateable {
		lacks = append(lacks, "Edit")
	}
	if len(lacks) == 0 {
		c.Status, c.Message = Pass, fmt.Sprintf("%s can see %s records as sfbridge needs.", who, p.object)
		return c
	}
	c.Status = Fail
	c.Message = fmt.Sprintf("%s lacks %s access to %s records, which sfbridge needs.", who, strings.Join(lacks, " and "), p.object)
	c.Fix = fmt.Sprintf("In Salesforce: Setup > Users > Profiles > %s's profile > Object Settings > %s, grant %s.", who, p.object, strings.Join(lacks, " and "))
	return c
}

// fieldCheck says whether the user can do with one field what sfbridge
// needs: see it, and edit it where sfbridge writes it.
func fieldCheck(object string, d *salesforce.SObjectDescribe, n *need) Check {
	c := Check{ID: CheckFieldAccess, Object: object, Field: n.field, Title: object + "." + n.field + " " + wants(n)}
	why := strings.Join(n.why, "; ")
	f := d.Field(n.field)
	if f == nil {
		c.Status, c.Fix = Fail, fmt.Sprintf("In Salesforce: Object Manager > %s > Fields & Relationships > %s > Set Field-Level Security, make it visible.", object, n.field)
		switch {
		case defaultHidden(object, n.field):
			c.Message = fmt.Sprintf("Salesforce hides the %s field %s from this user (Professional Edition does by default).", object, n.field)
		case strings.HasSuffix(strings.ToLower(n.field), "__c"):
			c.Message = fmt.Sprintf("Salesforce shows this user no %s field %s: field-level security hides it, or it was deleted or renamed (%s).", object, n.field, why)
			c.Fix += " If it was deleted or renamed, map another field."
		default:
			c.Message = fmt.Sprintf("Salesforce hides the %s field %s from this user (%s).", object, n.field, why)
		}
		return c
	}
	c.Field = f.Name
	path := fmt.Sprintf("Object Manager > %s > Fields & Relationships > %s", object, fieldLabel(f))
	switch {
	case n.writes() && f.Calculated:
		c.Status = Fail
		c.Message = fmt.Sprintf("The %s field %s is a formula: Salesforce computes it, so sfbridge cannot write it (%s).", object, f.Name, why)
		c.Fix = "Map it inbound only, or map the app field to another Salesforce field."
	case (n.writes() || n.pending) && !f.Createable && !f.Updateable:
		c.Status = Fail
		if !n.writes() {
			c.Status = Warn
		}
		c.Message = fmt.Sprintf("Salesforce lets this user read but not edit the %s field %s (%s).", object, f.Name, why)
		if !n.writes() {
			c.Message += " Nothing is written yet: the object's create and update directions are inbound; writes will fail once one is both."
		}
		c.Fix = "In Salesforce: " + path + " > Set Field-Level Security, clear Read-Only for the integration user's profile."
	case n.create && !f.Createable:
		c.Status = Fail
		c.Message = fmt.Sprintf("Salesforce does not let this user set the %s field %s when creating a record (%s).", object, f.Name, why)
		c.Fix = "If field-level security makes it read-only, in Salesforce: " + path + " > Set Field-Level Security, clear Read-Only; otherwise set the object's create_direction to inbound, or map the field inbound."
	case n.update && !f.Updateable && n.create && f.Createable:
		// A create-only field (a Note's ParentId): sfbridge sends it on
		// create and leaves it out of updates, which Salesforce refuses.
		c.Status = Warn
		c.Message = fmt.Sprintf("Salesforce lets the %s field %s be set only when a record is created (%s): sfbridge writes it on create, and app changes to it afterwards are not written.", object, f.Name, why)
		c.Fix = "Nothing to do unless the app must change it later; then map the field inbound to make that plain."
	case n.update && !f.Updateable:
		c.Status = Fail
		c.Message = fmt.Sprintf("Salesforce lets this user set the %s field %s only when creating a record, not change it (%s).", object, f.Name, why)
		c.Fix = "Set the object's update_direction to inbound, or map the field inbound."
	default:
		c.Status = Pass
		c.Message = fmt.Sprintf("This user can %s it (%s).", verbs(n), why)
	}
	return c
}

// wants says what sfbridge needs of a field, for titles.
func wants(n *need) string {
	var w []string
	if n.read {
		w = append(w, "readable")
	}
	switch {
	case n.create && n.update:
		w = append(w, "editable")
	case n.create:
		w = append(w, "settable on create")
	case n.update:
		w = append(w, "editable on update")
	}
	if len(w) == 0 {
		return "visible"
	}
	return strings.Join(w, " and ")
}

// verbs says what the user can do with a field that passed.
func verbs(n *need) string {
	switch {
	case n.read && n.writes():
		return "read and edit"
	case n.writes():
		return "edit"
	}
	return "read"
}

// defaultHidden says field-level security hides the field out of the
// box in some editions: Professional Edition hides the Type of tasks and
// events until an admin makes it visible.
func defaultHidden(object, field string) bool {
	return (strings.EqualFold(object, "Task") || strings.EqualFold(object, "Event")) && strings.EqualFold(field, "Type")
}

// fieldLabel names a field as Object Manager lists it.
func fieldLabel(f *salesforce.Field) string {
	if f.Label == "" || strings.EqualFold(f.Label, f.Name) {
		return f.Name
	}
	return fmt.Sprintf("%s (%s)", f.Label, f.Name)
}

// picklistCheck holds an app list field's options against a restricted
// picklist it is written to. ok is false when there is nothing to check:
// the field is hidden (its field check says so), or not a restricted
// picklist.
func picklistCheck(object string, d *salesforce.SObjectDescribe, lm listMapping) (c Check, ok bool) {
	f := d.Field(lm.m.SFField)
	if f == nil || !f.RestrictedPicklist || (f.Type != "picklist" && f.Type != "multipicklist") {
		return Check{}, false
	}
	c = Check{ID: CheckPicklist, Object: object, Field: f.Name,
		Title: fmt.Sprintf("%s.%s has the options of app field %s", object, f.Name, lm.app.Name)}
	var active []salesforce.PicklistValue
	for _, v := range f.PicklistValues {
		if v.Active {
			active = append(active, v)
		}
	}
	_, missing, _ := mapping.MatchOptions(lm.app.Options, active)
	if len(missing) == 0 {
		c.Status = Pass
		c.Message = fmt.Sprintf("Every option of app field %s is a value of the restricted picklist %s.", lm.app.Name, f.Name)
		return c, true
	}
	c.Status = Fail
	c.Message = fmt.Sprintf("The %s field %s is a restricted picklist without the app's %s %s (app field %s): Salesforce refuses records that carry them.",
		object, f.Name, plural(len(missing), "option"), quoteList(missing), lm.app.Name)
	if !lm.writes {
		c.Status = Warn
		c.Message += " Nothing is written yet: the object's create and update directions are inbound."
	}
	c.Fix = fmt.Sprintf("In Salesforce: Object Manager > %s > Fields & Relationships > %s > Values, add %s; or remove %s from the app field's options.",
		object, fieldLabel(f), quoteList(missing), map[bool]string{true: "it", false: "them"}[len(missing) == 1])
	return c, true
}

// plural is noun, with an s unless n is 1.
func plural(n int, noun string) string {
	if n == 1 {
		return noun
	}
	return noun + "s"
}

// quoteList joins values as "a", "b" and "c".
func quoteList(vs []string) string {
	q := make([]string, len(vs))
	for i, v := range vs {
		q[i] = fmt.Sprintf("%q", v)
	}
	if len(q) == 1 {
		return q[0]
	}
	return strings.Join(q[:len(q)-1], ", ") + " and " + q[len(q)-1]
}
