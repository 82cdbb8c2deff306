package soql

import (
	"strconv"
	"strings"
)

// Limits enforced by [Parse].
const (
	// MaxOffset is the largest OFFSET Salesforce accepts.
	MaxOffset = 2000
	// MaxFieldsLimit is the largest LIMIT allowed with FIELDS(ALL) and
	// FIELDS(CUSTOM).
	MaxFieldsLimit = 200
	// MaxRelationshipHops is how many parent relationships a field path
	// may follow (Account.Owner.Manager... up to five hops, then a field).
	MaxRelationshipHops = 5
	// maxDepth bounds parenthesis and subquery nesting so hostile input
	// cannot exhaust the stack.
	maxDepth = 100
)

// Parse parses one SOQL SELECT statement. Syntax errors and recognised
// but unsupported constructs are reported as an *[Error] with Code
// MALFORMED_QUERY; an OFFSET above [MaxOffset] is
// NUMBER_OUTSIDE_VALID_RANGE.
func Parse(text string) (*Query, error) {
	toks, err := lex(text)
	if err != nil {
		return nil, err
	}
	p := parser{src: text, toks: toks}
	q, err := p.parseQuery(queryTop)
	if err != nil {
		return nil, err
	}
	if t := p.peek(); t.kind != tokEOF {
		return nil, p.unexpected(t)
	}
	return q, nil
}

// queryKind says where a SELECT appears, which decides how it ends and
// what it may contain.
type queryKind uint8

const (
	queryTop      queryKind = iota // the statement itself
	queryChild                     // (SELECT ... FROM Contacts) in a select list
	querySemiJoin                  // Id IN (SELECT AccountId FROM Contact)
)

type parser struct {
	src   string
	toks  []token
	i     int
	depth int
}

// pathRef remembers where a field path was written so the hop limit can
// be checked once the FROM alias is known.
type pathRef struct {
	path FieldPath
	pos  int
}

// queryState is the per-SELECT bookkeeping.
type queryState struct {
	paths []pathRef
}

func (p *parser) peek() token { return p.toks[p.i] }

func (p *parser) peekAt(n int) token {
	if p.i+n < len(p.toks) {
		return p.toks[p.i+n]
	}
	return p.toks[len(p.toks)-1]
}

func (p *parser) advance() token {
	t := p.toks[p.i]
	if t.kind != tokEOF {
		p.i++
	}
	return t
}

// isKeyword reports whether t is the identifier kw (upper case).
func isKeyword(t token, kw string) bool {
	return t.kind == tokIdent && len(t.text) == len(kw) && strings.EqualFold(t.text, kw)
}

func (p *parser) atKeyword(kw string) bool { return isKeyword(p.peek(), kw) }

// acceptKeyword consumes the keyword kw if it is next.
func (p *parser) acceptKeyword(kw string) bool {
	if p.atKeyword(kw) {
		p.i++
		return true
	}
	return false
}

func (p *parser) expectKeyword(kw string) error {
	if !p.acceptKeyword(kw) {
		return p.unexpected(p.peek())
	}
	return nil
}

func (p *parser) expect(k tokenKind) (token, error) {
	t := p.peek()
	if t.kind != k {
		return t, p.unexpected(t)
	}
	p.i++
	return t, nil
}

func (p *parser) errorf(pos int, format string, args ...any) error {
	return Errorf(CodeMalformedQuery, pos, p.src, format, args...)
}

// unexpected reports t the way Salesforce does: unexpected token: 'X'.
func (p *parser) unexpected(t token) error {
	if t.kind == tokEOF {
		return p.errorf(t.pos, "unexpected token: '<EOF>'")
	}
	return p.errorf(t.pos, "unexpected token: '%s'", t.text)
}

func (p *parser) unsupported(pos int, construct string) error {
	return p.errorf(pos, "%s is not supported by this emulator", construct)
}

func (p *parser) enter(pos int) error {
	p.depth++
	if p.depth > maxDepth {
		return p.errorf(pos, "query is nested too deeply")
	}
	return nil
}

func (p *parser) leave() { p.depth-- }

