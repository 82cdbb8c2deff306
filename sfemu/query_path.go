package sfemu

import (
	"strings"

	"github.com/sfbridge/sfbridge/internal/soql"
)

// getter reads one value, possibly through parent relationships, from a
// record. It returns nil for null, or when a parent on the path is null.
type getter func(r *record) any

// resolvedPath is a compiled field path: the final field (its type
// decides comparisons and rendering) and how to read it.
type resolvedPath struct {
	field *Field
	get   getter
	// name is the last path element in schema spelling.
	name string
}

// compiler turns a parsed query into a plan against the org's schema. It
// runs under the org's read lock.
type compiler struct {
	o     *org
	text  string // the query text, for error messages
	alias string
	// access hides fields by field-level security (read-only fields are
	// queried as usual); nil sees everything.
	access fieldAccess
}

// field finds a field the querying user can see.
func (c *compiler) field(obj *Object, name string) *Field {
	if f := obj.Field(name); c.access.visible(f) {
		return f
	}
	return nil
}

// relationship finds a reference the querying user can see by its
// relationship name.
func (c *compiler) relationship(obj *Object, name string) *Field {
	if f := obj.Relationship(name); c.access.visible(f) {
		return f
	}
	return nil
}

// queryError builds an error that echoes the query with a caret at pos,
// as Salesforce's SOQL errors do.
func (c *compiler) queryError(code string, pos int, format string, args ...any) *Error {
	se := soql.Errorf(code, pos, c.text, format, args...)
	return &Error{Status: 400, Code: se.Code, Message: se.Message}
}

func (c *compiler) noSuchColumn(pos int, name string, obj *Object) *Error {
	return c.queryError("INVALID_FIELD", pos,
		"No such column '%s' on entity '%s'. If you are attempting to use a custom field, be sure to append the '__c' after the custom field name. Please reference your WSDL or the describe call for the appropriate names.",
		name, obj.Name)
}

// stripAlias drops a leading alias (or the object's own name) from a path.
func (c *compiler) stripAlias(obj *Object, path soql.FieldPath) soql.FieldPath {
	if len(path) > 1 {
		if c.alias != "" && strings.EqualFold(path[0], c.alias) {
			return path[1:]
		}
		if strings.EqualFold(path[0], obj.Name) && c.relationship(obj, path[0]) == nil {
			return path[1:]
		}
	}
	return path
}

// resolve compiles a field path starting at obj.
func (c *compiler) resolve(obj *Object, path soql.FieldPath, pos int) (*resolvedPath, *Error) {
	path = c.stripAlias(obj, path)
	if len(path) > 6 {
		return nil, c.queryError("MALFORMED_QUERY", pos, "SOQL statements cannot query more than 5 levels of relationships")
	}
	return c.resolveFrom(obj, path, pos, strings.Join(path, "."))
}

func (c *compiler) resolveFrom(obj *Object, path []string, pos int, full string) (*resolvedPath, *Error) {
	if len(path) == 1 {
		f := c.field(obj, path[0])
		if f == nil {
			return nil, c.noSuchColumn(pos, full, obj)
		}
		if f.slot >= 0 {
			slot := f.slot
			return &resolvedPath{field: f, name: f.Name, get: func(r *record) any {
				if slot < len(r.vals) {
					return r.vals[slot]
				}
				return nil
			}}, nil
		}
		return &resolvedPath{field: f, name: f.Name, get: func(r *record) any { return r.get(f) }}, nil
	}
	ref := c.relationship(obj, path[0])
	if ref == nil {
		if f := c.field(obj, path[0]); f != nil && f.Type == TypeReference {
			return nil, c.queryError("INVALID_FIELD", pos,
				"%s\n%s is not a relationship. If you are attempting to use a relationship, be sure to use the __r suffix on the relationship name.", full, path[0])
		}
		return nil, c.queryError("INVALID_FIELD", pos,
			"Didn't understand relationship '%s' in field path. If you are attempting to use a custom relationship, be sure to append the '__r' after the custom relationship name. Please reference your WSDL or the describe call for the appropriate names.", path[0])
	}
	targets := map[*Object]*resolvedPath{}
	var first *resolvedPath
	var firstErr *Error
	for _, name := range ref.ReferenceTo {
		t := c.o.object(name)
		if t == nil {
			continue
		}
		rp, err := c.resolveFrom(t, path[1:], pos, full)
		if err != nil {
			if firstErr == nil {
				firstErr = err
			}
			continue
		}
		targets[t] = rp
		if first == nil {
			first = rp
		}
	}
	if first == nil {
		if firstErr == nil {
			firstErr = c.noSuchColumn(pos, full, obj)
		}
		return nil, firstErr
	}
	o := c.o
	slot := ref.slot
	var get getter
	if len(targets) == 1 {
		inner := first.get
		get = func(r *record) any {
			id, _ := r.getSlot(slot).(string)
			if id == "" {
				return nil
			}
			p := o.byID[id]
			if p == nil {
				return nil
			}
			return inner(p)
		}
	} else {
		get = func(r *record) any {
			id, _ := r.getSlot(slot).(string)
			if id == "" {
				return nil
			}
			p := o.byID[id]
			if p == nil {
				return nil
			}
			if rp := targets[p.obj]; rp != nil {
				return rp.get(p)
			}
			return nil
		}
	}
	return &resolvedPath{field: first.field, name: first.name, get: get}, nil
}
