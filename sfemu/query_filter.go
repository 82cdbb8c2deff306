package sfemu

import (
	"cmp"
	"strings"
	"time"

	"github.com/sfbridge/sfbridge/internal/soql"
)

// predicate decides whether a record matches a WHERE condition.
type predicate func(r *record) bool

// compileWhere compiles a WHERE expression against obj.
func (c *compiler) compileWhere(obj *Object, e soql.Expr) (predicate, *Error) {
	switch x := e.(type) {
	case nil:
		return nil, nil
	case *soql.AndExpr:
		l, err := c.compileWhere(obj, x.Left)
		if err != nil {
			return nil, err
		}
		r, err := c.compileWhere(obj, x.Right)
		if err != nil {
			return nil, err
		}
		return func(rec *record) bool { return l(rec) && r(rec) }, nil
	case *soql.OrExpr:
		l, err := c.compileWhere(obj, x.Left)
		if err != nil {
			return nil, err
		}
		r, err := c.compileWhere(obj, x.Right)
		if err != nil {
			return nil, err
		}
		return func(rec *record) bool { return l(rec) || r(rec) }, nil
	case *soql.NotExpr:
		inner, err := c.compileWhere(obj, x.X)
		if err != nil {
			return nil, err
		}
		return func(rec *record) bool { return !inner(rec) }, nil
	case *soql.Comparison:
		if x.Agg != nil {
			return nil, c.queryError("MALFORMED_QUERY", x.Pos, "Aggregate functions are not allowed in WHERE; use HAVING")
		}
		rp, err := c.resolve(obj, x.Field, x.Pos)
		if err != nil {
			return nil, err
		}
		test, err := c.compileTest(rp.field, x)
		if err != nil {
			return nil, err
		}
		get := rp.get
		return func(rec *record) bool { return test(get(rec)) }, nil
	}
	return nil, c.queryError("MALFORMED_QUERY", 0, "unsupported condition")
}

// valueTest decides whether a stored value satisfies a comparison.
type valueTest func(v any) bool

// fieldKind groups field types by how they compare.
type fieldKind int

const (
	kindText fieldKind = iota
	kindID
	kindMulti
	kindBool
	kindNumber
	kindDate
	kindDateTime
	kindOther
)

func kindOf(f *Field) fieldKind {
	switch f.Type {
	case TypeID, TypeReference:
		return kindID
	case TypeMultiPicklist:
		return kindMulti
	case TypeBoolean:
		return kindBool
	case TypeInt, TypeDouble, TypeCurrency, TypePercent:
		return kindNumber
	case TypeDate:
		return kindDate
	case TypeDateTime:
		return kindDateTime
	case TypeAddress, TypeLocation, TypeBase64:
		return kindOther
	}
	return kindText
}