// reserved lists the words that can never be an alias, so that
// `FROM Account WHERE ...` is not read as an alias named WHERE.
var reserved = map[string]bool{
	"AND": true, "AS": true, "ASC": true, "BY": true, "DESC": true,
	"ELSE": true, "END": true, "EXCLUDES": true, "FALSE": true,
	"FIRST": true, "FOR": true, "FROM": true, "GROUP": true,
	"HAVING": true, "IN": true, "INCLUDES": true, "LAST": true,
	"LIKE": true, "LIMIT": true, "NOT": true, "NULL": true, "NULLS": true,
	"OFFSET": true, "OR": true, "ORDER": true, "SELECT": true,
	"THEN": true, "TRUE": true, "TYPEOF": true, "UPDATE": true,
	"USING": true, "WHEN": true, "WHERE": true, "WITH": true,
	"ALL": true,
}

// clauseWords are the reserved words that can never start a field path
// or name an object. GROUP and ORDER are missing on purpose: Group and
// Order are standard objects and relationship names (FROM Order,
// Order.Name), which Salesforce accepts.
var clauseWords = map[string]bool{
	"AND": true, "AS": true, "ASC": true, "BY": true, "DESC": true,
	"EXCLUDES": true, "FALSE": true, "FROM": true, "HAVING": true,
	"IN": true, "INCLUDES": true, "LIKE": true, "LIMIT": true, "NOT": true,
	"NULL": true, "NULLS": true, "OFFSET": true, "OR": true,
	"SELECT": true, "TRUE": true, "USING": true, "WHERE": true,
	"WITH": true,
}

func isReserved(t token) bool { return inWordSet(t, reserved) }

func isClauseWord(t token) bool { return inWordSet(t, clauseWords) }

// inWordSet reports whether identifier t, upper-cased, is in set. Every
// word in the sets is at most 8 bytes, which keeps the lookup free of
// allocations.
func inWordSet(t token, set map[string]bool) bool {
	if t.kind != tokIdent || len(t.text) > 8 {
		return false
	}
	var buf [8]byte
	for i := 0; i < len(t.text); i++ {
		c := t.text[i]
		if c >= 'a' && c <= 'z' {
			c -= 'a' - 'A'
		}
		buf[i] = c
	}
	return set[string(buf[:len(t.text)])]
}

// acceptAlias consumes an alias if the next token can be one.
func (p *parser) acceptAlias() string {
	if t := p.peek(); t.kind == tokIdent && !isReserved(t) {
		p.i++
		return t.text
	}
	return ""
}

// parseQuery parses SELECT ... up to (not including) the closing
// parenthesis of a subquery or the end of the text.
func (p *parser) parseQuery(kind queryKind) (*Query, error) {
	st := &queryState{}
	q := &Query{Limit: -1, Offset: -1}
	selectTok := p.peek()
	if err := p.expectKeyword("SELECT"); err != nil {
		return nil, err
	}
	items, err := p.parseSelectList(st, kind)
	if err != nil {
		return nil, err
	}
	q.Select = items

	if err := p.expectKeyword("FROM"); err != nil {
		return nil, err
	}
	from, err := p.expect(tokIdent)
	if err != nil {
		return nil, err
	}
	if isClauseWord(from) {
		return nil, p.unexpected(from)
	}
	q.From = from.text
	if t := p.peek(); t.kind == tokDot {
		// FROM Account.Contacts style paths are not SOQL for the REST API.
		return nil, p.unexpected(t)
	}
	q.Alias = p.acceptAlias()

	if err := p.parseClauses(q, st); err != nil {
		return nil, err
	}
	if err := p.checkPaths(q, st); err != nil {
		return nil, err
	}
	if err := p.checkFieldsLimit(q, selectTok.pos); err != nil {
		return nil, err
	}
	if kind == querySemiJoin {
		if len(q.Select) != 1 {
			return nil, p.errorf(selectTok.pos, "semi join sub-selects can only select one field")
		}
		if _, ok := q.Select[0].(*FieldItem); !ok {
			return nil, p.errorf(selectTok.pos, "semi join sub-selects can only select one field")
		}
	}
	return q, nil
}

