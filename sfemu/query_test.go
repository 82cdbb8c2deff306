package sfemu

import (
	"encoding/json"
	"net/url"
	"sort"
	"strings"
	"testing"
)

// queryFixture builds a small org whose answers are easy to reason about.
func queryFixture(t *testing.T) (*bundle, map[string]string) {
	t.Helper()
	b := setup(t, Options{})
	ids := map[string]string{}
	ids["acme"] = b.create(t, "Account", map[string]any{"Name": "Acme", "Industry": "Energy", "AnnualRevenue": 5000000, "NumberOfEmployees": 50, "BillingCity": "Paris"})
	ids["globex"] = b.create(t, "Account", map[string]any{"Name": "Globex", "Industry": "Banking", "AnnualRevenue": 1000, "NumberOfEmployees": 5})
	ids["initech"] = b.create(t, "Account", map[string]any{"Name": "initech", "Industry": "Energy"})
	ids["ada"] = b.create(t, "Contact", map[string]any{"FirstName": "Ada", "LastName": "Lovelace", "AccountId": ids["acme"], "Email": "ada@acme.example", "Birthdate": "1990-12-10"})
	ids["alan"] = b.create(t, "Contact", map[string]any{"FirstName": "Alan", "LastName": "Turing", "AccountId": ids["acme"], "Birthdate": "1985-06-23"})
	ids["grace"] = b.create(t, "Contact", map[string]any{"FirstName": "Grace", "LastName": "Hopper_x", "AccountId": ids["globex"]})
	ids["orphan"] = b.create(t, "Contact", map[string]any{"LastName": "Nobody"})
	ids["opp1"] = b.create(t, "Opportunity", map[string]any{"Name": "Big", "StageName": "Prospecting", "CloseDate": "2024-03-20", "Amount": 100, "AccountId": ids["acme"]})
	ids["opp2"] = b.create(t, "Opportunity", map[string]any{"Name": "Small", "StageName": "Closed Won", "CloseDate": "2024-01-05", "Amount": 10, "AccountId": ids["acme"]})
	ids["opp3"] = b.create(t, "Opportunity", map[string]any{"Name": "Odd", "StageName": "Closed Lost", "CloseDate": "2023-11-30", "AccountId": ids["globex"]})
	return b, ids
}

// queryResultJSON is a decoded query answer.
type queryResultJSON struct {
	TotalSize      int              `json:"totalSize"`
	Done           bool             `json:"done"`
	NextRecordsURL string           `json:"nextRecordsUrl"`
	Records        []map[string]any `json:"records"`
}

func (b *bundle) query(t *testing.T, soql string, headers ...string) (queryResultJSON, response) {
	t.Helper()
	res := b.do(t, "GET", "/services/data/v59.0/query?q="+url.QueryEscape(soql), nil, headers...)
	var out queryResultJSON
	if res.status == 200 {
		res.json(t, &out)
	}
	return out, res
}

// names returns the sorted values of a field across records.
func names(recs []map[string]any, field string) []string {
	var out []string
	for _, r := range recs {
		v, _ := r[field].(string)
		out = append(out, v)
	}
	return out
}

func sorted(s []string) []string {
	c := append([]string(nil), s...)
	sort.Strings(c)
	return c
}

