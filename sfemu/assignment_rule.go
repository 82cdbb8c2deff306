package sfemu

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"time"
)

// AssignmentRule is a Lead or Case assignment rule: on an API save of a
// record of Object, the first entry whose condition is true for the
// record as saved makes its user the record's owner; when none is, the
// owner stays as the save left it. At most one rule per object is active.
//
// Which rule runs is the Sforce-Auto-Assign request header's choice, as
// in Salesforce's REST API: absent or TRUE (any case) runs the active
// rule, FALSE runs none, and an AssignmentRule id runs that rule, active
// or not. Any other value fails the write with MALFORMED_ID. The header
// covers sObject creates, updates and upserts, sObject Collections, and
// Composite subrequests, which inherit it from their request. System
// writes ([Server.Insert] and seed data) run no rule.
type AssignmentRule struct {
	// ID is the rule's AssignmentRule id (key prefix 01Q), given by
	// [Server.AddAssignmentRule]; leave it empty when adding.
	ID string `json:"id"`
	// Object is Lead or Case.
	Object string `json:"object"`
	// Name is the rule's name, unique per object.
	Name string `json:"name"`
	// Active marks the object's default rule. Adding an active rule
	// deactivates the object's other one, as Salesforce does.
	Active bool `json:"active"`
	// Entries are tried in order; the first that matches assigns.
	Entries []AssignmentRuleEntry `json:"entries"`
}

// AssignmentRuleEntry is one step of an [AssignmentRule].
//
// Salesforce writes an entry's criteria as filter rows or a formula; the
// emulator takes a SOQL WHERE condition over the record's fields, as
// [ValidationRule] does:
//
//	LeadSource = 'Web' AND Country = 'US'
//	Priority = 'High' OR Account.Industry = 'Banking'
type AssignmentRuleEntry struct {
	// Condition is the SOQL condition the record must meet; empty
	// matches every record.
	Condition string `json:"condition,omitempty"`
	// OwnerID is the active user the entry assigns the record to.
	OwnerID string `json:"ownerId"`
}

// assignmentRulePrefix is the AssignmentRule key prefix.
const assignmentRulePrefix = "01Q"

// autoAssignHeader is the REST header that picks the assignment rule.
const autoAssignHeader = "Sforce-Auto-Assign"

// assignmentRule is a rule the org holds, with its compiled conditions.
type assignmentRule struct {
	id      string // 15-char
	rule    AssignmentRule
	entries []assignmentEntry
}

type assignmentEntry struct {
	owner string // 15-char user id
	when  ruleCondition
}

// ruleCondition is a SOQL condition compiled for one object. Compiling
// fixes field slots and the date ranges of literals such as TODAY, so it
// is redone when the schema or the day changes.
type ruleCondition struct {
	text       string
	check      predicate
	compiledAt time.Time // o.schemaModified when compiled
	day        string    // the UTC day when compiled
}

// holds reports whether the condition is true for r. An empty condition
// always is; one that no longer compiles (its field was deleted) never
// is. The caller holds o.mu for writing.
func (o *org) holds(c *ruleCondition, r *record) bool {
	if strings.TrimSpace(c.text) == "" {
		return true
	}
	if day := o.today(); !c.compiledAt.Equal(o.schemaModified) || c.day != day {
		check, err := o.compileCondition(r.obj, c.text)
		if err != nil {
			check = nil
		}
		c.check, c.compiledAt, c.day = check, o.schemaModified, day
	}
	return c.check != nil && c.check(r)
}

// autoAssign is what a write's Sforce-Auto-Assign header asks for. The
// zero value runs the active rule, as an absent header does.
type autoAssign struct {
	// off is FALSE: no rule runs.
	off bool
	// ruleID (15-char) names the rule to run, active or not.
	ruleID string
	// err is set when the header is neither TRUE, FALSE nor an
	// AssignmentRule id; every write of the request fails with it.
	err *Error
}