// parseClauses parses everything after FROM Object [alias], in the order
// SOQL requires.
func (p *parser) parseClauses(q *Query, st *queryState) error {
	if t := p.peek(); isKeyword(t, "USING") {
		return p.unsupported(t.pos, "USING SCOPE")
	}
	if p.acceptKeyword("WHERE") {
		e, err := p.parseCondition(st, false)
		if err != nil {
			return err
		}
		q.Where = e
	}
	if t := p.peek(); isKeyword(t, "WITH") {
		what := "WITH"
		if n := p.peekAt(1); n.kind == tokIdent {
			what += " " + strings.ToUpper(n.text)
			if m := p.peekAt(2); strings.EqualFold(n.text, "DATA") && m.kind == tokIdent {
				what += " " + strings.ToUpper(m.text)
			}
		}
		return p.unsupported(t.pos, what)
	}
	if p.atKeyword("GROUP") {
		p.i++
		if err := p.expectKeyword("BY"); err != nil {
			return err
		}
		group, err := p.parseGroupBy(st)
		if err != nil {
			return err
		}
		q.GroupBy = group
	}
	if p.acceptKeyword("HAVING") {
		e, err := p.parseCondition(st, true)
		if err != nil {
			return err
		}
		q.Having = e
	}
	if p.atKeyword("ORDER") {
		p.i++
		if err := p.expectKeyword("BY"); err != nil {
			return err
		}
		order, err := p.parseOrderBy(st)
		if err != nil {
			return err
		}
		q.OrderBy = order
	}
	if p.acceptKeyword("LIMIT") {
		n, _, err := p.parseCount()
		if err != nil {
			return err
		}
		q.Limit = n
	}
	if p.acceptKeyword("OFFSET") {
		n, pos, err := p.parseCount()
		if err != nil {
			return err
		}
		if n > MaxOffset {
			return plainErrorf(CodeNumberOutsideValidRange, pos, p.src, "Maximum SOQL offset allowed is %d", MaxOffset)
		}
		q.Offset = n
	}
	if t := p.peek(); isKeyword(t, "FOR") {
		p.i++
		n := p.peek()
		switch {
		case isKeyword(n, "VIEW"), isKeyword(n, "REFERENCE"), isKeyword(n, "UPDATE"):
			p.i++
			q.For = strings.ToUpper(n.text)
		default:
			return p.unexpected(n)
		}
	}
	if t := p.peek(); isKeyword(t, "UPDATE") {
		what := "UPDATE"
		if n := p.peekAt(1); n.kind == tokIdent {
			what += " " + strings.ToUpper(n.text)
		}
		return p.unsupported(t.pos, what)
	}
	if t := p.peek(); isKeyword(t, "ALL") && isKeyword(p.peekAt(1), "ROWS") {
		return p.unsupported(t.pos, "ALL ROWS")
	}
	return nil
}

// parseCount parses the non-negative integer after LIMIT or OFFSET.
func (p *parser) parseCount() (int, int, error) {
	t := p.peek()
	if t.kind != tokNumber || strings.ContainsAny(t.text, ".+-") {
		return 0, t.pos, p.unexpected(t)
	}
	n, err := strconv.Atoi(t.text)
	if err != nil || n > 1<<31-1 {
		return 0, t.pos, p.errorf(t.pos, "number out of range: %s", t.text)
	}
	p.i++
	return n, t.pos, nil
}

// checkPaths enforces the relationship hop limit once the FROM alias is
// known (a leading alias is not a hop).
func (p *parser) checkPaths(q *Query, st *queryState) error {
	for _, r := range st.paths {
		hops := len(r.path) - 1
		if q.Alias != "" && len(r.path) > 1 && strings.EqualFold(r.path[0], q.Alias) {
			hops--
		}
		if hops > MaxRelationshipHops {
			return p.errorf(r.pos, "SOQL statements cannot query relationships that are more than %d levels away from the root entity object.", MaxRelationshipHops)
		}
	}
	return nil
}

