package soql

import "time"

// Query is one parsed SOQL SELECT statement: the top-level query or a child
// subquery in the select list or a semi-join in WHERE.
type Query struct {
	// Select holds the select list in source order.
	Select []SelectItem
	// From is the object name as written (for a child subquery, the child
	// relationship name such as "Contacts").
	From string
	// Alias is the optional object alias (`FROM Account a`).
	Alias string
	// Where is the filter, nil when absent.
	Where Expr
	// GroupBy lists grouping fields, empty when absent.
	GroupBy []FieldPath
	// Having filters groups, nil when absent.
	Having Expr
	// OrderBy lists sort keys in priority order.
	OrderBy []OrderItem
	// Limit is the LIMIT value, or -1 when absent.
	Limit int
	// Offset is the OFFSET value, or -1 when absent.
	Offset int
	// For is the trailing FOR VIEW / FOR REFERENCE / FOR UPDATE clause in
	// upper case, empty when absent. Evaluators may ignore it.
	For string
}

// SelectItem is one entry of a select list: a *FieldItem, *AggregateItem,
// *CountItem, *FieldsItem or *SubqueryItem.
type SelectItem interface{ selectItem() }

// FieldPath is a dotted field reference such as Owner.Email, split into
// its parts as written. A leading alias of the FROM object is kept; the
// evaluator strips it.
type FieldPath []string

// FieldItem selects one field path.
type FieldItem struct {
	Path FieldPath
	// Alias is set only in aggregate queries (`SELECT Name n ... GROUP BY Name`).
	Alias string
	// Pos is the byte offset of the item in the query text, for errors.
	Pos int
}

// AggregateItem selects an aggregate function such as COUNT(Id), MAX(Amount).
type AggregateItem struct {
	// Func is the upper-case function name: COUNT, COUNT_DISTINCT, MIN, MAX,
	// SUM, AVG.
	Func string
	// Arg is the field the function applies to.
	Arg FieldPath
	// Alias is the optional alias; without one Salesforce names the column
	// expr0, expr1, ... in select-list order among unaliased aggregates.
	Alias string
	Pos   int
}

// CountItem is the bare `COUNT()` form, which makes the query answer only a
// totalSize.
type CountItem struct{ Pos int }

// FieldsItem is FIELDS(ALL), FIELDS(STANDARD) or FIELDS(CUSTOM).
type FieldsItem struct {
	// Kind is ALL, STANDARD or CUSTOM.
	Kind string
	Pos  int
}

// SubqueryItem is a child relationship subquery in the select list.
type SubqueryItem struct {
	Query *Query
	Pos   int
}

func (*FieldItem) selectItem()     {}
func (*AggregateItem) selectItem() {}
func (*CountItem) selectItem()     {}
func (*FieldsItem) selectItem()    {}
func (*SubqueryItem) selectItem()  {}

// OrderItem is one ORDER BY key.
type OrderItem struct {
	// Field is the sort field; for aggregate queries it may instead be
	// an aggregate (Agg non-nil).
	Field FieldPath
	Agg   *AggregateItem
	Desc  bool
	// NullsLast reports NULLS LAST. Salesforce's default is NULLS FIRST for
	// ascending and NULLS LAST for descending; the parser fills in the
	// default when the clause is absent.
	NullsLast bool
}

// Expr is a WHERE or HAVING condition: *AndExpr, *OrExpr, *NotExpr or
// *Comparison.
type Expr interface{ expr() }

// AndExpr is Left AND Right.
type AndExpr struct{ Left, Right Expr }

// OrExpr is Left OR Right.
type OrExpr struct{ Left, Right Expr }

// NotExpr is NOT X.
type NotExpr struct{ X Expr }

// Comparison is `Field Op Value`.
type Comparison struct {
	// Field is the left-hand field path; nil when the left-hand side is an
	// aggregate (HAVING COUNT(Id) > 1).
	Field FieldPath
	Agg   *AggregateItem
	// Op is one of = != < <= > >= LIKE IN NOT_IN INCLUDES EXCLUDES.
	// `<>` is normalised to `!=`.
	Op    string
	Value Value
	Pos   int
}

func (*AndExpr) expr()    {}
func (*OrExpr) expr()     {}
func (*NotExpr) expr()    {}
func (*Comparison) expr() {}

// Value is the right-hand side of a comparison: *StringValue, *NumberValue,
// *BoolValue, *NullValue, *DateValue, *DateTimeValue, *DateLiteral,
// *ListValue or *SubqueryValue.
type Value interface{ value() }

// StringValue is a quoted string literal with escapes resolved.
type StringValue struct{ V string }

// NumberValue is a numeric literal. Text keeps the source spelling.
type NumberValue struct {
	V    float64
	Text string
}

// BoolValue is TRUE or FALSE.
type BoolValue struct{ V bool }

// NullValue is NULL.
type NullValue struct{}

// DateValue is an unquoted date literal such as 2024-01-31, at midnight UTC.
type DateValue struct{ V time.Time }

// DateTimeValue is an unquoted datetime literal such as
// 2024-01-31T00:00:00.000+00:00.
type DateTimeValue struct{ V time.Time }

// DateLiteral is a relative date literal such as TODAY or LAST_N_DAYS:7.
type DateLiteral struct {
	// Name is the upper-case literal name without the `:n` part.
	Name string
	// N is the parameter of the _N_ forms, 0 otherwise.
	N int
}

// ListValue is a parenthesised list of literals used with IN, NOT IN,
// INCLUDES and EXCLUDES.
type ListValue struct{ Items []Value }

// SubqueryValue is a semi-join: `Id IN (SELECT AccountId FROM Contact)`.
type SubqueryValue struct{ Query *Query }

func (*StringValue) value()   {}
func (*NumberValue) value()   {}
func (*BoolValue) value()     {}
func (*NullValue) value()     {}
func (*DateValue) value()     {}
func (*DateTimeValue) value() {}
func (*DateLiteral) value()   {}
func (*ListValue) value()     {}
func (*SubqueryValue) value() {}
