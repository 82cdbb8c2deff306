package sfemu

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/sfbridge/sfbridge/internal/soql"
)

// ValidationRule is an org validation rule: an API save of a record of
// Object fails with FIELD_CUSTOM_VALIDATION_EXCEPTION and Message when
// ErrorCondition is true for the record as it would be saved (after the
// request's values are applied). System writes ([Server.Insert] and seed
// data) skip validation rules.
//
// Salesforce writes error conditions as formulas; the emulator takes a
// SOQL WHERE condition over the record's fields instead, with the SOQL
// compiler's operators, literals and parent paths:
//
//	Email = null AND LeadSource = 'Web'
//	Amount < 0
//	Account.Industry = 'Banking' AND MailingCountry != 'US'
type ValidationRule struct {
	// Object is the object whose saves the rule checks.
	Object string `json:"object"`
	// Name is the rule's name, unique per object.
	Name string `json:"name"`
	// ErrorCondition is the SOQL condition that blocks the save when true.
	ErrorCondition string `json:"errorCondition"`
	// Message is the error message.
	Message string `json:"message"`
	// Field is the field the error is shown at, reported in the error's
	// fields; empty reports the error at the top of the page (no fields).
	Field string `json:"field,omitempty"`
	// Active rules run; inactive ones are kept but never fire.
	Active bool `json:"active"`
}

// validationRule is a rule the org holds, with its compiled condition.
type validationRule struct {
	rule ValidationRule
	// check is the compiled condition. Compiling fixes field slots and
	// the date ranges of literals such as TODAY, so it is redone when the
	// schema or the day changes.
	check      predicate
	compiledAt time.Time // o.schemaModified when compiled
	day        string    // the UTC day when compiled
}

// AddValidationRule adds a validation rule. It fails, naming the
// problem, when the object or the error field does not exist, the name
// is taken on that object, or the condition does not compile.
func (s *Server) AddValidationRule(ctx context.Context, rule ValidationRule) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	o := s.org
	o.mu.Lock()
	defer o.mu.Unlock()
	obj := o.object(rule.Object)
	if obj == nil {
		return fmt.Errorf("adding validation rule %q: no object named %q", rule.Name, rule.Object)
	}
	rule.Object = obj.Name
	rule.Name = strings.TrimSpace(rule.Name)
	switch {
	case rule.Name == "":
		return fmt.Errorf("adding a validation rule on %s: it needs a name", obj.Name)
	case strings.TrimSpace(rule.ErrorCondition) == "":
		return fmt.Errorf("adding validation rule %s.%s: it needs an error condition", obj.Name, rule.Name)
	case strings.TrimSpace(rule.Message) == "":
		return fmt.Errorf("adding validation rule %s.%s: it needs an error message", obj.Name, rule.Name)
	}
	if o.validationRule(obj.Name, rule.Name) >= 0 {
		return fmt.Errorf("adding validation rule %s.%s: a rule of that name exists; remove it first", obj.Name, rule.Name)
	}
	if rule.Field != "" {
		f := obj.Field(rule.Field)
		if f == nil {
			return fmt.Errorf("adding validation rule %s.%s: no error field %s.%s", obj.Name, rule.Name, obj.Name, rule.Field)
		}
		rule.Field = f.Name
	}
	check, err := o.compileCondition(obj, rule.ErrorCondition)
	if err != nil {
		return fmt.Errorf("adding validation rule %s.%s: %w", obj.Name, rule.Name, err)
	}
	o.validationRules = append(o.validationRules, &validationRule{
		rule: rule, check: check, compiledAt: o.schemaModified, day: o.today(),
	})
	return nil
}

// RemoveValidationRule removes the named rule from an object.
func (s *Server) RemoveValidationRule(ctx context.Context, object, name string) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	o := s.org
	o.mu.Lock()
	defer o.mu.Unlock()
	i := o.validationRule(object, name)
	if i < 0 {
		return &notFoundError{what: "validation rule " + object + "." + name}
	}
	o.validationRules = append(o.validationRules[:i], o.validationRules[i+1:]...)
	return nil
}

// ValidationRules lists the org's validation rules in the order they
// were added, which is the order they run in.
func (s *Server) ValidationRules() []ValidationRule {
	o := s.org
	o.mu.RLock()
	defer o.mu.RUnlock()
	out := make([]ValidationRule, len(o.validationRules))
	for i, vr := range o.validationRules {
		out[i] = vr.rule
	}
	return out
}