// checkFieldsLimit applies Salesforce's rule that FIELDS(ALL) and
// FIELDS(CUSTOM) need a LIMIT of at most 200.
func (p *parser) checkFieldsLimit(q *Query, pos int) error {
	for _, it := range q.Select {
		f, ok := it.(*FieldsItem)
		if !ok || f.Kind == "STANDARD" {
			continue
		}
		if q.Limit < 0 || q.Limit > MaxFieldsLimit {
			return plainErrorf(CodeMalformedQuery, f.Pos, p.src, "The SOQL FIELDS function must have a LIMIT of at most %d", MaxFieldsLimit)
		}
	}
	return nil
}

// parseFieldPath parses Name or Account.Owner.Name.
func (p *parser) parseFieldPath(st *queryState) (FieldPath, int, error) {
	first, err := p.expect(tokIdent)
	if err != nil {
		return nil, 0, err
	}
	if isClauseWord(first) {
		return nil, 0, p.unexpected(first)
	}
	// Most paths are one or two parts; count first to allocate once.
	n := 1
	for j := p.i; j+1 < len(p.toks) && p.toks[j].kind == tokDot && p.toks[j+1].kind == tokIdent; j += 2 {
		n++
	}
	path := make(FieldPath, 1, n)
	path[0] = first.text
	for p.peek().kind == tokDot {
		p.i++
		part, err := p.expect(tokIdent)
		if err != nil {
			return nil, 0, err
		}
		path = append(path, part.text)
	}
	st.paths = append(st.paths, pathRef{path: path, pos: first.pos})
	return path, first.pos, nil
}

// parseSelectList parses the comma-separated select items.
func (p *parser) parseSelectList(st *queryState, kind queryKind) ([]SelectItem, error) {
	items := make([]SelectItem, 0, 4)
	for {
		it, err := p.parseSelectItem(st, kind)
		if err != nil {
			return nil, err
		}
		items = append(items, it)
		if p.peek().kind != tokComma {
			return items, nil
		}
		p.i++
	}
}

func (p *parser) parseSelectItem(st *queryState, kind queryKind) (SelectItem, error) {
	t := p.peek()
	switch t.kind {
	case tokLParen:
		if kind == querySemiJoin {
			return nil, p.unexpected(t)
		}
		if err := p.enter(t.pos); err != nil {
			return nil, err
		}
		p.i++
		sub, err := p.parseQuery(queryChild)
		if err != nil {
			return nil, err
		}
		if _, err := p.expect(tokRParen); err != nil {
			return nil, err
		}
		p.leave()
		return &SubqueryItem{Query: sub, Pos: t.pos}, nil
	case tokIdent:
		if isKeyword(t, "TYPEOF") && p.peekAt(1).kind == tokIdent {
			return nil, p.unsupported(t.pos, "TYPEOF")
		}
		if p.peekAt(1).kind == tokLParen {
			return p.parseSelectFunction(st)
		}
		path, pos, err := p.parseFieldPath(st)
		if err != nil {
			return nil, err
		}
		return &FieldItem{Path: path, Alias: p.acceptAlias(), Pos: pos}, nil
	}
	return nil, p.unexpected(t)
}

// aggregateFuncs are the aggregate functions the emulator evaluates.
var aggregateFuncs = map[string]bool{
	"COUNT": true, "COUNT_DISTINCT": true, "MIN": true, "MAX": true, "SUM": true, "AVG": true,
}

