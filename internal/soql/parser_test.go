package soql

import (
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"
)

func path(parts ...string) FieldPath { return FieldPath(parts) }

func field(parts ...string) *FieldItem { return &FieldItem{Path: path(parts...)} }

func cmp(f FieldPath, op string, v Value) *Comparison { return &Comparison{Field: f, Op: op, Value: v} }

func str(s string) *StringValue { return &StringValue{V: s} }

func num(text string, v float64) *NumberValue { return &NumberValue{V: v, Text: text} }

// query returns a Query with the absent-LIMIT/OFFSET defaults.
func query(from string, items ...SelectItem) *Query {
	return &Query{Select: items, From: from, Limit: -1, Offset: -1}
}

// with applies fn to q and returns it, to keep table entries short.
func with(q *Query, fn func(*Query)) *Query { fn(q); return q }

// clearPos zeroes every Pos field so tests can compare shapes; positions
// have their own test.
func clearPos(q *Query) {
	if q == nil {
		return
	}
	for _, it := range q.Select {
		switch x := it.(type) {
		case *FieldItem:
			x.Pos = 0
		case *AggregateItem:
			x.Pos = 0
		case *CountItem:
			x.Pos = 0
		case *FieldsItem:
			x.Pos = 0
		case *SubqueryItem:
			x.Pos = 0
			clearPos(x.Query)
		}
	}
	clearExpr(q.Where)
	clearExpr(q.Having)
	for i := range q.OrderBy {
		if q.OrderBy[i].Agg != nil {
			q.OrderBy[i].Agg.Pos = 0
		}
	}
}

func clearExpr(e Expr) {
	switch x := e.(type) {
	case *AndExpr:
		clearExpr(x.Left)
		clearExpr(x.Right)
	case *OrExpr:
		clearExpr(x.Left)
		clearExpr(x.Right)
	case *NotExpr:
		clearExpr(x.X)
	case *Comparison:
		x.Pos = 0
		if x.Agg != nil {
			x.Agg.Pos = 0
		}
		if sq, ok := x.Value.(*SubqueryValue); ok {
			clearPos(sq.Query)
		}
	}
}

func dump(v any) string {
	b, _ := json.MarshalIndent(v, "", "  ")
	return string(b)
}