func TestSOQLEvaluation(t *testing.T) {
	t.Parallel()
	b, ids := queryFixture(t)
	tests := []struct {
		name    string
		soql    string
		field   string
		want    []string
		ordered bool
	}{
		{"equality is case-insensitive", "SELECT Name FROM Account WHERE Name = 'ACME'", "Name", []string{"Acme"}, false},
		{"not equal includes nulls", "SELECT LastName FROM Contact WHERE Email != 'ada@acme.example'", "LastName", []string{"Hopper_x", "Nobody", "Turing"}, false},
		{"or and parentheses", "SELECT Name FROM Account WHERE (Industry = 'Banking' OR Name = 'initech') AND NumberOfEmployees = null", "Name", []string{"initech"}, false},
		{"not", "SELECT Name FROM Account WHERE NOT (Industry = 'Energy')", "Name", []string{"Globex"}, false},
		{"like with wildcard", "SELECT LastName FROM Contact WHERE LastName LIKE '%ing'", "LastName", []string{"Turing"}, false},
		{"like is case-insensitive", "SELECT Name FROM Account WHERE Name LIKE 'INI%'", "Name", []string{"initech"}, false},
		{"like underscore is one character", "SELECT LastName FROM Contact WHERE LastName LIKE 'Turin_'", "LastName", []string{"Turing"}, false},
		{"like escaped underscore is literal", `SELECT LastName FROM Contact WHERE LastName LIKE '%\_x'`, "LastName", []string{"Hopper_x"}, false},
		{"in list", "SELECT Name FROM Account WHERE Industry IN ('Banking', 'Retail')", "Name", []string{"Globex"}, false},
		{"not in list", "SELECT Name FROM Account WHERE Industry NOT IN ('Banking')", "Name", []string{"Acme", "initech"}, false},
		{"number comparison", "SELECT Name FROM Account WHERE AnnualRevenue > 1000", "Name", []string{"Acme"}, false},
		{"null numbers never compare", "SELECT Name FROM Account WHERE NumberOfEmployees < 100", "Name", []string{"Acme", "Globex"}, false},
		{"date comparison", "SELECT LastName FROM Contact WHERE Birthdate > 1988-01-01", "LastName", []string{"Lovelace"}, false},
		{"datetime comparison with zone forms", "SELECT Name FROM Account WHERE CreatedDate >= 2024-03-15T00:00:00.000+00:00 AND CreatedDate < 2024-03-16T00:00:00Z", "Name", []string{"Acme", "Globex", "initech"}, false},
		{"date literal on a datetime", "SELECT Name FROM Account WHERE CreatedDate = TODAY", "Name", []string{"Acme", "Globex", "initech"}, false},
		{"date literal yesterday", "SELECT Name FROM Account WHERE CreatedDate = YESTERDAY", "Name", nil, false},
		{"date literal on a date", "SELECT Name FROM Opportunity WHERE CloseDate = THIS_MONTH", "Name", []string{"Big"}, false},
		{"parameterised date literal", "SELECT Name FROM Opportunity WHERE CloseDate = LAST_N_DAYS:90", "Name", []string{"Small"}, false},
		{"relationship path in where", "SELECT LastName FROM Contact WHERE Account.Industry = 'Energy'", "LastName", []string{"Lovelace", "Turing"}, false},
		{"semi-join", "SELECT Name FROM Account WHERE Id IN (SELECT AccountId FROM Contact WHERE LastName LIKE 'T%')", "Name", []string{"Acme"}, false},
		{"anti-join", "SELECT Name FROM Account WHERE Id NOT IN (SELECT AccountId FROM Opportunity)", "Name", []string{"initech"}, false},
		{"boolean", "SELECT Name FROM Opportunity WHERE IsWon = true", "Name", []string{"Small"}, false},
		{"order by text is case-insensitive", "SELECT Name FROM Account ORDER BY Name", "Name", []string{"Acme", "Globex", "initech"}, true},
		{"order by desc", "SELECT Name FROM Account ORDER BY Name DESC", "Name", []string{"initech", "Globex", "Acme"}, true},
		{"nulls first by default", "SELECT Name FROM Opportunity ORDER BY Amount", "Name", []string{"Odd", "Small", "Big"}, true},
		{"nulls last", "SELECT Name FROM Opportunity ORDER BY Amount ASC NULLS LAST", "Name", []string{"Small", "Big", "Odd"}, true},
		{"several keys", "SELECT Name FROM Account ORDER BY Industry DESC, Name ASC", "Name", []string{"Acme", "initech", "Globex"}, true},
		{"limit and offset", "SELECT Name FROM Account ORDER BY Name LIMIT 1 OFFSET 1", "Name", []string{"Globex"}, true},
		{"alias", "SELECT a.Name FROM Account a WHERE a.Industry = 'Banking'", "Name", []string{"Globex"}, false},
		{"lower-case keywords and names", "select name from account where industry = 'banking'", "Name", []string{"Globex"}, false},
		{"id accepts 15 characters", "SELECT Name FROM Account WHERE Id = '" + ids["globex"][:15] + "'", "Name", []string{"Globex"}, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			out, res := b.query(t, tc.soql)
			if res.status != 200 {
				t.Fatalf("status %d: %s", res.status, res.body)
			}
			got := names(out.Records, tc.field)
			want := tc.want
			if !tc.ordered {
				got, want = sorted(got), sorted(want)
			}
			if strings.Join(got, "|") != strings.Join(want, "|") || out.TotalSize != len(want) {
				t.Errorf("got %v (totalSize %d), want %v", got, out.TotalSize, want)
			}
		})
	}
}