// parseAutoAssign reads a Sforce-Auto-Assign header value. A well-formed
// id of another object's key prefix is as malformed as a bad shape: it
// cannot name an AssignmentRule.
func parseAutoAssign(h string) autoAssign {
	h = strings.TrimSpace(h)
	switch {
	case h == "" || strings.EqualFold(h, "true"):
		return autoAssign{}
	case strings.EqualFold(h, "false"):
		return autoAssign{off: true}
	}
	id15, ok := parseID(h)
	if !ok || id15[:3] != assignmentRulePrefix {
		return autoAssign{err: errorf(http.StatusBadRequest, "MALFORMED_ID",
			"%s: id value of incorrect type: %s", autoAssignHeader, h)}
	}
	return autoAssign{ruleID: id15}
}

// assign runs the rule a write asks for on r, which an API save is
// about to store: the first entry whose condition holds sets OwnerId. A
// rule id naming no rule of r's object runs nothing. The caller holds
// o.mu for writing.
func (o *org) assign(r *record, a autoAssign) {
	owner := r.obj.Field("OwnerId")
	if a.off || owner == nil {
		return
	}
	for _, ar := range o.assignmentRules {
		if !strings.EqualFold(ar.rule.Object, r.obj.Name) {
			continue
		}
		if a.ruleID != "" && ar.id != a.ruleID || a.ruleID == "" && !ar.rule.Active {
			continue
		}
		for i := range ar.entries {
			if e := &ar.entries[i]; o.holds(&e.when, r) {
				r.set(owner, e.owner)
				return
			}
		}
		return
	}
}

// AddAssignmentRule adds an assignment rule and returns its
// 18-character id. It fails, naming the problem, when the object is not
// Lead or Case, the name is taken on that object, a condition does not
// compile or an owner is not an active user.
func (s *Server) AddAssignmentRule(ctx context.Context, rule AssignmentRule) (string, error) {
	if err := ctx.Err(); err != nil {
		return "", err
	}
	o := s.org
	o.mu.Lock()
	defer o.mu.Unlock()
	switch {
	case strings.EqualFold(rule.Object, "Lead"):
		rule.Object = "Lead"
	case strings.EqualFold(rule.Object, "Case"):
		rule.Object = "Case"
	default:
		return "", fmt.Errorf("adding assignment rule %q: the object must be Lead or Case, not %q", rule.Name, rule.Object)
	}
	obj := o.object(rule.Object)
	rule.Name = strings.TrimSpace(rule.Name)
	switch {
	case rule.ID != "":
		return "", fmt.Errorf("adding assignment rule %s.%s: the id is given when the rule is added; leave it empty", rule.Object, rule.Name)
	case rule.Name == "":
		return "", fmt.Errorf("adding an assignment rule on %s: it needs a name", rule.Object)
	}
	for _, ar := range o.assignmentRules {
		if ar.rule.Object == rule.Object && strings.EqualFold(ar.rule.Name, rule.Name) {
			return "", fmt.Errorf("adding assignment rule %s.%s: a rule of that name exists; remove it first", rule.Object, rule.Name)
		}
	}
	ar := &assignmentRule{entries: make([]assignmentEntry, len(rule.Entries))}
	rule.Entries = append([]AssignmentRuleEntry(nil), rule.Entries...)
	for i, e := range rule.Entries {
		owner, ok := parseID(e.OwnerID)
		if !ok || !o.userActive(owner) {
			return "", fmt.Errorf("adding assignment rule %s.%s: entry %d: the owner %q is not an active user", rule.Object, rule.Name, i+1, e.OwnerID)
		}
		when := ruleCondition{text: e.Condition, compiledAt: o.schemaModified, day: o.today()}
		if strings.TrimSpace(e.Condition) != "" {
			check, err := o.compileCondition(obj, e.Condition)
			if err != nil {
				return "", fmt.Errorf("adding assignment rule %s.%s: entry %d: %w", rule.Object, rule.Name, i+1, err)
			}
			when.check = check
		}
		rule.Entries[i].OwnerID = id18(owner)
		ar.entries[i] = assignmentEntry{owner: owner, when: when}
	}
	ar.id = o.ids.next(assignmentRulePrefix)
	rule.ID = id18(ar.id)
	ar.rule = rule
	if err := o.storeAssignmentRule(ar); err != nil {
		return "", fmt.Errorf("adding assignment rule %s.%s: %w", rule.Object, rule.Name, err)
	}
	if rule.Active {
		for _, other := range o.assignmentRules {
			if other.rule.Object == rule.Object && other.rule.Active {
				other.rule.Active = false
				if err := o.storeAssignmentRule(other); err != nil {
					return "", fmt.Errorf("deactivating assignment rule %s.%s: %w", other.rule.Object, other.rule.Name, err)
				}
			}
		}
	}
	o.assignmentRules = append(o.assignmentRules, ar)
	return rule.ID, nil
}