func TestParse(t *testing.T) {
	t.Parallel()
	jan1 := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	jan31 := time.Date(2024, 1, 31, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		name string
		in   string
		want *Query
	}{
		{
			name: "airbyte incremental window",
			in:   "SELECT a,b FROM Account WHERE SystemModstamp >= 2024-01-01T00:00:00.000+00:00 AND SystemModstamp < 2024-01-31T00:00:00.000+00:00 ORDER BY SystemModstamp ASC",
			want: with(query("Account", field("a"), field("b")), func(q *Query) {
				q.Where = &AndExpr{
					Left:  cmp(path("SystemModstamp"), ">=", &DateTimeValue{V: jan1}),
					Right: cmp(path("SystemModstamp"), "<", &DateTimeValue{V: jan31}),
				}
				q.OrderBy = []OrderItem{{Field: path("SystemModstamp")}}
			}),
		},
		{
			name: "queryAll with double space",
			in:   "SELECT Id FROM Account  ORDER BY Id ASC",
			want: with(query("Account", field("Id")), func(q *Query) {
				q.OrderBy = []OrderItem{{Field: path("Id")}}
			}),
		},
		{
			name: "lower-case keywords and odd whitespace",
			in:   "select\tid ,\n name\r\nfrom   account\nwhere name = 'x'\tlimit 5",
			want: with(query("account", field("id"), field("name")), func(q *Query) {
				q.Where = cmp(path("name"), "=", str("x"))
				q.Limit = 5
			}),
		},
		{
			name: "parent paths and custom names",
			in:   "SELECT Owner.Email, Account.Owner.Name, Foo__r.Bar__c, Acme__Foo__c FROM Contact",
			want: query("Contact", field("Owner", "Email"), field("Account", "Owner", "Name"), field("Foo__r", "Bar__c"), field("Acme__Foo__c")),
		},
		{
			name: "five hops",
			in:   "SELECT A.B.C.D.E.Name FROM X",
			want: query("X", field("A", "B", "C", "D", "E", "Name")),
		},
		{
			name: "alias prefix is not a hop",
			in:   "SELECT x.A.B.C.D.E.Name FROM X x",
			want: with(query("X", field("x", "A", "B", "C", "D", "E", "Name")), func(q *Query) { q.Alias = "x" }),
		},
		{
			name: "object alias",
			in:   "SELECT a.Name FROM Account a WHERE a.Industry = 'Tech'",
			want: with(query("Account", field("a", "Name")), func(q *Query) {
				q.Alias = "a"
				q.Where = cmp(path("a", "Industry"), "=", str("Tech"))
			}),
		},
		{
			name: "count()",
			in:   "SELECT count() FROM Contact",
			want: query("Contact", &CountItem{}),
		},
		{
			name: "aggregates with aliases, group by and having",
			in:   "SELECT StageName, COUNT(Id) n, SUM(Amount) total, AVG(Amount), MIN(CloseDate), MAX(CloseDate), COUNT_DISTINCT(AccountId) FROM Opportunity GROUP BY StageName HAVING COUNT(Id) > 1 AND StageName != 'Closed' ORDER BY SUM(Amount) DESC, StageName",
			want: with(query("Opportunity",
				field("StageName"),
				&AggregateItem{Func: "COUNT", Arg: path("Id"), Alias: "n"},
				&AggregateItem{Func: "SUM", Arg: path("Amount"), Alias: "total"},
				&AggregateItem{Func: "AVG", Arg: path("Amount")},
				&AggregateItem{Func: "MIN", Arg: path("CloseDate")},
				&AggregateItem{Func: "MAX", Arg: path("CloseDate")},
				&AggregateItem{Func: "COUNT_DISTINCT", Arg: path("AccountId")},
			), func(q *Query) {
				q.GroupBy = []FieldPath{path("StageName")}
				q.Having = &AndExpr{
					Left:  &Comparison{Agg: &AggregateItem{Func: "COUNT", Arg: path("Id")}, Op: ">", Value: num("1", 1)},
					Right: cmp(path("StageName"), "!=", str("Closed")),
				}
				q.OrderBy = []OrderItem{
					{Agg: &AggregateItem{Func: "SUM", Arg: path("Amount")}, Desc: true, NullsLast: true},
					{Field: path("StageName")},
				}
			}),
		},
		{
			name: "plain field alias",
			in:   "SELECT Name n, COUNT(Id) FROM Account GROUP BY Name, Industry",
			want: with(query("Account", &FieldItem{Path: path("Name"), Alias: "n"}, &AggregateItem{Func: "COUNT", Arg: path("Id")}), func(q *Query) {
				q.GroupBy = []FieldPath{path("Name"), path("Industry")}
			}),
		},
		{
			name: "fields(all) limit 200",
			in:   "SELECT FIELDS(ALL) FROM Account LIMIT 200",
			want: with(query("Account", &FieldsItem{Kind: "ALL"}), func(q *Query) { q.Limit = 200 }),
		},
		{
			name: "fields(standard) needs no limit",
			in:   "SELECT fields(standard), Name FROM Account",
			want: query("Account", &FieldsItem{Kind: "STANDARD"}, field("Name")),
		},
		{
			name: "fields(custom) limit",
			in:   "SELECT FIELDS(Custom) FROM Account LIMIT 10",
			want: with(query("Account", &FieldsItem{Kind: "CUSTOM"}), func(q *Query) { q.Limit = 10 }),
		},
		{
			name: "child subquery",
			in:   "SELECT Id, (SELECT Id, LastName FROM Contacts WHERE LastName LIKE 'S%' ORDER BY LastName DESC NULLS FIRST LIMIT 3) FROM Account",
			want: query("Account", field("Id"), &SubqueryItem{Query: with(query("Contacts", field("Id"), field("LastName")), func(q *Query) {
				q.Where = cmp(path("LastName"), "LIKE", str("S%"))
				q.OrderBy = []OrderItem{{Field: path("LastName"), Desc: true, NullsLast: false}}
				q.Limit = 3
			})}),
		},
		{
			name: "semi-join and anti-join",
			in:   "SELECT Id FROM Account WHERE Id IN (SELECT AccountId FROM Contact WHERE Email != null) AND Id NOT IN (SELECT AccountId FROM Opportunity)",
			want: with(query("Account", field("Id")), func(q *Query) {
				q.Where = &AndExpr{
					Left: cmp(path("Id"), "IN", &SubqueryValue{Query: with(query("Contact", field("AccountId")), func(s *Query) {
						s.Where = cmp(path("Email"), "!=", &NullValue{})
					})}),
					Right: cmp(path("Id"), "NOT_IN", &SubqueryValue{Query: query("Opportunity", field("AccountId"))}),
				}
			}),
		},
		{
			name: "not of parenthesised or",
			in:   "SELECT Id FROM Lead WHERE NOT (Status = 'Open' OR Rating = 'Hot')",
			want: with(query("Lead", field("Id")), func(q *Query) {
				q.Where = &NotExpr{X: &OrExpr{
					Left:  cmp(path("Status"), "=", str("Open")),
					Right: cmp(path("Rating"), "=", str("Hot")),
				}}
			}),
		},
		{
			name: "and/or mixed with parentheses",
			in:   "SELECT Id FROM A WHERE (a = 1 AND b = 2) OR c = 3 OR NOT d = 4",
			want: with(query("A", field("Id")), func(q *Query) {
				q.Where = &OrExpr{
					Left: &OrExpr{
						Left:  &AndExpr{Left: cmp(path("a"), "=", num("1", 1)), Right: cmp(path("b"), "=", num("2", 2))},
						Right: cmp(path("c"), "=", num("3", 3)),
					},
					Right: &NotExpr{X: cmp(path("d"), "=", num("4", 4))},
				}
			}),
		},
		{
			name: "and chain is left-associative",
			in:   "SELECT Id FROM A WHERE a = 1 AND b = 2 AND c = 3",
			want: with(query("A", field("Id")), func(q *Query) {
				q.Where = &AndExpr{
					Left:  &AndExpr{Left: cmp(path("a"), "=", num("1", 1)), Right: cmp(path("b"), "=", num("2", 2))},
					Right: cmp(path("c"), "=", num("3", 3)),
				}
			}),
		},
		{
			name: "operators",
			in:   "SELECT Id FROM A WHERE a = 1 AND b != 2 AND c <> 3 AND d < 4 AND e <= 5 AND f > 6 AND g >= 7",
			want: with(query("A", field("Id")), func(q *Query) {
				var e Expr = cmp(path("a"), "=", num("1", 1))
				for _, c := range []*Comparison{
					cmp(path("b"), "!=", num("2", 2)), cmp(path("c"), "!=", num("3", 3)),
					cmp(path("d"), "<", num("4", 4)), cmp(path("e"), "<=", num("5", 5)),
					cmp(path("f"), ">", num("6", 6)), cmp(path("g"), ">=", num("7", 7)),
				} {
					e = &AndExpr{Left: e, Right: c}
				}
				q.Where = e
			}),
		},
		{
			name: "in list, includes, excludes",
			in:   "SELECT Id FROM A WHERE Name IN ('a', 'b') AND Score__c NOT IN (1, -1.5) AND Tags__c INCLUDES ('x;y', 'z') AND Tags__c EXCLUDES ('w')",
			want: with(query("A", field("Id")), func(q *Query) {
				q.Where = &AndExpr{
					Left: &AndExpr{
						Left: &AndExpr{
							Left:  cmp(path("Name"), "IN", &ListValue{Items: []Value{str("a"), str("b")}}),
							Right: cmp(path("Score__c"), "NOT_IN", &ListValue{Items: []Value{num("1", 1), num("-1.5", -1.5)}}),
						},
						Right: cmp(path("Tags__c"), "INCLUDES", &ListValue{Items: []Value{str("x;y"), str("z")}}),
					},
					Right: cmp(path("Tags__c"), "EXCLUDES", &ListValue{Items: []Value{str("w")}}),
				}
			}),
		},
		{
			name: "literals",
			in:   "SELECT Id FROM A WHERE a = TRUE OR b = false OR c = NULL OR d = 2024-01-31 OR e = 'it\\'s' OR f = 0.5",
			want: with(query("A", field("Id")), func(q *Query) {
				var e Expr = cmp(path("a"), "=", &BoolValue{V: true})
				for _, c := range []*Comparison{
					cmp(path("b"), "=", &BoolValue{V: false}),
					cmp(path("c"), "=", &NullValue{}),
					cmp(path("d"), "=", &DateValue{V: jan31}),
					cmp(path("e"), "=", str("it's")),
					cmp(path("f"), "=", num("0.5", 0.5)),
				} {
					e = &OrExpr{Left: e, Right: c}
				}
				q.Where = e
			}),
		},
		{
			name: "like escapes kept",
			in:   `SELECT Id FROM A WHERE Name LIKE '100\% \_x%'`,
			want: with(query("A", field("Id")), func(q *Query) {
				q.Where = cmp(path("Name"), "LIKE", str(`100\% \_x%`))
			}),
		},
		{
			name: "date literals",
			in:   "SELECT Id FROM A WHERE CreatedDate = today AND CloseDate > LAST_N_DAYS:30 AND D = n_fiscal_years_ago:2",
			want: with(query("A", field("Id")), func(q *Query) {
				q.Where = &AndExpr{
					Left: &AndExpr{
						Left:  cmp(path("CreatedDate"), "=", &DateLiteral{Name: "TODAY"}),
						Right: cmp(path("CloseDate"), ">", &DateLiteral{Name: "LAST_N_DAYS", N: 30}),
					},
					Right: cmp(path("D"), "=", &DateLiteral{Name: "N_FISCAL_YEARS_AGO", N: 2}),
				}
			}),
		},
		{
			name: "limit offset for view",
			in:   "SELECT Id FROM Account LIMIT 0 OFFSET 2000 FOR VIEW",
			want: with(query("Account", field("Id")), func(q *Query) {
				q.Limit = 0
				q.Offset = 2000
				q.For = "VIEW"
			}),
		},
		{
			name: "for reference",
			in:   "SELECT Id FROM Account for reference",
			want: with(query("Account", field("Id")), func(q *Query) { q.For = "REFERENCE" }),
		},
		{
			name: "for update",
			in:   "SELECT Id FROM Account FOR UPDATE",
			want: with(query("Account", field("Id")), func(q *Query) { q.For = "UPDATE" }),
		},
		{
			name: "order by nulls last on ascending",
			in:   "SELECT Id FROM A ORDER BY Name NULLS LAST, CreatedDate DESC, Id ASC NULLS FIRST",
			want: with(query("A", field("Id")), func(q *Query) {
				q.OrderBy = []OrderItem{
					{Field: path("Name"), NullsLast: true},
					{Field: path("CreatedDate"), Desc: true, NullsLast: true},
					{Field: path("Id")},
				}
			}),
		},
		{
			name: "objects named like keywords",
			in:   "SELECT Id, Group.Name FROM Order WHERE Order.Status = 'Draft'",
			want: with(query("Order", field("Id"), field("Group", "Name")), func(q *Query) {
				q.Where = cmp(path("Order", "Status"), "=", str("Draft"))
			}),
		},
		{
			name: "nested child subqueries",
			in:   "SELECT Id, (SELECT Id, (SELECT Id FROM Cases) FROM Contacts) FROM Account",
			want: query("Account", field("Id"), &SubqueryItem{Query: query("Contacts", field("Id"), &SubqueryItem{Query: query("Cases", field("Id"))})}),
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := Parse(tt.in)
			if err != nil {
				t.Fatalf("Parse(%q): %v", tt.in, err)
			}
			clearPos(got)
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Parse(%q)\n got: %s\nwant: %s", tt.in, dump(got), dump(tt.want))
			}
		})
	}
}

