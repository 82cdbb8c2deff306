package sfemu

import (
	"strconv"
	"strings"

	"github.com/sfbridge/sfbridge/internal/soql"
)

// aggPlan is the compiled select list of an aggregate query.
type aggPlan struct {
	groups []*resolvedPath
	outs   []*aggOut
	having func(row []any) bool
}

// aggOut is one output column of an aggregate row: a GROUP BY field or
// an aggregate function. hidden outputs serve HAVING and ORDER BY only.
type aggOut struct {
	name     string
	display  string
	fn       string // COUNT, COUNT_DISTINCT, MIN, MAX, SUM, AVG; "" for a group field
	groupIdx int
	arg      *resolvedPath
	hidden   bool
}

// kind reports how the output compares and renders.
func (a *aggOut) resultField(p *aggPlan) *Field {
	switch a.fn {
	case "":
		return p.groups[a.groupIdx].field
	case "COUNT", "COUNT_DISTINCT":
		return &Field{Type: TypeInt, slot: -1}
	case "SUM", "AVG":
		return &Field{Type: TypeDouble, slot: -1}
	}
	return a.arg.field
}

func (c *compiler) compileAggregate(obj *Object, q *soql.Query) (*aggPlan, *Error) {
	p := &aggPlan{}
	for _, g := range q.GroupBy {
		rp, err := c.resolve(obj, g, 0)
		if err != nil {
			return nil, err
		}
		if !rp.field.Groupable && rp.field.Type != TypeID && rp.field.Type != TypeReference {
			return nil, c.queryError("MALFORMED_QUERY", 0, "field '%s' can not be grouped in a query call", rp.field.Name)
		}
		p.groups = append(p.groups, rp)
	}
	expr := 0
	for _, it := range q.Select {
		switch x := it.(type) {
		case *soql.FieldItem:
			rp, err := c.resolve(obj, x.Path, x.Pos)
			if err != nil {
				return nil, err
			}
			idx := p.groupIndex(rp)
			if idx < 0 {
				return nil, c.queryError("MALFORMED_QUERY", x.Pos, "Field must be grouped or aggregated: %s", rp.field.Name)
			}
			name := rp.name
			if x.Alias != "" {
				name = x.Alias
			}
			p.outs = append(p.outs, &aggOut{name: name, display: strings.Join(x.Path, "."), groupIdx: idx})
		case *soql.AggregateItem:
			out, err := c.aggregateOut(obj, x)
			if err != nil {
				return nil, err
			}
			if x.Alias == "" {
				out.name = "expr" + strconv.Itoa(expr)
				expr++
			}
			p.outs = append(p.outs, out)
		case *soql.SubqueryItem:
			return nil, c.queryError("MALFORMED_QUERY", x.Pos, "child relationship subqueries cannot be combined with aggregate functions")
		default:
			return nil, c.queryError("MALFORMED_QUERY", 0, "unsupported select item in an aggregate query")
		}
	}
	if q.Having != nil {
		h, err := c.compileHaving(obj, p, q.Having)
		if err != nil {
			return nil, err
		}
		p.having = h
	}
	return p, nil
}

func (p *aggPlan) groupIndex(rp *resolvedPath) int {
	for i, g := range p.groups {
		if g.field == rp.field && g.name == rp.name {
			return i
		}
	}
	return -1
}

func (c *compiler) aggregateOut(obj *Object, x *soql.AggregateItem) (*aggOut, *Error) {
	rp, err := c.resolve(obj, x.Arg, x.Pos)
	if err != nil {
		return nil, err
	}
	k := kindOf(rp.field)
	switch x.Func {
	case "SUM", "AVG":
		if k != kindNumber {
			return nil, c.queryError("MALFORMED_QUERY", x.Pos, "field %s does not support aggregate operator %s", rp.field.Name, x.Func)
		}
	case "MIN", "MAX":
		if k == kindBool || k == kindOther || k == kindMulti {
			return nil, c.queryError("MALFORMED_QUERY", x.Pos, "field %s does not support aggregate operator %s", rp.field.Name, x.Func)
		}
	}
	return &aggOut{name: x.Alias, display: x.Func + "(" + strings.Join(x.Arg, ".") + ")", fn: x.Func, arg: rp, groupIdx: -1}, nil
}

// findOrAddAgg returns the index of an output computing the aggregate,
// adding a hidden one when the select list has none.
func (c *compiler) findOrAddAgg(obj *Object, p *aggPlan, x *soql.AggregateItem) (int, *Error) {
	out, err := c.aggregateOut(obj, x)
	if err != nil {
		return 0, err
	}
	for i, o := range p.outs {
		if o.fn == out.fn && o.arg != nil && o.arg.field == out.arg.field && o.display == out.display {
			return i, nil
		}
	}
	out.hidden = true
	out.name = ""
	p.outs = append(p.outs, out)
	return len(p.outs) - 1, nil
}