func TestSOQLShapes(t *testing.T) {
	t.Parallel()
	b, ids := queryFixture(t)
	runScenarios(t, b, []scenario{
		{name: "schema spelling of keys", method: "GET", path: "/services/data/v59.0/query?q=" + url.QueryEscape("SELECT id, NAME FROM account WHERE name = 'Acme'"), wantStatus: 200,
			contains: []string{`"Id":"` + ids["acme"] + `","Name":"Acme"`}},
		{name: "parent relationship", method: "GET", path: "/services/data/v59.0/query?q=" + url.QueryEscape("SELECT LastName, Account.Name, Account.Owner.Email FROM Contact WHERE LastName = 'Turing'"), wantStatus: 200,
			contains: []string{`"Account":{"attributes":{"type":"Account","url":"/services/data/v59.0/sobjects/Account/` + ids["acme"] + `"},"Name":"Acme","Owner":{"attributes":{"type":"User"`, `"Email":"admin@sfemu.example"}}`}},
		{name: "null parent", method: "GET", path: "/services/data/v59.0/query?q=" + url.QueryEscape("SELECT LastName, Account.Name FROM Contact WHERE LastName = 'Nobody'"), wantStatus: 200,
			contains: []string{`"LastName":"Nobody","Account":null}`}},
		{name: "child subquery", method: "GET", path: "/services/data/v59.0/query?q=" + url.QueryEscape("SELECT Name, (SELECT LastName FROM Contacts ORDER BY LastName) FROM Account WHERE Name = 'Acme'"), wantStatus: 200,
			contains: []string{`"Contacts":{"totalSize":2,"done":true,"records":[{"attributes":{"type":"Contact"`, `"LastName":"Lovelace"},{"attributes"`}},
		{name: "empty child subquery is null", method: "GET", path: "/services/data/v59.0/query?q=" + url.QueryEscape("SELECT Name, (SELECT Id FROM Contacts) FROM Account WHERE Name = 'initech'"), wantStatus: 200,
			contains: []string{`"Contacts":null`}},
		{name: "count()", method: "GET", path: "/services/data/v59.0/query?q=" + url.QueryEscape("SELECT count() FROM Contact"), wantStatus: 200,
			contains: []string{`{"totalSize":4,"done":true,"records":[]}`}},
		{name: "aggregates with group by and having", method: "GET", path: "/services/data/v59.0/query?q=" + url.QueryEscape("SELECT AccountId, COUNT(Id) n, SUM(Amount), MAX(CloseDate) FROM Opportunity GROUP BY AccountId HAVING COUNT(Id) > 1"), wantStatus: 200,
			contains: []string{`"totalSize":1`, `{"attributes":{"type":"AggregateResult"},"AccountId":"` + ids["acme"] + `","n":2,"expr0":110.0,"expr1":"2024-03-20"}`}},
		{name: "aggregate without group by", method: "GET", path: "/services/data/v59.0/query?q=" + url.QueryEscape("SELECT COUNT(Id), AVG(Amount), MIN(Name) FROM Opportunity"), wantStatus: 200,
			contains: []string{`"expr0":3,"expr1":55.0,"expr2":"Big"`}},
		{name: "group by order by aggregate", method: "GET", path: "/services/data/v59.0/query?q=" + url.QueryEscape("SELECT Industry, COUNT(Id) c FROM Account GROUP BY Industry ORDER BY COUNT(Id) DESC"), wantStatus: 200,
			contains: []string{`"records":[{"attributes":{"type":"AggregateResult"},"Industry":"Energy","c":2}`}},
		{name: "fields standard", method: "GET", path: "/services/data/v59.0/query?q=" + url.QueryEscape("SELECT FIELDS(STANDARD) FROM Account WHERE Name = 'Acme'"), wantStatus: 200,
			contains: []string{`"BillingAddress":{"city":"Paris"`, `"Industry":"Energy"`}},
		{name: "fields all needs a limit", method: "GET", path: "/services/data/v59.0/query?q=" + url.QueryEscape("SELECT FIELDS(ALL) FROM Account"), wantStatus: 400,
			contains: []string{`MALFORMED_QUERY`, `LIMIT`}},
		{name: "fields all with limit", method: "GET", path: "/services/data/v59.0/query?q=" + url.QueryEscape("SELECT FIELDS(ALL) FROM Account LIMIT 200"), wantStatus: 200,
			contains: []string{`"totalSize":3`}},
		{name: "unknown field names the column", method: "GET", path: "/services/data/v59.0/query?q=" + url.QueryEscape("SELECT Id, Nope FROM Account"), wantStatus: 400,
			contains: []string{`"errorCode":"INVALID_FIELD"`, `SELECT Id, Nope FROM Account\n           ^\nERROR at Row:1:Column:12\nNo such column 'Nope' on entity 'Account'`}},
		{name: "unknown object", method: "GET", path: "/services/data/v59.0/query?q=" + url.QueryEscape("SELECT Id FROM ScratchOrgInfo"), wantStatus: 400,
			contains: []string{`"errorCode":"INVALID_TYPE"`, `sObject type 'ScratchOrgInfo' is not supported`}},
		{name: "syntax error", method: "GET", path: "/services/data/v59.0/query?q=" + url.QueryEscape("SELECT Id FROM Account WHERE"), wantStatus: 400,
			contains: []string{`"errorCode":"MALFORMED_QUERY"`, `unexpected token`}},
		{name: "unsupported construct is named", method: "GET", path: "/services/data/v59.0/query?q=" + url.QueryEscape("SELECT Id FROM Account WITH SECURITY_ENFORCED"), wantStatus: 400,
			contains: []string{`MALFORMED_QUERY`, `not supported`}},
		{name: "field must be grouped", method: "GET", path: "/services/data/v59.0/query?q=" + url.QueryEscape("SELECT Name, COUNT(Id) FROM Account"), wantStatus: 400,
			contains: []string{`MALFORMED_QUERY`, `grouped or aggregated`}},
		{name: "order by a long text area", method: "GET", path: "/services/data/v59.0/query?q=" + url.QueryEscape("SELECT Id FROM Account ORDER BY Description"), wantStatus: 400,
			contains: []string{`INVALID_FIELD`, `can not be sorted`}},
		{name: "type mismatch", method: "GET", path: "/services/data/v59.0/query?q=" + url.QueryEscape("SELECT Id FROM Account WHERE AnnualRevenue = 'big'"), wantStatus: 400,
			contains: []string{`INVALID_FIELD`, `must be of type number`}},
		{name: "bad relationship", method: "GET", path: "/services/data/v59.0/query?q=" + url.QueryEscape("SELECT Foo.Name FROM Contact"), wantStatus: 400,
			contains: []string{`INVALID_FIELD`, `Didn't understand relationship 'Foo'`}},
		{name: "empty query", method: "GET", path: "/services/data/v59.0/query?q=", wantStatus: 400, contains: []string{`MALFORMED_QUERY`}},
		{name: "columns=true", method: "GET", path: "/services/data/v59.0/query?columns=true&q=" + url.QueryEscape("SELECT Id, Account.Name, (SELECT LastName FROM Contacts) FROM Account"), wantStatus: 200,
			contains: []string{`"columnMetadata":[{"aggregate":false,"apexType":"Id"`, `"columnName":"Id"`, `"entityName":"Account"`, `"idSelected":true`}},
	})
}

