package sfemu

import (
	"context"
	"fmt"
	"strings"
)

// flsRules holds one kind of field-level security restriction: per
// profile id (15 characters), the fields it applies to. The key
// allProfiles applies to every profile.
type flsRules map[string]map[*Field]bool

// allProfiles is the flsRules key for rules that apply to every profile.
const allProfiles = ""

// add applies the restriction to f for a profile.
func (r *flsRules) add(profile string, f *Field) {
	if *r == nil {
		*r = flsRules{}
	}
	if (*r)[profile] == nil {
		(*r)[profile] = map[*Field]bool{}
	}
	(*r)[profile][f] = true
}

// remove lifts the restriction on f for a profile (every profile for
// allProfiles). A rule for every profile is lifted for one profile by
// restricting the others one by one; profiles lists them all.
func (r *flsRules) remove(profile string, f *Field, profiles []string) {
	if profile == allProfiles {
		for _, set := range *r {
			delete(set, f)
		}
		return
	}
	delete((*r)[profile], f)
	if (*r)[allProfiles][f] {
		delete((*r)[allProfiles], f)
		for _, id := range profiles {
			if id != profile {
				r.add(id, f)
			}
		}
	}
}

// fieldLevel is what field-level security leaves a user of a field.
type fieldLevel uint8

// The levels; the zero value, read and edit, is the default and needs
// no name.
const (
	// fieldReadOnly fields are seen but not set: describe reports them
	// neither createable nor updateable and writes naming them fail.
	fieldReadOnly fieldLevel = iota + 1
	// fieldHidden fields do not exist for the user.
	fieldHidden
)

// fieldAccess is field-level security as one user meets it: the fields
// it restricts and how. A nil fieldAccess restricts nothing.
type fieldAccess map[*Field]fieldLevel

// visible reports whether f can be seen.
func (h fieldAccess) visible(f *Field) bool { return f != nil && h[f] != fieldHidden }

// readOnly reports whether f can be seen but not set.
func (h fieldAccess) readOnly(f *Field) bool { return h[f] == fieldReadOnly }

// accessFor returns the field-level security of a user, nil when it
// restricts nothing. The caller holds o.mu.
func (o *org) accessFor(userID string) fieldAccess {
	profile := ""
	if u := o.byID[userID]; u != nil {
		if pf := u.obj.Field("ProfileId"); pf != nil {
			profile, _ = u.get(pf).(string)
		}
	}
	hidden, readOnly := o.settings.hidden, o.settings.readOnly
	if len(hidden[allProfiles])+len(readOnly[allProfiles]) == 0 &&
		(profile == "" || len(hidden[profile])+len(readOnly[profile]) == 0) {
		return nil
	}
	out := fieldAccess{}
	for _, set := range []map[*Field]bool{readOnly[allProfiles], readOnly[profile]} {
		for f := range set {
			out[f] = fieldReadOnly
		}
	}
	// Hiding wins over read-only.
	for _, set := range []map[*Field]bool{hidden[allProfiles], hidden[profile]} {
		for f := range set {
			out[f] = fieldHidden
		}
	}
	return out
}

// visibleObject returns obj as a user sees it: without hidden fields and
// without child relationships through hidden references.
func (h fieldAccess) visibleObject(obj *Object) *Object {
	if len(h) == 0 {
		return obj
	}
	hides := false
	for _, f := range obj.Fields {
		if h[f] == fieldHidden {
			hides = true
			break
		}
	}
	if !hides {
		return obj
	}
	view := *obj
	view.Fields = make([]*Field, 0, len(obj.Fields))
	for _, f := range obj.Fields {
		if h[f] != fieldHidden {
			view.Fields = append(view.Fields, f)
		}
	}
	return &view
}

// describe renders obj's describe as the user sees it: hidden fields
// left out, read-only ones neither createable nor updateable.
func (h fieldAccess) describe(obj *Object, version string) describeResult {
	view := h.visibleObject(obj)
	d := describeSObject(view, version)
	if len(h) == 0 {
		return d
	}
	for i, f := range view.Fields {
		if h[f] == fieldReadOnly {
			d.Fields[i].Createable = false
			d.Fields[i].Updateable = false
		}
	}
	return d
}

// HideField hides a field by field-level security from users of a
// profile (by name; empty means every profile): it leaves their describe,
// their queries answer INVALID_FIELD for it, and writing it fails.
func (s *Server) HideField(ctx context.Context, object, field, profile string) error {
	return s.fieldSecurity(ctx, object, field, profile, flsHide)
}

// ShowField undoes HideField.
func (s *Server) ShowField(ctx context.Context, object, field, profile string) error {
	return s.fieldSecurity(ctx, object, field, profile, flsShow)
}

// MakeFieldReadOnly turns off field-level security's Edit access to a
// field for users of a profile (by name; empty means every profile),
// leaving Read on: their describe reports the field neither createable
// nor updateable, they still read and query it, and an API create or
// update that sets it fails for that record with
// INVALID_FIELD_FOR_INSERT_UPDATE. A hidden field stays hidden.
func (s *Server) MakeFieldReadOnly(ctx context.Context, object, field, profile string) error {
	return s.fieldSecurity(ctx, object, field, profile, flsReadOnly)
}

// MakeFieldEditable undoes MakeFieldReadOnly.
func (s *Server) MakeFieldEditable(ctx context.Context, object, field, profile string) error {
	return s.fieldSecurity(ctx, object, field, profile, flsEditable)
}

// flsChange is a change of field-level security.
type flsChange uint8

const (
	flsHide flsChange = iota
	flsShow
	flsReadOnly
	flsEditable
)

func (s *Server) fieldSecurity(ctx context.Context, object, field, profile string, change flsChange) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	o := s.org
	o.mu.Lock()
	defer o.mu.Unlock()
	obj := o.object(object)
	if obj == nil {
		return fmt.Errorf("changing field-level security: no object named %q", object)
	}
	f := obj.Field(field)
	if f == nil {
		return fmt.Errorf("changing field-level security: no field %s.%s", obj.Name, field)
	}
	if f.Name == "Id" || (!f.Nillable && f.Createable && !f.DefaultedOnCreate) {
		return fmt.Errorf("changing field-level security: %s.%s is required, so field-level security does not apply to it", obj.Name, f.Name)
	}
	key := allProfiles
	if profile != "" {
		key = o.profileID(profile)
		if key == "" {
			return fmt.Errorf("changing field-level security: no profile named %q", profile)
		}
	}
	switch change {
	case flsHide:
		o.settings.hidden.add(key, f)
	case flsShow:
		o.settings.hidden.remove(key, f, o.profileIDs())
	case flsReadOnly:
		o.settings.readOnly.add(key, f)
	case flsEditable:
		o.settings.readOnly.remove(key, f, o.profileIDs())
	}
	o.touchSchema(obj)
	return nil
}

// profileID finds a profile by name.
func (o *org) profileID(name string) string {
	p := o.object("Profile")
	nf := p.Field("Name")
	for _, r := range o.tables[p].rows {
		if r != nil && !r.deleted && strings.EqualFold(r.get(nf).(string), name) {
			return r.id
		}
	}
	return ""
}

// profileIDs lists every live profile's id.
func (o *org) profileIDs() []string {
	var ids []string
	for _, r := range o.tables[o.object("Profile")].rows {
		if r != nil && !r.deleted {
			ids = append(ids, r.id)
		}
	}
	return ids
}