func (c *compiler) compileHaving(obj *Object, p *aggPlan, e soql.Expr) (func([]any) bool, *Error) {
	switch x := e.(type) {
	case *soql.AndExpr:
		l, err := c.compileHaving(obj, p, x.Left)
		if err != nil {
			return nil, err
		}
		r, err := c.compileHaving(obj, p, x.Right)
		if err != nil {
			return nil, err
		}
		return func(row []any) bool { return l(row) && r(row) }, nil
	case *soql.OrExpr:
		l, err := c.compileHaving(obj, p, x.Left)
		if err != nil {
			return nil, err
		}
		r, err := c.compileHaving(obj, p, x.Right)
		if err != nil {
			return nil, err
		}
		return func(row []any) bool { return l(row) || r(row) }, nil
	case *soql.NotExpr:
		in, err := c.compileHaving(obj, p, x.X)
		if err != nil {
			return nil, err
		}
		return func(row []any) bool { return !in(row) }, nil
	case *soql.Comparison:
		var idx int
		if x.Agg != nil {
			i, err := c.findOrAddAgg(obj, p, x.Agg)
			if err != nil {
				return nil, err
			}
			idx = i
		} else {
			rp, err := c.resolve(obj, x.Field, x.Pos)
			if err != nil {
				return nil, err
			}
			g := p.groupIndex(rp)
			if g < 0 {
				return nil, c.queryError("MALFORMED_QUERY", x.Pos, "HAVING field must be grouped or aggregated: %s", rp.field.Name)
			}
			idx = -1
			for i, o := range p.outs {
				if o.fn == "" && o.groupIdx == g {
					idx = i
				}
			}
			if idx < 0 {
				p.outs = append(p.outs, &aggOut{groupIdx: g, hidden: true})
				idx = len(p.outs) - 1
			}
		}
		test, err := c.compileTest(p.outs[idx].resultField(p), x)
		if err != nil {
			return nil, err
		}
		return func(row []any) bool { return test(row[idx]) }, nil
	}
	return nil, c.queryError("MALFORMED_QUERY", 0, "unsupported HAVING condition")
}

func (c *compiler) aggOrderKey(obj *Object, p *aggPlan, ob soql.OrderItem) (orderKey, *Error) {
	var idx int
	if ob.Agg != nil {
		i, err := c.findOrAddAgg(obj, p, ob.Agg)
		if err != nil {
			return orderKey{}, err
		}
		idx = i
	} else {
		idx = -1
		for i, o := range p.outs {
			if o.fn == "" && (strings.EqualFold(o.name, ob.Field[len(ob.Field)-1]) || strings.EqualFold(o.display, strings.Join(ob.Field, "."))) {
				idx = i
				break
			}
		}
		if idx < 0 {
			return orderKey{}, c.queryError("MALFORMED_QUERY", 0, "Ordered field must be grouped or aggregated: %s", strings.Join(ob.Field, "."))
		}
	}
	return orderKey{
		cmp:       comparator(kindOf(p.outs[idx].resultField(p))),
		desc:      ob.Desc,
		nullsLast: ob.NullsLast,
		aggIndex:  idx,
	}, nil
}

// aggState accumulates one aggregate output for one group.
type aggState struct {
	count    int
	sum      float64
	best     any
	distinct map[any]struct{}
}

// runAggregate groups the matched records and computes every output.
func (p *queryPlan) runAggregate(recs []*record) [][]any {
	a := p.agg
	type group struct {
		keys   []any
		states []aggState
	}
	groups := map[string]*group{}
	var order []*group
	var kb strings.Builder
	for _, r := range recs {
		keys := make([]any, len(a.groups))
		kb.Reset()
		for i, g := range a.groups {
			v := g.get(r)
			if s, ok := v.(string); ok && kindOf(g.field) == kindText {
				v = s
				kb.WriteString(strings.ToLower(s))
			} else {
				kb.WriteString(stringOf(v))
			}
			keys[i] = v
			kb.WriteByte(0)
		}
		gr := groups[kb.String()]
		if gr == nil {
			gr = &group{keys: keys, states: make([]aggState, len(a.outs))}
			groups[kb.String()] = gr
			order = append(order, gr)
		}
		for i, out := range a.outs {
			if out.fn == "" {
				continue
			}
			v := out.arg.get(r)
			if v == nil {
				continue
			}
			st := &gr.states[i]
			switch out.fn {
			case "COUNT":
				st.count++
			case "COUNT_DISTINCT":
				if st.distinct == nil {
					st.distinct = map[any]struct{}{}
				}
				if s, ok := v.(string); ok {
					v = strings.ToLower(s)
				}
				st.distinct[v] = struct{}{}
			case "SUM", "AVG":
				st.count++
				st.sum += v.(float64)
			case "MIN", "MAX":
				cmp := comparator(kindOf(out.arg.field))
				if st.best == nil || (out.fn == "MIN" && cmp(v, st.best) < 0) || (out.fn == "MAX" && cmp(v, st.best) > 0) {
					st.best = v
				}
			}
		}
	}
	// Without GROUP BY, an aggregate query answers one row even when
	// nothing matched.
	if len(a.groups) == 0 && len(order) == 0 {
		order = append(order, &group{states: make([]aggState, len(a.outs))})
	}
	rows := make([][]any, 0, len(order))
	for _, gr := range order {
		row := make([]any, len(a.outs))
		for i, out := range a.outs {
			st := gr.states[i]
			switch out.fn {
			case "":
				row[i] = gr.keys[out.groupIdx]
			case "COUNT":
				row[i] = float64(st.count)
			case "COUNT_DISTINCT":
				row[i] = float64(len(st.distinct))
			case "SUM":
				if st.count > 0 {
					row[i] = st.sum
				}
			case "AVG":
				if st.count > 0 {
					row[i] = st.sum / float64(st.count)
				}
			default:
				row[i] = st.best
			}
		}
		if a.having == nil || a.having(row) {
			rows = append(rows, row)
		}
	}
	return rows
}

// stringOf renders a stored value as a grouping key.
func stringOf(v any) string {
	switch x := v.(type) {
	case nil:
		return "\x01null"
	case string:
		return x
	case bool:
		return strconv.FormatBool(x)
	case float64:
		return strconv.FormatFloat(x, 'g', -1, 64)
	case dateTime:
		return strconv.FormatInt(int64(x), 10)
	}
	return ""
}
