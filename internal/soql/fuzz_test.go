package soql

import (
	"errors"
	"testing"
)

func FuzzParse(f *testing.F) {
	seeds := []string{
		"SELECT Id FROM Account",
		"SELECT a,b FROM Account WHERE SystemModstamp >= 2024-01-01T00:00:00.000+00:00 AND SystemModstamp < 2024-01-31T00:00:00.000+00:00 ORDER BY SystemModstamp ASC",
		"SELECT Id FROM Account  ORDER BY Id ASC",
		"select id, name from account where name like 'a\\_%' limit 5 offset 10 for view",
		"SELECT Id, (SELECT Id, LastName FROM Contacts WHERE LastName != null ORDER BY LastName DESC NULLS LAST LIMIT 5) FROM Account a",
		"SELECT Id FROM Account WHERE Id IN (SELECT AccountId FROM Contact) AND Id NOT IN (SELECT AccountId FROM Case)",
		"SELECT StageName, COUNT(Id) n, SUM(Amount) FROM Opportunity GROUP BY StageName HAVING COUNT(Id) > 1 ORDER BY SUM(Amount) DESC",
		"SELECT count() FROM Contact",
		"SELECT FIELDS(ALL) FROM Account LIMIT 200",
		"SELECT Id FROM Lead WHERE NOT (Status = 'Open' OR Rating = 'Hot')",
		"SELECT Id FROM A WHERE d = LAST_N_DAYS:7 AND e > TODAY AND f IN ('x', 'y') AND g INCLUDES ('a;b')",
		"SELECT Id FROM A WHERE n = -1.5 AND t = TRUE AND d = 2024-01-31 AND dt = 2024-01-31T10:00:00-05:00",
		"SELECT Id FROM A WHERE s = 'it\\'s \\n \\\\ \\% \\_'",
		"SELECT Id FROM Account WHERE",
		"SELECT Id FROM A WHERE a = 1 AND b = 2 OR c = 3",
		"SELECT TYPEOF What WHEN Account THEN Name END FROM Event",
		"SELECT Id FROM A WITH SECURITY_ENFORCED",
		"SELECT Id FROM A OFFSET 2001",
		"SELECT Owner.Manager.Manager.Manager.Manager.Name FROM User",
		"SELECT Id FROM A WHERE ((((a = 1))))",
		"SELECT Id\nFROM A\r\nWHERE\tName = 'é'",
	}
	for _, s := range seeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		q, err := Parse(text)
		if err != nil {
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("Parse(%q) returned %T, want *Error", text, err)
			}
			if e.Code == "" || e.Pos < 0 || e.Pos > len(text) || e.Row < 1 || e.Column < 1 {
				t.Fatalf("Parse(%q) returned a malformed error: %+v", text, e)
			}
			return
		}
		if q == nil || q.From == "" {
			t.Fatalf("Parse(%q) = %+v with no error", text, q)
		}
		if len(q.Select) == 0 {
			t.Fatalf("Parse(%q) has an empty select list", text)
		}
	})
}
