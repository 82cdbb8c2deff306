package soql

import (
	"errors"
	"fmt"
	"testing"
	"time"
)

func TestBuilder(t *testing.T) {
	t.Parallel()
	ts := time.Date(2024, 1, 31, 9, 30, 0, 0, time.UTC)
	tests := []struct {
		name string
		b    Builder
		want string
	}{
		{"fields only", Select("Id", "Name").From("Account"), "SELECT Id, Name FROM Account"},
		{"count", Select("COUNT()").From("Contact").Where(Eq("AccountId", "001000000000001AAA")),
			"SELECT COUNT() FROM Contact WHERE AccountId = '001000000000001AAA'"},
		{"quoted value", Select("Id").From("Account").Where(Eq("Name", "O'Brien \\ Co")),
			`SELECT Id FROM Account WHERE Name = 'O\'Brien \\ Co'`},
		{"injection stays a literal", Select("Id").From("Account").Where(Eq("Name", "x' OR Name != '")),
			`SELECT Id FROM Account WHERE Name = 'x\' OR Name != \''`},
		{"and of several", Select("Id").From("Account").Where(Gt("NumberOfEmployees", 10), Le("AnnualRevenue", 2.5), NotEq("Industry", nil)),
			"SELECT Id FROM Account WHERE NumberOfEmployees > 10 AND AnnualRevenue <= 2.5 AND Industry != null"},
		{"or nested", Select("Id").From("Lead").Where(Or(Eq("Status", "Open"), Eq("Rating", "Hot")), Eq("IsConverted", false)),
			"SELECT Id FROM Lead WHERE (Status = 'Open' OR Rating = 'Hot') AND IsConverted = false"},
		{"top-level or", Select("Id").From("Lead").Where(Or(Eq("a", 1), Eq("b", 2))),
			"SELECT Id FROM Lead WHERE a = 1 OR b = 2"},
		{"not", Select("Id").From("Lead").Where(Not(Or(Eq("a", 1), Eq("b", 2)))),
			"SELECT Id FROM Lead WHERE NOT (a = 1 OR b = 2)"},
		{"in", Select("Id").From("Account").Where(In("Id", "001A", "001B"), NotIn("Rating", "Cold")),
			"SELECT Id FROM Account WHERE Id IN ('001A', '001B') AND Rating NOT IN ('Cold')"},
		{"datetime and order", Select("Id", "SystemModstamp").From("Account").Where(Ge("SystemModstamp", ts)).
			OrderBy("SystemModstamp", Asc).OrderBy("Id", Desc).Limit(200).Offset(10),
			"SELECT Id, SystemModstamp FROM Account WHERE SystemModstamp >= 2024-01-31T09:30:00.000Z ORDER BY SystemModstamp ASC, Id DESC LIMIT 200 OFFSET 10"},
		{"date", Select("Id").From("Opportunity").Where(Lt("CloseDate", DateOf(ts))),
			"SELECT Id FROM Opportunity WHERE CloseDate < 2024-01-31"},
		{"like", Select("Id").From("Account").Where(Contains("Name", "50%_off"), StartsWith("Site", "A'")),
			`SELECT Id FROM Account WHERE Name LIKE '%50\%\_off%' AND Site LIKE 'A\'%'`},
		{"relationship path", Select("Id", "Owner.Email").From("Account").Where(Eq("Owner.IsActive", true)),
			"SELECT Id, Owner.Email FROM Account WHERE Owner.IsActive = true"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := tt.b.Build()
			if err != nil {
				t.Fatal(err)
			}
			if got != tt.want {
				t.Fatalf("Build =\n%s\nwant\n%s", got, tt.want)
			}
			if _, err := Parse(got); err != nil {
				t.Fatalf("the built query does not parse: %v", err)
			}
		})
	}
}

func TestBuilderErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		b    Builder
		is   error
	}{
		{"no fields", Select().From("Account"), nil},
		{"bad field", Select("Id, (SELECT Id FROM Contacts)").From("Account"), ErrInvalidName},
		{"bad object", Select("Id").From("Account WHERE Id != null"), ErrInvalidName},
		{"no object", Select("Id"), ErrInvalidName},
		{"bad where field", Select("Id").From("Account").Where(Eq("Name = 'x' OR Name", "y")), ErrInvalidName},
		{"bad order field", Select("Id").From("Account").OrderBy("Name; DROP", Asc), ErrInvalidName},
		{"unsupported value", Select("Id").From("Account").Where(Eq("Name", struct{}{})), ErrUnsupportedValue},
		{"empty in", Select("Id").From("Account").Where(In[string]("Id")), nil},
		{"empty or", Select("Id").From("Account").Where(Or()), nil},
		{"negative limit", Select("Id").From("Account").Limit(-1), nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			q, err := tt.b.Build()
			if err == nil {
				t.Fatalf("Build = %q, want an error", q)
			}
			if tt.is != nil && !errors.Is(err, tt.is) {
				t.Fatalf("Build error %v is not %v", err, tt.is)
			}
		})
	}
}

func TestBuilderImmutable(t *testing.T) {
	t.Parallel()
	base := Select("Id").From("Account").Where(Eq("a", 1))
	x := base.Where(Eq("b", 2))
	y := base.Where(Eq("c", 3))
	if got := base.String(); got != "SELECT Id FROM Account WHERE a = 1" {
		t.Fatalf("base changed: %s", got)
	}
	if x.String() != "SELECT Id FROM Account WHERE a = 1 AND b = 2" || y.String() != "SELECT Id FROM Account WHERE a = 1 AND c = 3" {
		t.Fatalf("derived builders share state: %s / %s", x, y)
	}
	if s := Select().String(); s[:9] != "<invalid:" {
		t.Fatalf("String of an invalid builder = %q", s)
	}
}

func ExampleBuilder() {
	userInput := "Smith' OR Name != '"
	q, err := Select("Id", "Name").From("Contact").
		Where(Eq("LastName", userInput), Gt("CreatedDate", time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC))).
		OrderBy("Name", Asc).Limit(10).Build()
	if err != nil {
		panic(err)
	}
	fmt.Println(q)
	// Output:
	// SELECT Id, Name FROM Contact WHERE LastName = 'Smith\' OR Name != \'' AND CreatedDate > 2024-01-01T00:00:00.000Z ORDER BY Name ASC LIMIT 10
}
