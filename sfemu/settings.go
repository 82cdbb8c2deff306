package sfemu

import (
	"context"
	"fmt"
	"net/http"
	"strings"
)

// Edition is a Salesforce edition. It sets the default daily API
// allocation and what field-level security hides out of the box.
type Edition string

// The editions the emulator models.
const (
	EditionDeveloper    Edition = "Developer"
	EditionProfessional Edition = "Professional"
	EditionEnterprise   Edition = "Enterprise"
)

// dailyAPIRequests is each edition's default allocation per 24 hours
// (Enterprise's is 100,000 plus per-license extras; the emulator has no
// licenses).
func (e Edition) dailyAPIRequests() int {
	if e == EditionEnterprise {
		return 100_000
	}
	return defaultDailyAPIRequests
}

// organizationType is the Organization row's OrganizationType.
func (e Edition) organizationType() string {
	return string(e) + " Edition"
}

func parseEdition(s string) (Edition, error) {
	switch {
	case s == "":
		return EditionDeveloper, nil
	case strings.EqualFold(s, "developer"):
		return EditionDeveloper, nil
	case strings.EqualFold(s, "professional"):
		return EditionProfessional, nil
	case strings.EqualFold(s, "enterprise"):
		return EditionEnterprise, nil
	}
	return "", fmt.Errorf("unknown edition %q: use Developer, Professional or Enterprise", s)
}

// settings are the org-wide switches the admin API and Go API change.
// They are guarded by the org's mu.
type settings struct {
	edition    Edition
	apiEnabled bool
	// hidden holds field-level security: per profile id (15 characters),
	// the fields users of that profile cannot see. The key "" applies to
	// every profile.
	hidden map[string]map[*Field]bool
}

// allProfiles is the hidden-map key for rules that apply to every profile.
const allProfiles = ""

// applyEdition sets what an edition changes out of the box: in
// Professional Edition, field-level security hides Task.Type (and
// Event.Type) until an admin makes it visible.
func (o *org) applyEdition(e Edition) {
	o.settings.edition = e
	o.limits.setMax(e.dailyAPIRequests())
	if e == EditionProfessional {
		for _, name := range []string{"Task", "Event"} {
			if obj := o.object(name); obj != nil {
				if f := obj.Field("Type"); f != nil {
					o.hide(allProfiles, f)
				}
			}
		}
	}
}

func (o *org) hide(profile string, f *Field) {
	if o.settings.hidden == nil {
		o.settings.hidden = map[string]map[*Field]bool{}
	}
	if o.settings.hidden[profile] == nil {
		o.settings.hidden[profile] = map[*Field]bool{}
	}
	o.settings.hidden[profile][f] = true
}

func (o *org) show(profile string, f *Field) {
	if profile == allProfiles {
		for _, set := range o.settings.hidden {
			delete(set, f)
		}
		return
	}
	delete(o.settings.hidden[profile], f)
	// A rule for every profile is lifted for this one by hiding it from
	// the others only.
	if o.settings.hidden[allProfiles][f] {
		delete(o.settings.hidden[allProfiles], f)
		for _, id := range o.profileIDs() {
			if id != profile {
				o.hide(id, f)
			}
		}
	}
}

func (o *org) profileIDs() []string {
	var ids []string
	for _, r := range o.tables[o.object("Profile")].rows {
		if r != nil && !r.deleted {
			ids = append(ids, r.id)
		}
	}
	return ids
}

// fieldAccess answers whether a user can see a field.
type fieldAccess map[*Field]bool

// visible reports whether f can be seen; a nil fieldAccess sees all.
func (h fieldAccess) visible(f *Field) bool { return f != nil && !h[f] }

// accessFor returns the fields hidden from a user, nil when none are.
// The caller holds o.mu.
func (o *org) accessFor(userID string) fieldAccess {
	all := o.settings.hidden[allProfiles]
	var mine map[*Field]bool
	if u := o.byID[userID]; u != nil {
		if pf := u.obj.Field("ProfileId"); pf != nil {
			if pid, ok := u.get(pf).(string); ok {
				mine = o.settings.hidden[pid]
			}
		}
	}
	if len(all) == 0 && len(mine) == 0 {
		return nil
	}
	out := make(fieldAccess, len(all)+len(mine))
	for f := range all {
		out[f] = true
	}
	for f := range mine {
		out[f] = true
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
		if h[f] {
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
		if !h[f] {
			view.Fields = append(view.Fields, f)
		}
	}
	return &view
}

// errAPIDisabled is what every API call answers while the API is off.
func errAPIDisabled() *Error {
	return errorf(http.StatusForbidden, "API_DISABLED_FOR_ORG", "The REST API is not enabled for this Organization.")
}

// errRequestLimit is what every API call answers over the daily limit.
func errRequestLimit() *Error {
	return errorf(http.StatusForbidden, "REQUEST_LIMIT_EXCEEDED", "TotalRequests Limit exceeded.")
}

// SetAPIEnabled turns the org's API on or off. While off, every API call
// answers 403 API_DISABLED_FOR_ORG.
func (s *Server) SetAPIEnabled(ctx context.Context, enabled bool) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	s.org.mu.Lock()
	defer s.org.mu.Unlock()
	s.org.settings.apiEnabled = enabled
	return nil
}

// SetDailyAPILimit sets the daily API allocation; calls over it answer
// 403 REQUEST_LIMIT_EXCEEDED.
func (s *Server) SetDailyAPILimit(ctx context.Context, max int) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if max < 0 {
		return fmt.Errorf("setting the daily API limit: %d is negative", max)
	}
	s.org.limits.setMax(max)
	return nil
}

// SetAPIUsage sets how many API calls the last 24 hours count, e.g. to
// start a test just under the limit.
func (s *Server) SetAPIUsage(ctx context.Context, used int) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if used < 0 {
		return fmt.Errorf("setting API usage: %d is negative", used)
	}
	s.org.limits.setUsed(used)
	return nil
}

// HideField hides a field by field-level security from users of a
// profile (by name; empty means every profile): it leaves their describe,
// their queries answer INVALID_FIELD for it, and writing it fails.
func (s *Server) HideField(ctx context.Context, object, field, profile string) error {
	return s.fieldSecurity(ctx, object, field, profile, true)
}

// ShowField undoes HideField.
func (s *Server) ShowField(ctx context.Context, object, field, profile string) error {
	return s.fieldSecurity(ctx, object, field, profile, false)
}

func (s *Server) fieldSecurity(ctx context.Context, object, field, profile string, hide bool) error {
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
		return fmt.Errorf("changing field-level security: %s.%s is required and cannot be hidden", obj.Name, f.Name)
	}
	key := allProfiles
	if profile != "" {
		key = o.profileID(profile)
		if key == "" {
			return fmt.Errorf("changing field-level security: no profile named %q", profile)
		}
	}
	if hide {
		o.hide(key, f)
	} else {
		o.show(key, f)
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
