package doctor

import (
	"strings"
	"testing"

	"github.com/sfbridge/sfbridge/salesforce"
)

func TestBudgetCheck(t *testing.T) {
	t.Parallel()
	client, err := salesforce.New(salesforce.Config{TokenSource: salesforce.StaticTokenSource(&salesforce.Token{AccessToken: "x"})})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name    string
		limit   salesforce.Limit
		status  Status
		message string
	}{
		{"plenty", salesforce.Limit{Max: 15000, Remaining: 14000}, Pass, "14000 of the org's 15000 daily API calls are left (93%)."},
		{"exactly 10%", salesforce.Limit{Max: 1000, Remaining: 100}, Pass, "(10%)"},
		{"under 10%", salesforce.Limit{Max: 1000, Remaining: 99}, Warn, "Only 99 of the org's 1000 daily API calls are left (9.9%)"},
		{"a sliver", salesforce.Limit{Max: 100000, Remaining: 3}, Warn, "(under 0.1%)"},
		{"none", salesforce.Limit{Max: 1000, Remaining: 0}, Fail, "used all 1000"},
		{"overdrawn", salesforce.Limit{Max: 1000, Remaining: -5}, Fail, "used all 1000"},
		{"unknown", salesforce.Limit{}, Pass, "did not report"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			c := budgetCheck(map[string]salesforce.Limit{"DailyApiRequests": tc.limit}, client)
			if c.Status != tc.status || !strings.Contains(c.Message, tc.message) || (c.Status == Pass) != (c.Fix == "") {
				t.Errorf("got %+v", c)
			}
		})
	}
}

func TestPercent(t *testing.T) {
	t.Parallel()
	tests := []struct {
		part, whole int
		want        string
	}{
		{14999, 15000, "99%"},
		{15000, 15000, "100%"},
		{1500, 15000, "10%"},
		{1499, 15000, "9.9%"},
		{1, 15000, "under 0.1%"},
	}
	for _, tc := range tests {
		if got := percent(tc.part, tc.whole); got != tc.want {
			t.Errorf("percent(%d, %d) = %s, want %s", tc.part, tc.whole, got, tc.want)
		}
	}
}