// compileTest compiles the operator and right-hand side of a comparison
// for a field of f's type.
func (c *compiler) compileTest(f *Field, cmp *soql.Comparison) (valueTest, *Error) {
	kind := kindOf(f)
	if kind == kindOther || (f.Type == TypeTextArea && f.Length > 255) {
		return nil, c.queryError("INVALID_FIELD", cmp.Pos,
			"field '%s' can not be filtered in a query call", f.Name)
	}
	switch v := cmp.Value.(type) {
	case *soql.NullValue:
		switch cmp.Op {
		case "=":
			return func(x any) bool { return x == nil }, nil
		case "!=":
			return func(x any) bool { return x != nil }, nil
		}
		return nil, c.queryError("MALFORMED_QUERY", cmp.Pos, "invalid operator on null: %s", cmp.Op)
	case *soql.ListValue:
		return c.compileList(f, kind, cmp, v.Items)
	case *soql.SubqueryValue:
		if cmp.Op != "IN" && cmp.Op != "NOT_IN" {
			return nil, c.queryError("MALFORMED_QUERY", cmp.Pos, "a semi-join subquery needs IN or NOT IN")
		}
		set, err := c.semiJoin(v.Query, cmp.Pos)
		if err != nil {
			return nil, err
		}
		in := cmp.Op == "IN"
		return func(x any) bool {
			s, ok := x.(string)
			if !ok {
				return !in
			}
			_, hit := set[s]
			return hit == in
		}, nil
	case *soql.DateLiteral:
		if kind != kindDate && kind != kindDateTime {
			return nil, c.typeMismatch(f, cmp)
		}
		start, end := soql.DateRange(v, c.o.now(), time.UTC)
		return rangeTest(kind, cmp.Op, start, end, cmp, c)
	}

	if cmp.Op == "INCLUDES" || cmp.Op == "EXCLUDES" {
		return nil, c.queryError("INVALID_QUERY_FILTER_OPERATOR", cmp.Pos, "INCLUDES and EXCLUDES need a parenthesised list")
	}
	if cmp.Op == "IN" || cmp.Op == "NOT_IN" {
		return nil, c.queryError("MALFORMED_QUERY", cmp.Pos, "IN needs a parenthesised list")
	}
	want, err := c.literal(f, kind, cmp, cmp.Value)
	if err != nil {
		return nil, err
	}
	if cmp.Op == "LIKE" {
		s, ok := want.(string)
		if !ok || (kind != kindText && kind != kindID) {
			return nil, c.queryError("INVALID_QUERY_FILTER_OPERATOR", cmp.Pos, "invalid operator on field: %s. LIKE works only on text fields", f.Name)
		}
		m := newLikeMatcher(s)
		return func(x any) bool {
			xs, ok := x.(string)
			return ok && m.match(xs)
		}, nil
	}
	cmpFn := comparator(kind)
	switch cmp.Op {
	case "=":
		return func(x any) bool { return x != nil && cmpFn(x, want) == 0 }, nil
	case "!=":
		return func(x any) bool { return x == nil || cmpFn(x, want) != 0 }, nil
	case "<":
		return func(x any) bool { return x != nil && cmpFn(x, want) < 0 }, nil
	case "<=":
		return func(x any) bool { return x != nil && cmpFn(x, want) <= 0 }, nil
	case ">":
		return func(x any) bool { return x != nil && cmpFn(x, want) > 0 }, nil
	case ">=":
		return func(x any) bool { return x != nil && cmpFn(x, want) >= 0 }, nil
	}
	return nil, c.queryError("MALFORMED_QUERY", cmp.Pos, "unexpected operator %s", cmp.Op)
}

func (c *compiler) typeMismatch(f *Field, cmp *soql.Comparison) *Error {
	want := string(f.Type)
	switch kindOf(f) {
	case kindDateTime:
		want = "dateTime"
	case kindNumber:
		want = "number"
	case kindBool:
		want = "boolean"
	}
	quoted := "should not be enclosed in quotes"
	if kindOf(f) == kindText || kindOf(f) == kindID || kindOf(f) == kindMulti {
		quoted = "should be enclosed in quotes"
	}
	return c.queryError("INVALID_FIELD", cmp.Pos, "value of filter criterion for field '%s' must be of type %s and %s", f.Name, want, quoted)
}

// literal converts a right-hand literal to the stored form for f.
func (c *compiler) literal(f *Field, kind fieldKind, cmp *soql.Comparison, v soql.Value) (any, *Error) {
	switch x := v.(type) {
	case *soql.StringValue:
		switch kind {
		case kindText, kindMulti:
			return unescapeLikeless(x.V, cmp.Op == "LIKE"), nil
		case kindID:
			if cmp.Op == "LIKE" {
				return x.V, nil
			}
			if id15, ok := parseID(x.V); ok {
				return id15, nil
			}
			return nil, c.queryError("INVALID_QUERY_FILTER_OPERATOR", cmp.Pos, "invalid ID field: %s", x.V)
		}
	case *soql.NumberValue:
		if kind == kindNumber {
			return x.V, nil
		}
	case *soql.BoolValue:
		if kind == kindBool {
			return x.V, nil
		}
	case *soql.DateValue:
		if kind == kindDate {
			return x.V.Format("2006-01-02"), nil
		}
	case *soql.DateTimeValue:
		if kind == kindDateTime {
			return toDateTime(x.V), nil
		}
	}
	return nil, c.typeMismatch(f, cmp)
}