func TestQueryPaging(t *testing.T) {
	t.Parallel()
	b := setup(t, Options{})
	const n = 4500
	ctx := t.Context()
	for i := 0; i < n; i++ {
		if _, err := b.srv.Insert(ctx, "Contact", map[string]any{"LastName": "P" + itoa4(i)}); err != nil {
			t.Fatal(err)
		}
	}
	out, res := b.query(t, "SELECT Id, LastName FROM Contact ORDER BY LastName")
	if out.TotalSize != n || out.Done || len(out.Records) != 2000 || out.NextRecordsURL == "" {
		t.Fatalf("first page: total %d done %v records %d next %q", out.TotalSize, out.Done, len(out.Records), out.NextRecordsURL)
	}
	if !strings.HasPrefix(out.NextRecordsURL, "/services/data/v59.0/query/01g") || !strings.HasSuffix(out.NextRecordsURL, "-2000") {
		t.Errorf("nextRecordsUrl %q", out.NextRecordsURL)
	}
	_ = res
	seen := map[string]bool{}
	collect := func(recs []map[string]any) {
		for _, r := range recs {
			seen[r["Id"].(string)] = true
		}
	}
	collect(out.Records)

	// A write after the query does not change the snapshot.
	if _, err := b.srv.Insert(ctx, "Contact", map[string]any{"LastName": "A-late"}); err != nil {
		t.Fatal(err)
	}
	next := out.NextRecordsURL
	pages := 1
	var last string
	for next != "" {
		r := b.do(t, "GET", next, nil)
		if r.status != 200 {
			t.Fatalf("page %d: %d %s", pages, r.status, r.body)
		}
		var page queryResultJSON
		r.json(t, &page)
		collect(page.Records)
		if page.TotalSize != n {
			t.Errorf("page totalSize %d", page.TotalSize)
		}
		last = next
		next = page.NextRecordsURL
		pages++
	}
	if pages != 3 || len(seen) != n {
		t.Fatalf("pages %d, distinct records %d", pages, len(seen))
	}
	// The cursor is closed after the last page.
	if r := b.do(t, "GET", last, nil); r.status != 400 || !strings.Contains(string(r.body), "INVALID_QUERY_LOCATOR") {
		t.Errorf("reused locator: %d %s", r.status, r.body)
	}

	t.Run("batch size hint", func(t *testing.T) {
		out, _ := b.query(t, "SELECT Id FROM Contact", "Sforce-Query-Options", "batchSize=250")
		if len(out.Records) != 250 || !strings.HasSuffix(out.NextRecordsURL, "-250") {
			t.Errorf("records %d next %q", len(out.Records), out.NextRecordsURL)
		}
		out, _ = b.query(t, "SELECT Id FROM Contact", "Sforce-Query-Options", "batchSize=5")
		if len(out.Records) != 200 {
			t.Errorf("batch below 200 gave %d records", len(out.Records))
		}
	})
	t.Run("limit under a page", func(t *testing.T) {
		out, _ := b.query(t, "SELECT Id FROM Contact LIMIT 10")
		if out.TotalSize != 10 || !out.Done || out.NextRecordsURL != "" {
			t.Errorf("total %d done %v next %q", out.TotalSize, out.Done, out.NextRecordsURL)
		}
	})
	t.Run("unknown locator", func(t *testing.T) {
		r := b.do(t, "GET", "/services/data/v59.0/query/01g8d0000000999AAA-2000", nil)
		if r.status != 400 || !strings.Contains(string(r.body), "INVALID_QUERY_LOCATOR") {
			t.Errorf("got %d %s", r.status, r.body)
		}
	})
	t.Run("queryAll continuation keeps deleted rows", func(t *testing.T) {
		newest, _ := b.query(t, "SELECT Id FROM Contact ORDER BY Id DESC LIMIT 1")
		victim := newest.Records[0]["Id"].(string)
		if r := b.do(t, "DELETE", "/services/data/v59.0/sobjects/Contact/"+victim, nil); r.status != 204 {
			t.Fatal(r.status)
		}
		var page queryResultJSON
		r := b.do(t, "GET", "/services/data/v59.0/queryAll?q="+url.QueryEscape("SELECT Id, IsDeleted FROM Contact ORDER BY Id"), nil)
		r.json(t, &page)
		found := false
		for page.NextRecordsURL != "" {
			if !strings.Contains(page.NextRecordsURL, "/query/") {
				t.Errorf("queryAll continuation path %q", page.NextRecordsURL)
			}
			r = b.do(t, "GET", page.NextRecordsURL, nil)
			page = queryResultJSON{}
			r.json(t, &page)
			found = found || strings.Contains(string(r.body), `"Id":"`+victim+`","IsDeleted":true`)
		}
		if !found {
			t.Errorf("deleted record missing from the queryAll continuation pages")
		}
	})
}