func TestParsePositions(t *testing.T) {
	t.Parallel()
	in := "SELECT Id, COUNT(x) c, (SELECT Id FROM Contacts), FIELDS(ALL), count() FROM A WHERE Name = 'x' HAVING MAX(y) > 1 ORDER BY SUM(z) LIMIT 5"
	q, err := Parse(in)
	if err != nil {
		t.Fatal(err)
	}
	at := func(name string, pos int, want string) {
		t.Helper()
		if !strings.HasPrefix(in[pos:], want) {
			t.Errorf("%s: Pos %d points at %q, want %q", name, pos, in[pos:min(pos+len(want), len(in))], want)
		}
	}
	at("field", q.Select[0].(*FieldItem).Pos, "Id")
	at("aggregate", q.Select[1].(*AggregateItem).Pos, "COUNT(x)")
	at("subquery", q.Select[2].(*SubqueryItem).Pos, "(SELECT")
	at("subquery field", q.Select[2].(*SubqueryItem).Query.Select[0].(*FieldItem).Pos, "Id FROM Contacts")
	at("fields", q.Select[3].(*FieldsItem).Pos, "FIELDS")
	at("count", q.Select[4].(*CountItem).Pos, "count()")
	at("where", q.Where.(*Comparison).Pos, "Name =")
	at("having", q.Having.(*Comparison).Pos, "MAX(y)")
	at("having agg", q.Having.(*Comparison).Agg.Pos, "MAX(y)")
	at("order agg", q.OrderBy[0].Agg.Pos, "SUM(z)")
}

func TestParseErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		in       string
		wantCode string
		wantMsg  string
	}{
		{"empty", "", CodeMalformedQuery, "unexpected token: '<EOF>'"},
		{"eof after where", "SELECT Id FROM Account WHERE", CodeMalformedQuery,
			"\nSELECT Id FROM Account WHERE\n                            ^\nERROR at Row:1:Column:29\nunexpected token: '<EOF>'"},
		{"trailing comma in select", "SELECT Id, FROM Account", CodeMalformedQuery,
			"\nSELECT Id, FROM Account\n           ^\nERROR at Row:1:Column:12\nunexpected token: 'FROM'"},
		{"multi-line position", "SELECT Id\nFROM Account\nWHERE Name = = 'x'", CodeMalformedQuery,
			"\nWHERE Name = = 'x'\n             ^\nERROR at Row:3:Column:14\nunexpected token: '='"},
		{"and then or", "SELECT Id FROM A WHERE a = 1 AND b = 2 OR c = 3", CodeMalformedQuery,
			"ERROR at Row:1:Column:40\nunexpected token: 'OR'"},
		{"or then and", "SELECT Id FROM A WHERE a = 1 OR b = 2 AND c = 3", CodeMalformedQuery, "unexpected token: 'AND'"},
		{"mixed inside parentheses", "SELECT Id FROM A WHERE (a = 1 OR b = 2 AND c = 3)", CodeMalformedQuery, "unexpected token: 'AND'"},
		{"missing from", "SELECT Id", CodeMalformedQuery, "unexpected token: '<EOF>'"},
		{"missing select", "Id FROM Account", CodeMalformedQuery, "unexpected token: 'Id'"},
		{"from as alias", "SELECT Id FROM Account AS a", CodeMalformedQuery, "unexpected token: 'AS'"},
		{"from keyword as object", "SELECT Id FROM WHERE", CodeMalformedQuery, "unexpected token: 'WHERE'"},
		{"clause order", "SELECT Id FROM A ORDER BY Id WHERE x = 1", CodeMalformedQuery, "unexpected token: 'WHERE'"},
		{"unclosed paren", "SELECT Id FROM A WHERE (a = 1", CodeMalformedQuery, "unexpected token: '<EOF>'"},
		{"unclosed subquery", "SELECT Id, (SELECT Id FROM Contacts FROM A", CodeMalformedQuery, "unexpected token: 'FROM'"},
		{"empty in list", "SELECT Id FROM A WHERE Id IN ()", CodeMalformedQuery, "unexpected token: ')'"},
		{"not like", "SELECT Id FROM A WHERE Name NOT LIKE 'x'", CodeMalformedQuery, "unexpected token: 'LIKE'"},
		{"bare identifier value", "SELECT Id FROM A WHERE Name = Bob", CodeMalformedQuery, "unexpected token: 'Bob'"},
		{"in without list", "SELECT Id FROM A WHERE Name IN 'x'", CodeMalformedQuery, "unexpected token: ''x''"},
		{"includes subquery", "SELECT Id FROM A WHERE T INCLUDES (SELECT Id FROM B)", CodeMalformedQuery, "unexpected token: 'SELECT'"},
		{"semi-join two fields", "SELECT Id FROM A WHERE Id IN (SELECT Id, Name FROM B)", CodeMalformedQuery, "semi join sub-selects can only select one field"},
		{"limit negative", "SELECT Id FROM A LIMIT -1", CodeMalformedQuery, "unexpected token: '-1'"},
		{"limit decimal", "SELECT Id FROM A LIMIT 1.5", CodeMalformedQuery, "unexpected token: '1.5'"},
		{"limit huge", "SELECT Id FROM A LIMIT 99999999999999999999", CodeMalformedQuery, "number out of range"},
		{"offset too big", "SELECT Id FROM A OFFSET 2001", CodeNumberOutsideValidRange, "Maximum SOQL offset allowed is 2000"},
		{"fields all without limit", "SELECT FIELDS(ALL) FROM Account", CodeMalformedQuery, "The SOQL FIELDS function must have a LIMIT of at most 200"},
		{"fields custom limit 201", "SELECT FIELDS(CUSTOM) FROM Account LIMIT 201", CodeMalformedQuery, "The SOQL FIELDS function must have a LIMIT of at most 200"},
		{"fields bad kind", "SELECT FIELDS(SOME) FROM Account", CodeMalformedQuery, "unexpected token: 'SOME'"},
		{"six hops", "SELECT A.B.C.D.E.F.Name FROM X", CodeMalformedQuery, "more than 5 levels away"},
		{"date literal without n", "SELECT Id FROM A WHERE d = LAST_N_DAYS", CodeMalformedQuery, "requires a parameter"},
		{"date literal negative n", "SELECT Id FROM A WHERE d = LAST_N_DAYS:-1", CodeMalformedQuery, "unexpected token: '-1'"},
		{"aggregate in where", "SELECT Id FROM A WHERE COUNT(Id) > 1", CodeMalformedQuery, "Aggregate functions are not allowed in WHERE"},
		{"unknown function", "SELECT Foo(Id) FROM A", CodeMalformedQuery, "unknown function: Foo"},
		{"count() in order by", "SELECT Id FROM A ORDER BY COUNT()", CodeMalformedQuery, "unexpected token: ')'"},
		{"nulls without first/last", "SELECT Id FROM A ORDER BY Id NULLS", CodeMalformedQuery, "unexpected token: '<EOF>'"},
		{"for nothing", "SELECT Id FROM A FOR", CodeMalformedQuery, "unexpected token: '<EOF>'"},
		{"trailing garbage", "SELECT Id FROM A LIMIT 5 5", CodeMalformedQuery, "unexpected token: '5'"},
		{"bad escape in query", `SELECT Id FROM A WHERE Name = 'a\x'`, CodeMalformedQuery, `Illegal character sequence '\x'`},
		{"deep nesting", "SELECT Id FROM A WHERE " + strings.Repeat("(", 200) + "a = 1" + strings.Repeat(")", 200), CodeMalformedQuery, "nested too deeply"},

		// Recognised but unsupported constructs name themselves.
		{"typeof", "SELECT TYPEOF What WHEN Account THEN Name END FROM Event", CodeMalformedQuery,
			"\nSELECT TYPEOF What WHEN Account THEN Name END FROM Event\n       ^\nERROR at Row:1:Column:8\nTYPEOF is not supported by this emulator"},
		{"with security_enforced", "SELECT Id FROM A WITH SECURITY_ENFORCED", CodeMalformedQuery, "WITH SECURITY_ENFORCED is not supported by this emulator"},
		{"with user_mode", "SELECT Id FROM A WHERE x = 1 WITH USER_MODE", CodeMalformedQuery, "WITH USER_MODE is not supported by this emulator"},
		{"with data category", "SELECT Id FROM KnowledgeArticleVersion WITH DATA CATEGORY Geography__c AT usa__c", CodeMalformedQuery, "WITH DATA CATEGORY is not supported by this emulator"},
		{"using scope", "SELECT Id FROM Account USING SCOPE Mine", CodeMalformedQuery, "USING SCOPE is not supported by this emulator"},
		{"rollup", "SELECT Name, COUNT(Id) FROM A GROUP BY ROLLUP(Name)", CodeMalformedQuery, "GROUP BY ROLLUP is not supported by this emulator"},
		{"cube", "SELECT Name, COUNT(Id) FROM A GROUP BY CUBE(Name)", CodeMalformedQuery, "GROUP BY CUBE is not supported by this emulator"},
		{"format", "SELECT FORMAT(Amount) FROM Opportunity", CodeMalformedQuery, "FORMAT() is not supported by this emulator"},
		{"convertCurrency", "SELECT convertCurrency(Amount) FROM Opportunity", CodeMalformedQuery, "convertCurrency() is not supported by this emulator"},
		{"convertCurrency in aggregate", "SELECT SUM(convertCurrency(Amount)) FROM Opportunity", CodeMalformedQuery, "convertCurrency() is not supported by this emulator"},
		{"toLabel", "SELECT toLabel(Status) FROM Lead", CodeMalformedQuery, "toLabel() is not supported by this emulator"},
		{"toLabel in where", "SELECT Id FROM Lead WHERE toLabel(Status) = 'x'", CodeMalformedQuery, "toLabel() is not supported by this emulator"},
		{"distance", "SELECT Id FROM A WHERE DISTANCE(Loc__c, GEOLOCATION(1, 2), 'mi') < 20", CodeMalformedQuery, "DISTANCE() is not supported by this emulator"},
		{"calendar_year in select", "SELECT CALENDAR_YEAR(CreatedDate), COUNT(Id) FROM A GROUP BY CALENDAR_YEAR(CreatedDate)", CodeMalformedQuery, "CALENDAR_YEAR() is not supported by this emulator"},
		{"calendar_year in group by", "SELECT COUNT(Id) FROM A GROUP BY CALENDAR_YEAR(CreatedDate)", CodeMalformedQuery, "CALENDAR_YEAR() is not supported by this emulator"},
		{"day_only in where", "SELECT Id FROM A WHERE DAY_ONLY(CreatedDate) = 2024-01-01", CodeMalformedQuery, "DAY_ONLY() is not supported by this emulator"},
		{"all rows", "SELECT Id FROM Account ALL ROWS", CodeMalformedQuery, "ALL ROWS is not supported by this emulator"},
		{"update tracking", "SELECT Id FROM KnowledgeArticleVersion UPDATE TRACKING", CodeMalformedQuery, "UPDATE TRACKING is not supported by this emulator"},
		{"update viewstat", "SELECT Id FROM KnowledgeArticleVersion UPDATE VIEWSTAT", CodeMalformedQuery, "UPDATE VIEWSTAT is not supported by this emulator"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			q, err := Parse(tt.in)
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("Parse(%q) = %v, %v; want *Error", tt.in, q, err)
			}
			if e.Code != tt.wantCode || !strings.Contains(e.Message, tt.wantMsg) {
				t.Errorf("Parse(%q) error\n got: %s %q\nwant: %s containing %q", tt.in, e.Code, e.Message, tt.wantCode, tt.wantMsg)
			}
		})
	}
}

