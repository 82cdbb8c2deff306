package sfemu

import (
	"strings"

	"github.com/sfbridge/sfbridge/internal/soql"
)

// queryPlan is a compiled SELECT.
type queryPlan struct {
	obj    *Object
	filter predicate
	// cols is the projection of a record query.
	cols []*column
	// agg is set for aggregate queries (GROUP BY or aggregate functions).
	agg *aggPlan
	// countOnly is SELECT COUNT() FROM ...
	countOnly bool
	order     []orderKey
	limit     int // -1 none
	offset    int
	// columnMeta describes the select list for `columns=true`.
	columnMeta columnsAnswer
}

// column is one entry of a record projection: a field, a parent
// relationship with its own columns, or a child subquery.
type column struct {
	name  string
	field *Field
	// rel: the reference field whose relationship this column renders,
	// with the columns to render for each possible target object.
	rel     *Field
	relCols map[*Object][]*column
	child   *childPlan
}

// childPlan is a compiled child relationship subquery.
type childPlan struct {
	plan  *queryPlan
	field *Field // the child's reference field to the parent
}

// orderKey is one compiled ORDER BY key.
type orderKey struct {
	get       getter
	cmp       func(a, b any) int
	desc      bool
	nullsLast bool
	// fold marks case-insensitive text keys, which sorting lower-cases once.
	fold bool
	// aggIndex >= 0 sorts aggregate rows by that output column.
	aggIndex int
}

// compileQuery compiles a top-level or child query against obj.
func (c *compiler) compileQuery(obj *Object, q *soql.Query, child bool) (*queryPlan, *Error) {
	p := &queryPlan{obj: obj, limit: q.Limit, offset: q.Offset}
	if p.offset < 0 {
		p.offset = 0
	}
	var err *Error
	if p.filter, err = c.compileWhere(obj, q.Where); err != nil {
		return nil, err
	}

	isAgg := len(q.GroupBy) > 0
	for _, it := range q.Select {
		switch it := it.(type) {
		case *soql.AggregateItem:
			isAgg = true
		case *soql.CountItem:
			if len(q.Select) != 1 {
				return nil, c.queryError("MALFORMED_QUERY", it.Pos, "COUNT() must be the only element in the SELECT list")
			}
			p.countOnly = true
		}
	}
	switch {
	case p.countOnly:
		if len(q.GroupBy) > 0 {
			return nil, c.queryError("MALFORMED_QUERY", 0, "COUNT() cannot be used with GROUP BY; use COUNT(fieldName)")
		}
	case isAgg:
		if child {
			return nil, c.queryError("MALFORMED_QUERY", 0, "aggregate functions are not supported in a child relationship subquery")
		}
		if p.agg, err = c.compileAggregate(obj, q); err != nil {
			return nil, err
		}
	default:
		if p.cols, err = c.compileColumns(obj, q, child); err != nil {
			return nil, err
		}
		if q.Having != nil {
			return nil, c.queryError("MALFORMED_QUERY", 0, "HAVING needs GROUP BY or an aggregate function")
		}
	}

	for _, ob := range q.OrderBy {
		if p.agg != nil {
			k, err := c.aggOrderKey(obj, p.agg, ob)
			if err != nil {
				return nil, err
			}
			p.order = append(p.order, k)
			continue
		}
		if ob.Agg != nil {
			return nil, c.queryError("MALFORMED_QUERY", ob.Agg.Pos, "ORDER BY on an aggregate needs GROUP BY")
		}
		rp, err := c.resolve(obj, ob.Field, 0)
		if err != nil {
			return nil, err
		}
		if !rp.field.Sortable {
			return nil, c.queryError("INVALID_FIELD", 0, "field '%s' can not be sorted in a query call", rp.field.Name)
		}
		k := kindOf(rp.field)
		p.order = append(p.order, orderKey{get: rp.get, cmp: comparator(k), desc: ob.Desc, nullsLast: ob.NullsLast, fold: k == kindText || k == kindMulti, aggIndex: -1})
	}
	return p, nil
}

// compileColumns builds the projection of a record query.
func (c *compiler) compileColumns(obj *Object, q *soql.Query, child bool) ([]*column, *Error) {
	var cols []*column
	seen := map[string]*column{}
	add := func(col *column) {
		key := strings.ToLower(col.name)
		if prev, ok := seen[key]; ok {
			if prev.rel != nil && col.rel != nil {
				for t, sub := range col.relCols {
					prev.relCols[t] = mergeColumns(prev.relCols[t], sub)
				}
			}
			return
		}
		seen[key] = col
		cols = append(cols, col)
	}
	for _, it := range q.Select {
		switch x := it.(type) {
		case *soql.FieldItem:
			col, err := c.pathColumn(obj, c.stripAlias(obj, x.Path), x.Pos, strings.Join(x.Path, "."))
			if err != nil {
				return nil, err
			}
			add(col)
		case *soql.FieldsItem:
			if x.Kind != "STANDARD" && (q.Limit < 0 || q.Limit > 200) && !child {
				return nil, c.queryError("MALFORMED_QUERY", x.Pos, "The SOQL FIELDS function must have a LIMIT of at most 200")
			}
			for _, f := range obj.Fields {
				if x.Kind == "CUSTOM" && !f.Custom || x.Kind == "STANDARD" && f.Custom || !c.access.visible(f) {
					continue
				}
				add(&column{name: f.Name, field: f})
			}
		case *soql.SubqueryItem:
			if child {
				return nil, c.queryError("MALFORMED_QUERY", x.Pos, "Nesting of semi join sub-selects or child relationships is not supported")
			}
			col, err := c.childColumn(obj, x)
			if err != nil {
				return nil, err
			}
			add(col)
		default:
			return nil, c.queryError("MALFORMED_QUERY", 0, "unsupported select item")
		}
	}
	return cols, nil
}

