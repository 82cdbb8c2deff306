package soql

import (
	"errors"
	"fmt"
	"strings"
)

// Condition is a WHERE condition built from a field and Go values; see
// [Eq], [In], [And] and the rest.
type Condition interface {
	// write renders the condition; top is true when no parentheses are
	// needed around a group.
	write(s *strings.Builder, top bool) error
}

type comparison struct {
	field, op string
	value     any
	// pattern holds a LIKE pattern already quoted.
	pattern string
}

func (c comparison) write(s *strings.Builder, _ bool) error {
	if err := checkName(c.field); err != nil {
		return err
	}
	s.WriteString(c.field)
	s.WriteByte(' ')
	s.WriteString(c.op)
	s.WriteByte(' ')
	if c.op == "LIKE" {
		s.WriteString(c.pattern)
		return nil
	}
	lit, err := Literal(c.value)
	if err != nil {
		return fmt.Errorf("%s: %w", c.field, err)
	}
	s.WriteString(lit)
	return nil
}

// Eq is field = value; a nil value gives field = null.
func Eq(field string, value any) Condition { return comparison{field: field, op: "=", value: value} }

// NotEq is field != value.
func NotEq(field string, value any) Condition {
	return comparison{field: field, op: "!=", value: value}
}

// Lt is field < value.
func Lt(field string, value any) Condition { return comparison{field: field, op: "<", value: value} }

// Le is field <= value.
func Le(field string, value any) Condition { return comparison{field: field, op: "<=", value: value} }

// Gt is field > value.
func Gt(field string, value any) Condition { return comparison{field: field, op: ">", value: value} }

// Ge is field >= value.
func Ge(field string, value any) Condition { return comparison{field: field, op: ">=", value: value} }

// Contains is field LIKE '%s%', matching s literally (its % and _ are
// escaped).
func Contains(field, s string) Condition {
	q := QuoteLike(s)
	return comparison{field: field, op: "LIKE", pattern: "'%" + q[1:len(q)-1] + "%'"}
}

// StartsWith is field LIKE 's%', matching s literally.
func StartsWith(field, s string) Condition {
	q := QuoteLike(s)
	return comparison{field: field, op: "LIKE", pattern: q[:len(q)-1] + "%'"}
}

type inList struct {
	field  string
	not    bool
	values []any
}

// In is field IN (values...). An empty list is an error at Build, as
// Salesforce refuses IN ().
func In[T any](field string, values ...T) Condition {
	vs := make([]any, len(values))
	for i, v := range values {
		vs[i] = v
	}
	return inList{field: field, values: vs}
}

// NotIn is field NOT IN (values...).
func NotIn[T any](field string, values ...T) Condition {
	c := In(field, values...).(inList)
	c.not = true
	return c
}

func (c inList) write(s *strings.Builder, _ bool) error {
	if err := checkName(c.field); err != nil {
		return err
	}
	if len(c.values) == 0 {
		return fmt.Errorf("soql: %s IN needs at least one value", c.field)
	}
	s.WriteString(c.field)
	if c.not {
		s.WriteString(" NOT IN (")
	} else {
		s.WriteString(" IN (")
	}
	for i, v := range c.values {
		if i > 0 {
			s.WriteString(", ")
		}
		lit, err := Literal(v)
		if err != nil {
			return fmt.Errorf("%s: %w", c.field, err)
		}
		s.WriteString(lit)
	}
	s.WriteByte(')')
	return nil
}

type group struct {
	op    string
	conds []Condition
}

// And joins conditions with AND.
func And(conds ...Condition) Condition { return group{op: "AND", conds: conds} }

// Or joins conditions with OR. SOQL gives AND and OR no precedence, so
// groups are parenthesized whenever they are nested.
func Or(conds ...Condition) Condition { return group{op: "OR", conds: conds} }

func (g group) write(s *strings.Builder, top bool) error {
	if len(g.conds) == 0 {
		return errors.New("soql: an AND or OR group needs at least one condition")
	}
	if len(g.conds) == 1 {
		return g.conds[0].write(s, top)
	}
	if !top {
		s.WriteByte('(')
	}
	for i, c := range g.conds {
		if i > 0 {
			s.WriteString(" " + g.op + " ")
		}
		if err := c.write(s, false); err != nil {
			return err
		}
	}
	if !top {
		s.WriteByte(')')
	}
	return nil
}

type not struct{ c Condition }

// Not negates a condition.
func Not(c Condition) Condition { return not{c} }

func (n not) write(s *strings.Builder, _ bool) error {
	s.WriteString("NOT (")
	if err := n.c.write(s, true); err != nil {
		return err
	}
	s.WriteByte(')')
	return nil
}