func TestErrorf(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		query   string
		pos     int
		want    string
		row     int
		col     int
		wantErr string
	}{
		{
			name:  "invalid field",
			query: "SELECT Id, Naem FROM Account",
			pos:   11,
			want:  "\nSELECT Id, Naem FROM Account\n           ^\nERROR at Row:1:Column:12\nNo such column 'Naem' on entity 'Account'.",
			row:   1, col: 12,
		},
		{
			name:  "second line with CRLF",
			query: "SELECT Id\r\nFROM Nope\r\n",
			pos:   16,
			want:  "\nFROM Nope\n     ^\nERROR at Row:2:Column:6\nNo such column 'Naem' on entity 'Account'.",
			row:   2, col: 6,
		},
		{
			name:  "tab is copied under the caret",
			query: "SELECT\tId FROM A",
			pos:   7,
			want:  "\nSELECT\tId FROM A\n      \t^\nERROR at Row:1:Column:8\nNo such column 'Naem' on entity 'Account'.",
			row:   1, col: 8,
		},
		{
			name:  "columns count characters",
			query: "SELECT Id FROM A WHERE Name = 'é' AND Bad = 1",
			pos:   strings.Index("SELECT Id FROM A WHERE Name = 'é' AND Bad = 1", "Bad"),
			want:  "\nSELECT Id FROM A WHERE Name = 'é' AND Bad = 1\n                                      ^\nERROR at Row:1:Column:39\n",
			row:   1, col: 39,
		},
		{
			name:  "position past the end is clamped",
			query: "SELECT",
			pos:   99,
			want:  "\nSELECT\n      ^\nERROR at Row:1:Column:7\n",
			row:   1, col: 7,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			e := Errorf("INVALID_FIELD", tt.pos, tt.query, "No such column '%s' on entity '%s'.", "Naem", "Account")
			if !strings.HasPrefix(e.Message, tt.want) {
				t.Errorf("Message = %q, want prefix %q", e.Message, tt.want)
			}
			if e.Row != tt.row || e.Column != tt.col || e.Code != "INVALID_FIELD" {
				t.Errorf("got %s at row %d col %d, want INVALID_FIELD at row %d col %d", e.Code, e.Row, e.Column, tt.row, tt.col)
			}
			if got := e.Error(); !strings.HasPrefix(got, "INVALID_FIELD: \n") {
				t.Errorf("Error() = %q, want the code first", got)
			}
		})
	}
}

