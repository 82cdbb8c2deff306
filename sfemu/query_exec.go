package sfemu

import (
	"slices"
	"strings"

	"github.com/sfbridge/sfbridge/internal/soql"
)

// queryResult is what a query produced: record versions for a record
// query, rows for an aggregate query, or only a count.
type queryResult struct {
	// org is the org the records belong to (the main org or its tooling
	// catalogue); renderers follow relationships in it.
	org     *org
	plan    *queryPlan
	records []*record
	aggRows [][]any
	total   int
	// children holds, per child subquery, the matching child records by
	// parent id, computed once when the query runs.
	children map[*childPlan]map[string][]*record
}

// compileText parses and compiles a query as a user with the given field
// access sees the schema. The caller holds o.mu.
func (o *org) compileText(text string, access fieldAccess) (*queryPlan, *Error) {
	q, err := soql.Parse(text)
	if err != nil {
		if se, ok := err.(*soql.Error); ok {
			return nil, &Error{Status: 400, Code: se.Code, Message: se.Message}
		}
		return nil, errorf(400, "MALFORMED_QUERY", "%v", err)
	}
	c := &compiler{o: o, text: text, alias: q.Alias, access: access}
	obj := o.object(q.From)
	if obj == nil || !obj.Queryable {
		return nil, c.queryError("INVALID_TYPE", fromPos(text), "sObject type '%s' is not supported. If you are attempting to use a custom object, be sure to append the '__c' after the entity name. Please reference your WSDL or the describe call for the appropriate names.", q.From)
	}
	plan, perr := c.compileQuery(obj, q, false)
	if perr != nil {
		return nil, perr
	}
	plan.columnMeta = c.columnMetadata(obj, q, plan)
	return plan, nil
}

// fromPos finds the byte offset of the object name after FROM, for errors.
func fromPos(text string) int {
	for i := 0; i+4 <= len(text); i++ {
		if (text[i] == 'F' || text[i] == 'f') && equalFoldASCII(text[i:i+4], "from") &&
			(i == 0 || isSpace(text[i-1])) && (i+4 < len(text) && isSpace(text[i+4])) {
			j := i + 4
			for j < len(text) && isSpace(text[j]) {
				j++
			}
			return j
		}
	}
	return 0
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

func equalFoldASCII(a, b string) bool { return compareFold(a, b) == 0 }

// run executes a plan. all includes deleted records (queryAll). The caller
// holds o.mu for reading.
func (o *org) run(p *queryPlan, all bool) *queryResult {
	res := &queryResult{org: o, plan: p}
	recs := o.scan(p, all)
	switch {
	case p.countOnly:
		res.total = window(len(recs), p.offset, p.limit)
	case p.agg != nil:
		rows := p.runAggregate(recs)
		if len(p.order) > 0 {
			sortAggRows(rows, p.order)
		}
		lo, hi := bounds(len(rows), p.offset, p.limit)
		res.aggRows = rows[lo:hi]
		res.total = len(res.aggRows)
	default:
		if len(p.order) > 0 {
			recs = sortRecords(recs, p.order)
		}
		lo, hi := bounds(len(recs), p.offset, p.limit)
		res.records = recs[lo:hi]
		res.total = len(res.records)
		for _, col := range p.cols {
			if col.child != nil {
				if res.children == nil {
					res.children = map[*childPlan]map[string][]*record{}
				}
				res.children[col.child] = o.childIndex(col.child, all)
			}
		}
	}
	return res
}

// scan returns the matching records of the plan's object in Id order.
func (o *org) scan(p *queryPlan, all bool) []*record {
	t := o.tables[p.obj]
	out := make([]*record, 0, min(t.live, 1024))
	for _, r := range t.rows {
		if r == nil || (r.deleted && !all) {
			continue
		}
		if p.filter != nil && !p.filter(r) {
			continue
		}
		out = append(out, r)
	}
	return out
}

// childIndex runs a child subquery over the whole child table once and
// groups the results by parent id.
func (o *org) childIndex(cp *childPlan, all bool) map[string][]*record {
	byParent := map[string][]*record{}
	for _, r := range o.scan(cp.plan, all) {
		if pid, ok := r.get(cp.field).(string); ok {
			byParent[pid] = append(byParent[pid], r)
		}
	}
	for pid, recs := range byParent {
		if len(cp.plan.order) > 0 {
			recs = sortRecords(recs, cp.plan.order)
		}
		lo, hi := bounds(len(recs), cp.plan.offset, cp.plan.limit)
		byParent[pid] = recs[lo:hi]
	}
	return byParent
}

func bounds(n, offset, limit int) (int, int) {
	lo := min(max(offset, 0), n)
	hi := n
	if limit >= 0 && lo+limit < hi {
		hi = lo + limit
	}
	return lo, hi
}

func window(n, offset, limit int) int {
	lo, hi := bounds(n, offset, limit)
	return hi - lo
}

// compareKeys orders two values under one ORDER BY key, placing nulls as
// the key says.
func compareKeys(k *orderKey, a, b any) int {
	switch {
	case a == nil && b == nil:
		return 0
	case a == nil:
		if k.nullsLast {
			return 1
		}
		return -1
	case b == nil:
		if k.nullsLast {
			return -1
		}
		return 1
	}
	c := k.cmp(a, b)
	if k.desc {
		c = -c
	}
	return c
}

// sortRecords sorts by the keys, reading each key once per record. Text
// keys are lower-cased once so the comparisons are plain byte compares; the
// original position breaks ties, which keeps the result stable.
func sortRecords(recs []*record, keys []orderKey) []*record {
	type item struct {
		r    *record
		pos  int
		keys []any
	}
	n := len(keys)
	cmps := make([]orderKey, n)
	for j, k := range keys {
		cmps[j] = k
		if k.fold {
			cmps[j].cmp = func(a, b any) int { return strings.Compare(a.(string), b.(string)) }
		}
	}
	backing := make([]any, len(recs)*n)
	items := make([]item, len(recs))
	for i, r := range recs {
		ks := backing[i*n : (i+1)*n : (i+1)*n]
		for j := range keys {
			v := keys[j].get(r)
			if s, ok := v.(string); ok && keys[j].fold {
				v = strings.ToLower(s)
			}
			ks[j] = v
		}
		items[i] = item{r: r, pos: i, keys: ks}
	}
	slices.SortFunc(items, func(a, b item) int {
		for j := range cmps {
			if c := compareKeys(&cmps[j], a.keys[j], b.keys[j]); c != 0 {
				return c
			}
		}
		return a.pos - b.pos
	})
	out := make([]*record, len(items))
	for i, it := range items {
		out[i] = it.r
	}
	return out
}

func sortAggRows(rows [][]any, keys []orderKey) {
	slices.SortStableFunc(rows, func(a, b []any) int {
		for j := range keys {
			if c := compareKeys(&keys[j], a[keys[j].aggIndex], b[keys[j].aggIndex]); c != 0 {
				return c
			}
		}
		return 0
	})
}