// unsupportedFuncs are functions Salesforce has but the emulator does not
// evaluate; naming them gives a clearer error than "unexpected token".
var unsupportedFuncs = map[string]string{
	"FORMAT":           "FORMAT()",
	"CONVERTCURRENCY":  "convertCurrency()",
	"CONVERTTIMEZONE":  "convertTimezone()",
	"TOLABEL":          "toLabel()",
	"DISTANCE":         "DISTANCE()",
	"GEOLOCATION":      "GEOLOCATION()",
	"GROUPING":         "GROUPING()",
	"CALENDAR_MONTH":   "CALENDAR_MONTH()",
	"CALENDAR_QUARTER": "CALENDAR_QUARTER()",
	"CALENDAR_YEAR":    "CALENDAR_YEAR()",
	"DAY_IN_MONTH":     "DAY_IN_MONTH()",
	"DAY_IN_WEEK":      "DAY_IN_WEEK()",
	"DAY_IN_YEAR":      "DAY_IN_YEAR()",
	"DAY_ONLY":         "DAY_ONLY()",
	"FISCAL_MONTH":     "FISCAL_MONTH()",
	"FISCAL_QUARTER":   "FISCAL_QUARTER()",
	"FISCAL_YEAR":      "FISCAL_YEAR()",
	"HOUR_IN_DAY":      "HOUR_IN_DAY()",
	"WEEK_IN_MONTH":    "WEEK_IN_MONTH()",
	"WEEK_IN_YEAR":     "WEEK_IN_YEAR()",
	"ROLLUP":           "GROUP BY ROLLUP",
	"CUBE":             "GROUP BY CUBE",
}

// funcError explains why the function call at t cannot be used here.
func (p *parser) funcError(t token) error {
	if what, ok := unsupportedFuncs[strings.ToUpper(t.text)]; ok {
		return p.unsupported(t.pos, what)
	}
	return p.errorf(t.pos, "unknown function: %s", t.text)
}

// parseSelectFunction parses COUNT(), an aggregate or FIELDS(...) in the
// select list, with its optional alias.
func (p *parser) parseSelectFunction(st *queryState) (SelectItem, error) {
	t := p.peek()
	name := strings.ToUpper(t.text)
	switch {
	case name == "FIELDS":
		p.i += 2
		kind, err := p.expect(tokIdent)
		if err != nil {
			return nil, err
		}
		k := strings.ToUpper(kind.text)
		if k != "ALL" && k != "STANDARD" && k != "CUSTOM" {
			return nil, p.unexpected(kind)
		}
		if _, err := p.expect(tokRParen); err != nil {
			return nil, err
		}
		return &FieldsItem{Kind: k, Pos: t.pos}, nil
	case name == "COUNT" && p.peekAt(2).kind == tokRParen:
		p.i += 3
		return &CountItem{Pos: t.pos}, nil
	case aggregateFuncs[name]:
		agg, err := p.parseAggregate(st)
		if err != nil {
			return nil, err
		}
		agg.Alias = p.acceptAlias()
		return agg, nil
	}
	return nil, p.funcError(t)
}

// parseAggregate parses FUNC(field) at the current token, which must be
// a known aggregate name followed by '('. COUNT() is handled by callers
// that allow it.
func (p *parser) parseAggregate(st *queryState) (*AggregateItem, error) {
	t := p.advance()
	p.advance() // (
	if a := p.peek(); a.kind == tokIdent && p.peekAt(1).kind == tokLParen {
		return nil, p.funcError(a)
	}
	path, _, err := p.parseFieldPath(st)
	if err != nil {
		return nil, err
	}
	if _, err := p.expect(tokRParen); err != nil {
		return nil, err
	}
	return &AggregateItem{Func: strings.ToUpper(t.text), Arg: path, Pos: t.pos}, nil
}

// parseGroupBy parses the GROUP BY field list.
func (p *parser) parseGroupBy(st *queryState) ([]FieldPath, error) {
	var out []FieldPath
	for {
		t := p.peek()
		if t.kind == tokIdent && p.peekAt(1).kind == tokLParen {
			return nil, p.funcError(t)
		}
		path, _, err := p.parseFieldPath(st)
		if err != nil {
			return nil, err
		}
		out = append(out, path)
		if p.peek().kind != tokComma {
			return out, nil
		}
		p.i++
	}
}

