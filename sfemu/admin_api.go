package sfemu

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
)

// adminPrefix is where the emulator's own admin API lives. Salesforce has
// nothing there, so no client can mistake it for the org's API.
const adminPrefix = "/__sfemu"

// newAdminToken returns a random admin API token.
func newAdminToken() string {
	var b [24]byte
	if _, err := rand.Read(b[:]); err != nil {
		panic(err) // crypto/rand never fails on supported platforms
	}
	return "sfemu_admin_" + hex.EncodeToString(b[:])
}

// AdminToken returns the token that guards the admin API under /__sfemu/:
// send it as "Authorization: Bearer <token>".
func (s *Server) AdminToken() string { return s.adminToken }

// adminError is the admin API's error body.
type adminError struct {
	Error string `json:"error"`
}

func (c *call) adminFail(status int, format string, args ...any) {
	c.send(status, adminError{Error: fmt.Sprintf(format, args...)})
}

// adminRoutes lists the admin API for GET /__sfemu, so it documents itself.
var adminRoutes = []string{
	"GET    /__sfemu                                  this list",
	"GET    /__sfemu/faults                           faults in force",
	"POST   /__sfemu/faults                           inject {method, path, times, status, errorCode, message, latencyMs, cut}",
	"DELETE /__sfemu/faults[/{id}]                    clear one fault or all",
	"GET    /__sfemu/settings                         edition, apiEnabled, dailyApiLimit, apiUsage",
	"PATCH  /__sfemu/settings                         change {apiEnabled, dailyApiLimit, apiUsage}",
	"POST   /__sfemu/fields/hide                      hide {object, field, profile} by field-level security",
	"POST   /__sfemu/fields/show                      undo a hide",
	"POST   /__sfemu/fields/read-only                 make {object, field, profile} read-only by field-level security",
	"POST   /__sfemu/fields/editable                  undo a read-only",
	"GET    /__sfemu/validation-rules                 validation rules in force",
	"POST   /__sfemu/validation-rules                 add {object, name, errorCondition (a SOQL WHERE condition), message, field, active (default true)}",
	"DELETE /__sfemu/validation-rules/{object}/{name} remove a validation rule",
	"GET    /__sfemu/assignment-rules                 Lead and Case assignment rules",
	"POST   /__sfemu/assignment-rules                 add {object (Lead or Case), name, active (default true), entries [{condition (a SOQL WHERE condition), ownerId}]}",
	"DELETE /__sfemu/assignment-rules/{id}            remove an assignment rule",
	"GET    /__sfemu/stats                            requests served by kind, and faults injected",
	"POST   /__sfemu/stats/reset                      zero the request statistics",
	"POST   /__sfemu/custom-fields                    add or change a custom field {FullName, Metadata}",
	"POST   /__sfemu/records/{id}/bump-modstamp       move SystemModstamp without changing data",
	"POST   /__sfemu/users                            add a user {username, password, securityToken, email, firstName, lastName, profile, inactive}",
	"POST   /__sfemu/users/{username}/expire-sessions expire the user's access tokens",
	"POST   /__sfemu/users/{username}/revoke-tokens   revoke the user's refresh and access tokens",
	"POST   /__sfemu/users/{username}/deactivate      deactivate the user",
	"POST   /__sfemu/users/{username}/activate        reactivate the user",
	"POST   /__sfemu/apps                             add a connected app",
}