func itoa4(i int) string {
	b, _ := json.Marshal(10000 + i)
	return string(b)[1:]
}

func TestQueryLocatorExpiry(t *testing.T) {
	t.Parallel()
	b := setup(t, Options{})
	for i := 0; i < 250; i++ {
		if _, err := b.srv.Insert(t.Context(), "Contact", map[string]any{"LastName": "E" + itoa4(i)}); err != nil {
			t.Fatal(err)
		}
	}
	open := func() string {
		out, _ := b.query(t, "SELECT Id FROM Contact", "Sforce-Query-Options", "batchSize=200")
		if out.NextRecordsURL == "" {
			t.Fatal("no locator")
		}
		return out.NextRecordsURL
	}
	idle := open()
	b.clock.t = b.clock.t.Add(16 * 60 * 1e9) // 16 minutes
	if r := b.do(t, "GET", idle, nil); r.status != 400 || !strings.Contains(string(r.body), "INVALID_QUERY_LOCATOR") {
		t.Errorf("idle locator: %d %s", r.status, r.body)
	}
	// The eleventh open cursor closes the oldest.
	first := open()
	for i := 0; i < 10; i++ {
		b.clock.t = b.clock.t.Add(1e9)
		open()
	}
	if r := b.do(t, "GET", first, nil); r.status != 400 {
		t.Errorf("oldest of eleven cursors still open: %d", r.status)
	}
}