// parseOrderBy parses ORDER BY keys with ASC/DESC and NULLS FIRST/LAST.
func (p *parser) parseOrderBy(st *queryState) ([]OrderItem, error) {
	out := make([]OrderItem, 0, 2)
	for {
		var it OrderItem
		t := p.peek()
		if t.kind == tokIdent && p.peekAt(1).kind == tokLParen {
			name := strings.ToUpper(t.text)
			switch {
			case name == "COUNT" && p.peekAt(2).kind == tokRParen:
				// ORDER BY COUNT() is not valid; only COUNT(field).
				return nil, p.unexpected(p.peekAt(2))
			case aggregateFuncs[name]:
				agg, err := p.parseAggregate(st)
				if err != nil {
					return nil, err
				}
				it.Agg = agg
			default:
				return nil, p.funcError(t)
			}
		} else {
			path, _, err := p.parseFieldPath(st)
			if err != nil {
				return nil, err
			}
			it.Field = path
		}
		if p.acceptKeyword("DESC") {
			it.Desc = true
		} else {
			p.acceptKeyword("ASC")
		}
		it.NullsLast = it.Desc
		if p.acceptKeyword("NULLS") {
			switch n := p.peek(); {
			case isKeyword(n, "FIRST"):
				it.NullsLast = false
			case isKeyword(n, "LAST"):
				it.NullsLast = true
			default:
				return nil, p.unexpected(n)
			}
			p.i++
		}
		out = append(out, it)
		if p.peek().kind != tokComma {
			return out, nil
		}
		p.i++
	}
}

// parseCondition parses a WHERE or HAVING condition. SOQL has no
// precedence between AND and OR: mixing them at one level without
// parentheses is a syntax error, as in Salesforce.
func (p *parser) parseCondition(st *queryState, having bool) (Expr, error) {
	left, err := p.parseUnary(st, having)
	if err != nil {
		return nil, err
	}
	var op string
	for {
		t := p.peek()
		var this string
		switch {
		case isKeyword(t, "AND"):
			this = "AND"
		case isKeyword(t, "OR"):
			this = "OR"
		default:
			return left, nil
		}
		if op != "" && op != this {
			return nil, p.unexpected(t)
		}
		op = this
		p.i++
		right, err := p.parseUnary(st, having)
		if err != nil {
			return nil, err
		}
		if op == "AND" {
			left = &AndExpr{Left: left, Right: right}
		} else {
			left = &OrExpr{Left: left, Right: right}
		}
	}
}

// parseUnary parses NOT x, (condition) or a comparison.
func (p *parser) parseUnary(st *queryState, having bool) (Expr, error) {
	t := p.peek()
	if err := p.enter(t.pos); err != nil {
		return nil, err
	}
	defer p.leave()
	switch {
	case isKeyword(t, "NOT"):
		p.i++
		x, err := p.parseUnary(st, having)
		if err != nil {
			return nil, err
		}
		return &NotExpr{X: x}, nil
	case t.kind == tokLParen:
		p.i++
		x, err := p.parseCondition(st, having)
		if err != nil {
			return nil, err
		}
		if _, err := p.expect(tokRParen); err != nil {
			return nil, err
		}
		return x, nil
	}
	return p.parseComparison(st, having)
}

// parseComparison parses `field op value`; in HAVING the left side may
// be an aggregate.
func (p *parser) parseComparison(st *queryState, having bool) (Expr, error) {
	t := p.peek()
	c := &Comparison{Pos: t.pos}
	if t.kind == tokIdent && p.peekAt(1).kind == tokLParen {
		name := strings.ToUpper(t.text)
		if !having || !aggregateFuncs[name] {
			if aggregateFuncs[name] {
				return nil, p.errorf(t.pos, "Aggregate functions are not allowed in WHERE; use HAVING")
			}
			return nil, p.funcError(t)
		}
		if name == "COUNT" && p.peekAt(2).kind == tokRParen {
			// HAVING compares COUNT(field); bare COUNT() is select-only.
			return nil, p.unexpected(p.peekAt(2))
		}
		agg, err := p.parseAggregate(st)
		if err != nil {
			return nil, err
		}
		c.Agg = agg
	} else {
		path, _, err := p.parseFieldPath(st)
		if err != nil {
			return nil, err
		}
		c.Field = path
	}

	opTok := p.peek()
	switch {
	case opTok.kind == tokOp:
		p.i++
		c.Op = opTok.text
		if c.Op == "<>" {
			c.Op = "!="
		}
	case isKeyword(opTok, "LIKE"):
		p.i++
		c.Op = "LIKE"
	case isKeyword(opTok, "IN"):
		p.i++
		c.Op = "IN"
	case isKeyword(opTok, "NOT"):
		p.i++
		if err := p.expectKeyword("IN"); err != nil {
			return nil, err
		}
		c.Op = "NOT_IN"
	case isKeyword(opTok, "INCLUDES"):
		p.i++
		c.Op = "INCLUDES"
	case isKeyword(opTok, "EXCLUDES"):
		p.i++
		c.Op = "EXCLUDES"
	default:
		return nil, p.unexpected(opTok)
	}

	var err error
	switch c.Op {
	case "IN", "NOT_IN":
		c.Value, err = p.parseListOrSubquery(true)
	case "INCLUDES", "EXCLUDES":
		c.Value, err = p.parseListOrSubquery(false)
	default:
		c.Value, err = p.parseLiteral()
	}
	if err != nil {
		return nil, err
	}
	return c, nil
}