// admin serves the admin API. path is what follows /__sfemu/.
func (s *Server) admin(c *call, path string) {
	token := bearerToken(c.r)
	if token == "" || subtle.ConstantTimeCompare([]byte(token), []byte(s.adminToken)) != 1 {
		c.adminFail(http.StatusUnauthorized, "the admin API needs the admin token (admin_token in the ready file) as Authorization: Bearer <token>")
		return
	}
	ctx := c.r.Context()
	p := strings.Split(path, "/")
	m := c.r.Method
	switch {
	case path == "" && m == http.MethodGet:
		c.send(http.StatusOK, map[string]any{"routes": adminRoutes})
	case p[0] == "faults":
		s.adminFaults(c, p[1:])
	case path == "settings" && m == http.MethodGet:
		c.send(http.StatusOK, s.adminSettings())
	case path == "settings" && m == http.MethodPatch:
		s.adminPatchSettings(ctx, c)
	case len(p) == 2 && p[0] == "fields" && m == http.MethodPost:
		s.adminFieldSecurity(ctx, c, p[1])
	case p[0] == "validation-rules":
		s.adminValidationRules(ctx, c, p[1:])
	case p[0] == "assignment-rules":
		s.adminAssignmentRules(ctx, c, p[1:])
	case path == "stats" && m == http.MethodGet:
		c.send(http.StatusOK, s.Stats())
	case path == "stats/reset" && m == http.MethodPost:
		s.ResetStats()
		c.noContent()
	case path == "custom-fields" && m == http.MethodPost:
		var body SchemaDefinition
		if !c.adminDecode(&body) {
			return
		}
		id, created, err := s.PutCustomField(ctx, body.FullName, body.Metadata)
		status := http.StatusOK
		if created {
			status = http.StatusCreated
		}
		c.adminResult(status, map[string]any{"id": id, "created": created}, err)
	case len(p) == 3 && p[0] == "records" && p[2] == "bump-modstamp" && m == http.MethodPost:
		stamp, err := s.BumpSystemModstamp(ctx, p[1])
		c.adminResult(http.StatusOK, map[string]any{"id": p[1], "SystemModstamp": stamp}, err)
	default:
		if !s.adminAccounts(ctx, c, p) {
			c.adminFail(http.StatusNotFound, "no admin route %s %s; GET /__sfemu lists them", m, adminPrefix+"/"+path)
		}
	}
}

// adminFieldSecurity serves POST /__sfemu/fields/{hide,show,read-only,editable}.
func (s *Server) adminFieldSecurity(ctx context.Context, c *call, action string) {
	var change flsChange
	switch action {
	case "hide":
		change = flsHide
	case "show":
		change = flsShow
	case "read-only":
		change = flsReadOnly
	case "editable":
		change = flsEditable
	default:
		c.adminFail(http.StatusNotFound, "no admin route POST %s/fields/%s; GET /__sfemu lists them", adminPrefix, action)
		return
	}
	var body struct{ Object, Field, Profile string }
	if !c.adminDecode(&body) {
		return
	}
	err := s.fieldSecurity(ctx, body.Object, body.Field, body.Profile, change)
	out := map[string]any{"object": body.Object, "field": body.Field}
	switch change {
	case flsHide, flsShow:
		out["hidden"] = change == flsHide
	default:
		out["readOnly"] = change == flsReadOnly
	}
	c.adminResult(http.StatusOK, out, err)
}

// adminValidationRules serves /__sfemu/validation-rules[/{object}/{name}].
func (s *Server) adminValidationRules(ctx context.Context, c *call, p []string) {
	switch {
	case len(p) == 0 && c.r.Method == http.MethodGet:
		c.send(http.StatusOK, map[string]any{"validationRules": s.ValidationRules()})
	case len(p) == 0 && c.r.Method == http.MethodPost:
		// Active defaults to true here, as a new rule's does in Setup.
		var body struct {
			ValidationRule
			Active *bool `json:"active"`
		}
		if !c.adminDecode(&body) {
			return
		}
		rule := body.ValidationRule
		rule.Active = body.Active == nil || *body.Active
		err := s.AddValidationRule(ctx, rule)
		c.adminResult(http.StatusCreated, map[string]any{"object": rule.Object, "name": rule.Name, "active": rule.Active}, err)
	case len(p) == 2 && c.r.Method == http.MethodDelete:
		if err := s.RemoveValidationRule(ctx, p[0], p[1]); err != nil {
			c.adminResult(0, nil, err)
			return
		}
		c.noContent()
	default:
		c.adminFail(http.StatusMethodNotAllowed, "%s is not allowed here", c.r.Method)
	}
}

// adminDecode reads a JSON body, answering 400 itself on failure.
func (c *call) adminDecode(v any) bool {
	dec := json.NewDecoder(http.MaxBytesReader(c.w, c.r.Body, 1<<20))
	dec.UseNumber()
	if err := dec.Decode(v); err != nil {
		c.adminFail(http.StatusBadRequest, "reading the request body: %v", err)
		return false
	}
	return true
}

// adminResult answers v, or the error as 400 (404 for unknown things).
func (c *call) adminResult(status int, v any, err error) {
	if err != nil {
		var notFound *notFoundError
		if errors.As(err, &notFound) {
			c.adminFail(http.StatusNotFound, "%v", err)
			return
		}
		c.adminFail(http.StatusBadRequest, "%v", err)
		return
	}
	c.send(status, v)
}

// notFoundError says the thing an admin call names does not exist.
type notFoundError struct{ what string }

