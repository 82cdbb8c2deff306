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
	// hidden and readOnly hold field-level security: the fields users of
	// a profile cannot see, and those they can see but not edit.
	hidden   flsRules
	readOnly flsRules
}

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
					o.settings.hidden.add(allProfiles, f)
				}
			}
		}
	}
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