// unescapeLikeless resolves the \% and \_ escapes that the parser keeps,
// for every operator except LIKE, where they mean literal % and _.
func unescapeLikeless(s string, like bool) string {
	if like || !strings.Contains(s, `\`) {
		return s
	}
	return strings.NewReplacer(`\%`, `%`, `\_`, `_`).Replace(s)
}

// compileList compiles IN, NOT IN, INCLUDES and EXCLUDES.
func (c *compiler) compileList(f *Field, kind fieldKind, cmp *soql.Comparison, items []soql.Value) (valueTest, *Error) {
	switch cmp.Op {
	case "INCLUDES", "EXCLUDES":
		if kind != kindMulti {
			return nil, c.queryError("INVALID_QUERY_FILTER_OPERATOR", cmp.Pos, "invalid operator on field: %s. INCLUDES and EXCLUDES work only on multi-select picklists", f.Name)
		}
		// Each item is a ';'-separated set; the record matches an item
		// when it holds every value of the item.
		var sets [][]string
		for _, it := range items {
			s, ok := it.(*soql.StringValue)
			if !ok {
				return nil, c.typeMismatch(f, cmp)
			}
			sets = append(sets, splitMulti(s.V))
		}
		includes := cmp.Op == "INCLUDES"
		return func(x any) bool {
			xs, _ := x.(string)
			have := splitMulti(xs)
			for _, set := range sets {
				if containsAll(have, set) {
					return includes
				}
			}
			return !includes
		}, nil
	case "IN", "NOT_IN":
	default:
		return nil, c.queryError("MALFORMED_QUERY", cmp.Pos, "a list needs IN, NOT IN, INCLUDES or EXCLUDES")
	}
	in := cmp.Op == "IN"
	cmpFn := comparator(kind)
	var wants []any
	hasNull := false
	for _, it := range items {
		if _, ok := it.(*soql.NullValue); ok {
			hasNull = true
			continue
		}
		w, err := c.literal(f, kind, cmp, it)
		if err != nil {
			return nil, err
		}
		wants = append(wants, w)
	}
	if kind == kindID || kind == kindText {
		set := make(map[string]struct{}, len(wants))
		for _, w := range wants {
			s := w.(string)
			if kind == kindText {
				s = strings.ToLower(s)
			}
			set[s] = struct{}{}
		}
		return func(x any) bool {
			if x == nil {
				return hasNull == in
			}
			s := x.(string)
			if kind == kindText {
				s = strings.ToLower(s)
			}
			_, hit := set[s]
			return hit == in
		}, nil
	}
	return func(x any) bool {
		if x == nil {
			return hasNull == in
		}
		for _, w := range wants {
			if cmpFn(x, w) == 0 {
				return in
			}
		}
		return !in
	}, nil
}

func splitMulti(s string) []string {
	if s == "" {
		return nil
	}
	parts := strings.Split(s, ";")
	for i := range parts {
		parts[i] = strings.ToLower(strings.TrimSpace(parts[i]))
	}
	return parts
}

func containsAll(have, want []string) bool {
	for _, w := range want {
		found := false
		for _, h := range have {
			if h == w {
				found = true
				break
			}
		}
		if !found {
			return false
		}
	}
	return true
}

// rangeTest compiles a comparison with a date literal, which stands for
// the half-open range [start, end).
func rangeTest(kind fieldKind, op string, start, end time.Time, cmp *soql.Comparison, c *compiler) (valueTest, *Error) {
	var lo, hi any
	if kind == kindDate {
		lo, hi = start.Format("2006-01-02"), end.Format("2006-01-02")
	} else {
		lo, hi = toDateTime(start), toDateTime(end)
	}
	cmpFn := comparator(kind)
	in := func(x any) bool { return cmpFn(x, lo) >= 0 && cmpFn(x, hi) < 0 }
	switch op {
	case "=":
		return func(x any) bool { return x != nil && in(x) }, nil
	case "!=":
		return func(x any) bool { return x == nil || !in(x) }, nil
	case "<":
		return func(x any) bool { return x != nil && cmpFn(x, lo) < 0 }, nil
	case "<=":
		return func(x any) bool { return x != nil && cmpFn(x, hi) < 0 }, nil
	case ">":
		return func(x any) bool { return x != nil && cmpFn(x, hi) >= 0 }, nil
	case ">=":
		return func(x any) bool { return x != nil && cmpFn(x, lo) >= 0 }, nil
	}
	return nil, c.queryError("INVALID_QUERY_FILTER_OPERATOR", cmp.Pos, "invalid operator %s for a date literal", op)
}

// comparator returns a three-way comparison of two non-nil stored values
// of one kind. Text compares case-insensitively, as SOQL does.
func comparator(kind fieldKind) func(a, b any) int {
	switch kind {
	case kindText, kindMulti:
		return func(a, b any) int { return compareFold(a.(string), b.(string)) }
	case kindID, kindDate:
		return func(a, b any) int { return strings.Compare(a.(string), b.(string)) }
	case kindNumber:
		return func(a, b any) int { return cmp.Compare(a.(float64), b.(float64)) }
	case kindDateTime:
		return func(a, b any) int { return cmp.Compare(a.(dateTime), b.(dateTime)) }
	case kindBool:
		return func(a, b any) int {
			x, y := a.(bool), b.(bool)
			switch {
			case x == y:
				return 0
			case !x:
				return -1
			}
			return 1
		}
	}
	return func(a, b any) int { return 0 }
}

// compareFold compares ASCII-case-insensitively without allocating.
func compareFold(a, b string) int {
	n := min(len(a), len(b))
	for i := 0; i < n; i++ {
		x, y := lowerASCII(a[i]), lowerASCII(b[i])
		if x != y {
			if x < y {
				return -1
			}
			return 1
		}
	}
	switch {
	case len(a) < len(b):
		return -1
	case len(a) > len(b):
		return 1
	}
	return 0
}

func lowerASCII(c byte) byte {
	if c >= 'A' && c <= 'Z' {
		return c + ('a' - 'A')
	}
	return c
}

// likeMatcher matches SOQL LIKE patterns: % any run, _ one character,
// \% and \_ literal; case-insensitive.
type likeMatcher struct {
	pat []likeToken
}

type likeToken struct {
	any, one bool
	lit      rune
}

func newLikeMatcher(p string) likeMatcher {
	var m likeMatcher
	rs := []rune(strings.ToLower(p))
	for i := 0; i < len(rs); i++ {
		switch r := rs[i]; {
		case r == '\\' && i+1 < len(rs):
			i++
			m.pat = append(m.pat, likeToken{lit: rs[i]})
		case r == '%':
			m.pat = append(m.pat, likeToken{any: true})
		case r == '_':
			m.pat = append(m.pat, likeToken{one: true})
		default:
			m.pat = append(m.pat, likeToken{lit: r})
		}
	}
	return m
}

func (m likeMatcher) match(s string) bool {
	return likeMatch(m.pat, []rune(strings.ToLower(s)))
}

func likeMatch(p []likeToken, s []rune) bool {
	// Iterative wildcard matching with backtracking to the last %.
	pi, si, star, mark := 0, 0, -1, 0
	for si < len(s) {
		switch {
		case pi < len(p) && !p[pi].any && (p[pi].one || p[pi].lit == s[si]):
			pi++
			si++
		case pi < len(p) && p[pi].any:
			star, mark = pi, si
			pi++
		case star >= 0:
			pi = star + 1
			mark++
			si = mark
		default:
			return false
		}
	}
	for pi < len(p) && p[pi].any {
		pi++
	}
	return pi == len(p)
}