// storeAssignmentRule writes a rule's AssignmentRule record, which is
// what SOQL sees of it. The caller holds o.mu for writing.
func (o *org) storeAssignmentRule(ar *assignmentRule) *Error {
	obj := o.object("AssignmentRule")
	if obj == nil {
		return nil
	}
	fields := map[string]any{"Name": ar.rule.Name, "SobjectType": ar.rule.Object, "Active": ar.rule.Active}
	opt := writeOptions{system: true, userID: o.adminID}
	t := o.begin()
	if o.byID[ar.id] != nil {
		_, err := t.update(obj, ar.id, fields, opt)
		return err
	}
	opt.presetID = ar.id
	_, err := t.create(obj, fields, opt)
	return err
}

// RemoveAssignmentRule removes the assignment rule with that id.
func (s *Server) RemoveAssignmentRule(ctx context.Context, id string) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	o := s.org
	o.mu.Lock()
	defer o.mu.Unlock()
	id15, _ := parseID(id)
	for i, ar := range o.assignmentRules {
		if id15 != "" && ar.id == id15 {
			o.assignmentRules = append(o.assignmentRules[:i], o.assignmentRules[i+1:]...)
			if r := o.byID[id15]; r != nil {
				o.purge(r)
			}
			return nil
		}
	}
	return &notFoundError{what: "assignment rule " + id}
}

// AssignmentRules lists the org's assignment rules in the order they
// were added.
func (s *Server) AssignmentRules() []AssignmentRule {
	o := s.org
	o.mu.RLock()
	defer o.mu.RUnlock()
	out := make([]AssignmentRule, len(o.assignmentRules))
	for i, ar := range o.assignmentRules {
		out[i] = ar.rule
		out[i].Entries = append([]AssignmentRuleEntry{}, ar.rule.Entries...)
	}
	return out
}

// assignmentRuleObject is AssignmentRule, which SOQL reads; rules are
// made in Setup (here [Server.AddAssignmentRule]), never through the
// data API.
func assignmentRuleObject() *Object {
	o := newObject("AssignmentRule", "Assignment Rule", "Assignment Rules", assignmentRulePrefix, false)
	o.dropField("IsDeleted")
	o.add(
		textField("Name", "Name", 120).asName(),
		picklistField("SobjectType", "Sobject Type", true, "Case", "Lead").notNull(),
		boolField("Active", "Active"),
	)
	return readOnlyObject(o)
}

// adminAssignmentRules serves /__sfemu/assignment-rules[/{id}].
func (s *Server) adminAssignmentRules(ctx context.Context, c *call, p []string) {
	switch {
	case len(p) == 0 && c.r.Method == http.MethodGet:
		c.send(http.StatusOK, map[string]any{"assignmentRules": s.AssignmentRules()})
	case len(p) == 0 && c.r.Method == http.MethodPost:
		// Active defaults to true here: a rule is added to be used.
		var body struct {
			AssignmentRule
			Active *bool `json:"active"`
		}
		if !c.adminDecode(&body) {
			return
		}
		rule := body.AssignmentRule
		rule.Active = body.Active == nil || *body.Active
		id, err := s.AddAssignmentRule(ctx, rule)
		if err != nil {
			c.adminResult(0, nil, err)
			return
		}
		for _, r := range s.AssignmentRules() {
			if r.ID == id {
				c.send(http.StatusCreated, r)
				return
			}
		}
		c.send(http.StatusCreated, map[string]any{"id": id})
	case len(p) == 1 && c.r.Method == http.MethodDelete:
		if err := s.RemoveAssignmentRule(ctx, p[0]); err != nil {
			c.adminResult(0, nil, err)
			return
		}
		c.noContent()
	default:
		c.adminFail(http.StatusMethodNotAllowed, "%s is not allowed here", c.r.Method)
	}
}