// mergeColumns merges relationship columns selected through several paths
// (Owner.Name, Owner.Email) into one nested object.
func mergeColumns(into, add []*column) []*column {
	for _, a := range add {
		merged := false
		for _, b := range into {
			if strings.EqualFold(a.name, b.name) {
				if a.rel != nil && b.rel != nil {
					for t, sub := range a.relCols {
						b.relCols[t] = mergeColumns(b.relCols[t], sub)
					}
				}
				merged = true
				break
			}
		}
		if !merged {
			into = append(into, a)
		}
	}
	return into
}

// pathColumn compiles one selected field path into a column.
func (c *compiler) pathColumn(obj *Object, path []string, pos int, full string) (*column, *Error) {
	if len(path) == 1 {
		f := c.field(obj, path[0])
		if f == nil {
			return nil, c.noSuchColumn(pos, full, obj)
		}
		return &column{name: f.Name, field: f}, nil
	}
	if len(path) > 6 {
		return nil, c.queryError("MALFORMED_QUERY", pos, "SOQL statements cannot query more than 5 levels of relationships")
	}
	ref := c.relationship(obj, path[0])
	if ref == nil {
		// Reuse resolve's wording for a bad relationship.
		_, err := c.resolveFrom(obj, path, pos, full)
		return nil, err
	}
	col := &column{name: ref.RelationshipName, rel: ref, relCols: map[*Object][]*column{}}
	var firstErr *Error
	for _, name := range ref.ReferenceTo {
		t := c.o.object(name)
		if t == nil {
			continue
		}
		sub, err := c.pathColumn(t, path[1:], pos, full)
		if err != nil {
			if firstErr == nil {
				firstErr = err
			}
			continue
		}
		col.relCols[t] = []*column{sub}
	}
	if len(col.relCols) == 0 {
		return nil, firstErr
	}
	return col, nil
}

// childColumn compiles a child relationship subquery.
func (c *compiler) childColumn(obj *Object, it *soql.SubqueryItem) (*column, *Error) {
	var rel *ChildRelationship
	for i, cr := range obj.ChildRelationships() {
		if strings.EqualFold(cr.RelationshipName, it.Query.From) {
			rel = &obj.ChildRelationships()[i]
			break
		}
	}
	if rel == nil {
		return nil, c.queryError("INVALID_TYPE", it.Pos,
			"Didn't understand relationship '%s' in FROM part of query call. If you are attempting to use a custom relationship, be sure to append the '__r' after the custom relationship name. Please reference your WSDL or the describe call for the appropriate names.", it.Query.From)
	}
	childObj := c.o.object(rel.ChildSObject)
	if childObj == nil {
		return nil, c.queryError("INVALID_TYPE", it.Pos, "sObject type '%s' is not supported.", rel.ChildSObject)
	}
	sub := *c
	sub.alias = it.Query.Alias
	plan, err := sub.compileQuery(childObj, it.Query, true)
	if err != nil {
		return nil, err
	}
	ref := c.field(childObj, rel.Field)
	if ref == nil {
		return nil, c.queryError("INVALID_TYPE", it.Pos, "Didn't understand relationship '%s' in FROM part of query call.", it.Query.From)
	}
	return &column{name: rel.RelationshipName, child: &childPlan{plan: plan, field: ref}}, nil
}

// semiJoin evaluates `IN (SELECT f FROM X ...)` to the set of f's values.
func (c *compiler) semiJoin(q *soql.Query, pos int) (map[string]struct{}, *Error) {
	obj := c.o.object(q.From)
	if obj == nil {
		return nil, c.queryError("INVALID_TYPE", pos, "sObject type '%s' is not supported.", q.From)
	}
	if len(q.Select) != 1 {
		return nil, c.queryError("MALFORMED_QUERY", pos, "a semi-join subquery must select exactly one field")
	}
	fi, ok := q.Select[0].(*soql.FieldItem)
	if !ok {
		return nil, c.queryError("MALFORMED_QUERY", pos, "a semi-join subquery must select an Id or reference field")
	}
	sub := *c
	sub.alias = q.Alias
	rp, err := sub.resolve(obj, fi.Path, fi.Pos)
	if err != nil {
		return nil, err
	}
	if k := kindOf(rp.field); k != kindID {
		return nil, c.queryError("INVALID_FIELD", fi.Pos, "semi-join subquery field must be an Id or reference field: %s", rp.field.Name)
	}
	filter, err := sub.compileWhere(obj, q.Where)
	if err != nil {
		return nil, err
	}
	set := map[string]struct{}{}
	for _, r := range c.o.tables[obj].rows {
		if r == nil || r.deleted || (filter != nil && !filter(r)) {
			continue
		}
		if v, ok := rp.get(r).(string); ok {
			set[v] = struct{}{}
		}
	}
	return set, nil
}