// validationRule returns the index of a rule, case-insensitively, or -1.
func (o *org) validationRule(object, name string) int {
	for i, vr := range o.validationRules {
		if strings.EqualFold(vr.rule.Object, object) && strings.EqualFold(vr.rule.Name, name) {
			return i
		}
	}
	return -1
}

// today is the org clock's UTC day, which date literals are relative to.
func (o *org) today() string { return o.now().UTC().Format(time.DateOnly) }

// compileCondition compiles a SOQL WHERE condition over obj's fields, as
// an unrestricted user sees them. The caller holds o.mu.
func (o *org) compileCondition(obj *Object, condition string) (predicate, error) {
	prefix := "SELECT Id FROM " + obj.Name + " WHERE "
	text := prefix + condition
	q, err := soql.Parse(text)
	if err != nil {
		var se *soql.Error
		if errors.As(err, &se) {
			return nil, conditionError(se.Code, se.Message, len(prefix))
		}
		return nil, fmt.Errorf("the error condition does not parse: %w", err)
	}
	if q.Limit >= 0 || q.Offset >= 0 || len(q.OrderBy) > 0 || len(q.GroupBy) > 0 || q.Having != nil || q.For != "" {
		return nil, errors.New("the error condition must be a WHERE condition alone, without LIMIT, OFFSET, ORDER BY, GROUP BY or FOR")
	}
	if hasSubquery(q.Where) {
		return nil, errors.New("the error condition cannot hold a subquery")
	}
	c := &compiler{o: o, text: text}
	check, cerr := c.compileWhere(obj, q.Where)
	if cerr != nil {
		return nil, conditionError(cerr.Code, cerr.Message, len(prefix))
	}
	return check, nil
}

// conditionError rewords a SOQL error about the wrapping SELECT as one
// about the condition alone: the problem and where in the condition it is.
func conditionError(code, msg string, offset int) error {
	_, rest, ok := strings.Cut(msg, "ERROR at Row:")
	if !ok {
		return fmt.Errorf("the error condition is invalid (%s): %s", code, msg)
	}
	where, problem, _ := strings.Cut(rest, "\n")
	rowText, colText, _ := strings.Cut(where, ":Column:")
	row, err1 := strconv.Atoi(rowText)
	col, err2 := strconv.Atoi(colText)
	switch {
	case err1 != nil || err2 != nil:
	case row == 1 && col > offset:
		return fmt.Errorf("the error condition is invalid at column %d (%s): %s", col-offset, code, problem)
	case row > 1:
		return fmt.Errorf("the error condition is invalid at line %d, column %d (%s): %s", row, col, code, problem)
	}
	return fmt.Errorf("the error condition is invalid (%s): %s", code, problem)
}

// hasSubquery reports whether a condition holds a semi-join, which the
// compiler evaluates once at compile time and so cannot serve a rule.
func hasSubquery(e soql.Expr) bool {
	switch x := e.(type) {
	case *soql.AndExpr:
		return hasSubquery(x.Left) || hasSubquery(x.Right)
	case *soql.OrExpr:
		return hasSubquery(x.Left) || hasSubquery(x.Right)
	case *soql.NotExpr:
		return hasSubquery(x.X)
	case *soql.Comparison:
		_, ok := x.Value.(*soql.SubqueryValue)
		return ok
	}
	return false
}

// checkValidationRules runs the active rules of r's object against r and
// reports every rule that fails, as Salesforce does: the first as the
// error, the rest after it. A rule whose condition no longer compiles
// (its field was deleted) is skipped. The caller holds o.mu for writing.
func (o *org) checkValidationRules(r *record) *Error {
	var first *Error
	for _, vr := range o.validationRules {
		if !vr.rule.Active || !strings.EqualFold(vr.rule.Object, r.obj.Name) {
			continue
		}
		if day := o.today(); !vr.compiledAt.Equal(o.schemaModified) || vr.day != day {
			check, err := o.compileCondition(r.obj, vr.rule.ErrorCondition)
			if err != nil {
				check = nil
			}
			vr.check, vr.compiledAt, vr.day = check, o.schemaModified, day
		}
		if vr.check == nil || !vr.check(r) {
			continue
		}
		e := errorf(http.StatusBadRequest, "FIELD_CUSTOM_VALIDATION_EXCEPTION", "%s", vr.rule.Message)
		e.Fields = []string{}
		if vr.rule.Field != "" {
			e.Fields = []string{vr.rule.Field}
		}
		if first == nil {
			first = e
		} else {
			first.more = append(first.more, e)
		}
	}
	return first
}