func (e *notFoundError) Error() string { return e.what + " does not exist" }

func (s *Server) adminFaults(c *call, p []string) {
	switch {
	case len(p) == 0 && c.r.Method == http.MethodGet:
		c.send(http.StatusOK, map[string]any{"faults": s.Faults()})
	case len(p) == 0 && c.r.Method == http.MethodPost:
		var f Fault
		if !c.adminDecode(&f) {
			return
		}
		id, err := s.InjectFault(c.r.Context(), f)
		c.adminResult(http.StatusCreated, map[string]any{"id": id}, err)
	case len(p) <= 1 && c.r.Method == http.MethodDelete:
		id := ""
		if len(p) == 1 {
			id = p[0]
		}
		if !s.ClearFaults(id) && id != "" {
			c.adminFail(http.StatusNotFound, "no fault %s", id)
			return
		}
		c.noContent()
	default:
		c.adminFail(http.StatusMethodNotAllowed, "%s is not allowed here", c.r.Method)
	}
}

// adminSettingsBody is the settings resource.
type adminSettingsBody struct {
	Edition       Edition `json:"edition"`
	APIEnabled    *bool   `json:"apiEnabled,omitempty"`
	DailyAPILimit *int    `json:"dailyApiLimit,omitempty"`
	APIUsage      *int    `json:"apiUsage,omitempty"`
}

func (s *Server) adminSettings() adminSettingsBody {
	s.org.mu.RLock()
	enabled, edition := s.org.settings.apiEnabled, s.org.settings.edition
	s.org.mu.RUnlock()
	used, max := s.org.limits.usage()
	return adminSettingsBody{Edition: edition, APIEnabled: &enabled, DailyAPILimit: &max, APIUsage: &used}
}

func (s *Server) adminPatchSettings(ctx context.Context, c *call) {
	var body adminSettingsBody
	if !c.adminDecode(&body) {
		return
	}
	if body.Edition != "" {
		c.adminFail(http.StatusBadRequest, "the edition is fixed when the org starts (--edition)")
		return
	}
	var err error
	if body.APIEnabled != nil {
		err = errors.Join(err, s.SetAPIEnabled(ctx, *body.APIEnabled))
	}
	if body.DailyAPILimit != nil {
		err = errors.Join(err, s.SetDailyAPILimit(ctx, *body.DailyAPILimit))
	}
	if body.APIUsage != nil {
		err = errors.Join(err, s.SetAPIUsage(ctx, *body.APIUsage))
	}
	c.adminResult(http.StatusOK, s.adminSettings(), err)
}

// PutCustomField adds a custom field, or changes it when it exists (new
// label, length, picklist values), as a Tooling API create or PATCH would.
// It returns the CustomField id and whether the field was created.
func (s *Server) PutCustomField(ctx context.Context, fullName string, metadata map[string]any) (string, bool, error) {
	if err := ctx.Err(); err != nil {
		return "", false, err
	}
	o := s.org
	o.mu.Lock()
	defer o.mu.Unlock()
	for id, tf := range o.toolingFields {
		if strings.EqualFold(tf.object.Name+"."+tf.field.Name, fullName) {
			if err := o.updateCustomField(id, metadata); err != nil {
				return "", false, err
			}
			return id18(id), false, nil
		}
	}
	r, err := o.createCustomField(fullName, metadata, o.adminID)
	if err != nil {
		return "", false, err
	}
	return id18(r.id), true, nil
}

// BumpSystemModstamp moves a record's SystemModstamp to now without
// changing its data, as Salesforce's background jobs do. It returns the
// new SystemModstamp.
func (s *Server) BumpSystemModstamp(ctx context.Context, id string) (string, error) {
	if err := ctx.Err(); err != nil {
		return "", err
	}
	o := s.org
	o.mu.Lock()
	defer o.mu.Unlock()
	cur := o.lookup(id)
	if cur == nil {
		return "", &notFoundError{what: "record " + id}
	}
	stamp := cur.obj.Field("SystemModstamp")
	if stamp == nil {
		return "", fmt.Errorf("bumping SystemModstamp: %s has none", cur.obj.Name)
	}
	now := toDateTime(o.now())
	if prev, ok := cur.get(stamp).(dateTime); ok && now <= prev {
		now = prev + 1 // it must move, even on a frozen test clock
	}
	next := cur.clone()
	next.set(stamp, now)
	t := o.begin()
	t.put(next)
	return now.String(), nil
}