func TestErrorfLongLine(t *testing.T) {
	t.Parallel()
	q := "SELECT " + strings.Repeat("Field__c, ", 40) + "Bad FROM A"
	pos := strings.Index(q, "Bad")
	e := Errorf("INVALID_FIELD", pos, q, "No such column 'Bad'")
	lines := strings.Split(e.Message, "\n")
	if len(lines[1]) > 2*maxEcho+1 {
		t.Errorf("echoed line is %d bytes, want at most %d", len(lines[1]), 2*maxEcho+1)
	}
	caret := strings.IndexByte(lines[2], '^')
	if !strings.HasPrefix(lines[1][caret:], "Bad") {
		t.Errorf("caret points at %q, want Bad", lines[1][caret:])
	}
	if e.Column != pos+1 {
		t.Errorf("Column = %d, want %d", e.Column, pos+1)
	}
}

func BenchmarkParse(b *testing.B) {
	// About 200 characters, the size of a typical sync query.
	const in = "SELECT Id, Name, Owner.Email, Account.Name, CreatedDate, SystemModstamp FROM Contact " +
		"WHERE SystemModstamp >= 2024-01-01T00:00:00.000+00:00 AND (LastName LIKE 'Sm%' OR Email != null) " +
		"ORDER BY SystemModstamp ASC LIMIT 2000"
	b.SetBytes(int64(len(in)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Parse(in); err != nil {
			b.Fatal(err)
		}
	}
}