// parseListOrSubquery parses ( literal, ... ) or, when semiJoin is set,
// ( SELECT ... ).
func (p *parser) parseListOrSubquery(semiJoin bool) (Value, error) {
	open, err := p.expect(tokLParen)
	if err != nil {
		return nil, err
	}
	if semiJoin && p.atKeyword("SELECT") {
		if err := p.enter(open.pos); err != nil {
			return nil, err
		}
		sub, err := p.parseQuery(querySemiJoin)
		if err != nil {
			return nil, err
		}
		if _, err := p.expect(tokRParen); err != nil {
			return nil, err
		}
		p.leave()
		return &SubqueryValue{Query: sub}, nil
	}
	items := make([]Value, 0, 4)
	for {
		v, err := p.parseLiteral()
		if err != nil {
			return nil, err
		}
		items = append(items, v)
		t := p.advance()
		switch t.kind {
		case tokComma:
			continue
		case tokRParen:
			return &ListValue{Items: items}, nil
		}
		return nil, p.unexpected(t)
	}
}

// parseLiteral parses one scalar value.
func (p *parser) parseLiteral() (Value, error) {
	t := p.peek()
	switch t.kind {
	case tokString:
		p.i++
		return &StringValue{V: t.str}, nil
	case tokNumber:
		f, err := strconv.ParseFloat(t.text, 64)
		if err != nil {
			return nil, p.errorf(t.pos, "number out of range: %s", t.text)
		}
		p.i++
		return &NumberValue{V: f, Text: t.text}, nil
	case tokDate:
		p.i++
		return &DateValue{V: t.t}, nil
	case tokDateTime:
		p.i++
		return &DateTimeValue{V: t.t}, nil
	case tokIdent:
		switch {
		case isKeyword(t, "TRUE"):
			p.i++
			return &BoolValue{V: true}, nil
		case isKeyword(t, "FALSE"):
			p.i++
			return &BoolValue{V: false}, nil
		case isKeyword(t, "NULL"):
			p.i++
			return &NullValue{}, nil
		}
		return p.parseDateLiteral()
	}
	return nil, p.unexpected(t)
}

// parseDateLiteral parses TODAY, LAST_N_DAYS:7 and the like.
func (p *parser) parseDateLiteral() (Value, error) {
	t := p.peek()
	name := strings.ToUpper(t.text)
	switch dateLiteralKinds[name] {
	case dateFixed:
		p.i++
		return &DateLiteral{Name: name}, nil
	case dateWithN:
		p.i++
		if c := p.peek(); c.kind != tokColon {
			return nil, p.errorf(c.pos, "date literal %s requires a parameter, as in %s:n", name, name)
		}
		p.i++
		n := p.peek()
		if n.kind != tokNumber || strings.ContainsAny(n.text, ".+-") {
			return nil, p.unexpected(n)
		}
		v, err := strconv.Atoi(n.text)
		if err != nil || v > maxDateLiteralN {
			return nil, p.errorf(n.pos, "date literal parameter out of range: %s", n.text)
		}
		p.i++
		return &DateLiteral{Name: name, N: v}, nil
	}
	return nil, p.unexpected(t)
}
