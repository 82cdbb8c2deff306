package soql

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// Builder builds a SELECT statement from parts so that no user value is
// ever pasted into query text: values go through [Literal] and names are
// checked to be plain field paths. The zero Builder is empty; start with
// [Select]. Builder methods return a new Builder and never change the
// receiver, so a base query can be shared.
//
//	q, err := soql.Select("Id", "Name").From("Account").
//		Where(soql.Eq("Name", userInput), soql.Gt("NumberOfEmployees", 10)).
//		OrderBy("Name", soql.Asc).Limit(50).Build()
type Builder struct {
	fields []string
	from   string
	where  []Condition
	order  []orderTerm
	limit  int
	offset int
}

// Direction orders ORDER BY terms.
type Direction int

// The ORDER BY directions.
const (
	Asc Direction = iota
	Desc
)

type orderTerm struct {
	field string
	dir   Direction
}

// ErrInvalidName is returned (wrapped) by [Builder.Build] for an object or
// field name that is not a plain identifier or dotted path.
var ErrInvalidName = errors.New("soql: not a valid field or object name")

// Select starts a query selecting fields. COUNT() is accepted as a field
// for count queries.
func Select(fields ...string) Builder {
	return Builder{fields: append([]string(nil), fields...)}
}

// From sets the object queried.
func (b Builder) From(object string) Builder {
	b.from = object
	return b
}

// Where adds conditions, joined with AND to any added before.
func (b Builder) Where(conds ...Condition) Builder {
	b.where = append(append([]Condition(nil), b.where...), conds...)
	return b
}

// OrderBy adds an ORDER BY term.
func (b Builder) OrderBy(field string, dir Direction) Builder {
	b.order = append(append([]orderTerm(nil), b.order...), orderTerm{field, dir})
	return b
}

// Limit sets LIMIT; 0 means none.
func (b Builder) Limit(n int) Builder {
	b.limit = n
	return b
}

// Offset sets OFFSET; 0 means none.
func (b Builder) Offset(n int) Builder {
	b.offset = n
	return b
}

// Build returns the query text, or an error naming the first bad name or
// value.
func (b Builder) Build() (string, error) {
	if len(b.fields) == 0 {
		return "", errors.New("soql: a query needs at least one field")
	}
	var s strings.Builder
	s.WriteString("SELECT ")
	for i, f := range b.fields {
		if i > 0 {
			s.WriteString(", ")
		}
		if strings.EqualFold(f, "COUNT()") {
			s.WriteString("COUNT()")
			continue
		}
		if err := checkName(f); err != nil {
			return "", err
		}
		s.WriteString(f)
	}
	if err := checkName(b.from); err != nil {
		return "", fmt.Errorf("FROM: %w", err)
	}
	s.WriteString(" FROM ")
	s.WriteString(b.from)
	if len(b.where) > 0 {
		s.WriteString(" WHERE ")
		if err := And(b.where...).write(&s, true); err != nil {
			return "", err
		}
	}
	for i, o := range b.order {
		if err := checkName(o.field); err != nil {
			return "", fmt.Errorf("ORDER BY: %w", err)
		}
		if i == 0 {
			s.WriteString(" ORDER BY ")
		} else {
			s.WriteString(", ")
		}
		s.WriteString(o.field)
		if o.dir == Desc {
			s.WriteString(" DESC")
		} else {
			s.WriteString(" ASC")
		}
	}
	if b.limit < 0 || b.offset < 0 {
		return "", errors.New("soql: LIMIT and OFFSET cannot be negative")
	}
	if b.limit > 0 {
		s.WriteString(" LIMIT ")
		s.WriteString(strconv.Itoa(b.limit))
	}
	if b.offset > 0 {
		s.WriteString(" OFFSET ")
		s.WriteString(strconv.Itoa(b.offset))
	}
	return s.String(), nil
}

// String is Build without the error, for logs; a bad query renders as
// "<invalid: ...>".
func (b Builder) String() string {
	q, err := b.Build()
	if err != nil {
		return "<invalid: " + err.Error() + ">"
	}
	return q
}

// checkName accepts identifiers and dotted paths (Owner.Email).
func checkName(name string) error {
	if name == "" {
		return fmt.Errorf("%w: empty", ErrInvalidName)
	}
	for _, part := range strings.Split(name, ".") {
		if part == "" || !isIdentStart(part[0]) {
			return fmt.Errorf("%w: %q", ErrInvalidName, name)
		}
		for i := 1; i < len(part); i++ {
			if !isIdentPart(part[i]) {
				return fmt.Errorf("%w: %q", ErrInvalidName, name)
			}
		}
	}
	return nil
}
