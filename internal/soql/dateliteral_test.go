package soql

import (
	"testing"
	"time"
)

func TestDateRange(t *testing.T) {
	t.Parallel()
	// Wednesday 15 May 2024, 22:30 UTC: the week began Sunday 12 May and
	// we are in Q2.
	now := time.Date(2024, 5, 15, 22, 30, 0, 0, time.UTC)
	d := func(y int, m time.Month, day int) time.Time { return time.Date(y, m, day, 0, 0, 0, 0, time.UTC) }
	tests := []struct {
		name       string
		n          int
		start, end time.Time
	}{
		{"YESTERDAY", 0, d(2024, 5, 14), d(2024, 5, 15)},
		{"TODAY", 0, d(2024, 5, 15), d(2024, 5, 16)},
		{"TOMORROW", 0, d(2024, 5, 16), d(2024, 5, 17)},
		{"LAST_WEEK", 0, d(2024, 5, 5), d(2024, 5, 12)},
		{"THIS_WEEK", 0, d(2024, 5, 12), d(2024, 5, 19)},
		{"NEXT_WEEK", 0, d(2024, 5, 19), d(2024, 5, 26)},
		{"LAST_MONTH", 0, d(2024, 4, 1), d(2024, 5, 1)},
		{"THIS_MONTH", 0, d(2024, 5, 1), d(2024, 6, 1)},
		{"NEXT_MONTH", 0, d(2024, 6, 1), d(2024, 7, 1)},
		{"LAST_90_DAYS", 0, d(2024, 2, 15), d(2024, 5, 16)},
		{"NEXT_90_DAYS", 0, d(2024, 5, 16), d(2024, 8, 14)},
		{"LAST_QUARTER", 0, d(2024, 1, 1), d(2024, 4, 1)},
		{"THIS_QUARTER", 0, d(2024, 4, 1), d(2024, 7, 1)},
		{"NEXT_QUARTER", 0, d(2024, 7, 1), d(2024, 10, 1)},
		{"LAST_YEAR", 0, d(2023, 1, 1), d(2024, 1, 1)},
		{"THIS_YEAR", 0, d(2024, 1, 1), d(2025, 1, 1)},
		{"NEXT_YEAR", 0, d(2025, 1, 1), d(2026, 1, 1)},
		{"LAST_FISCAL_QUARTER", 0, d(2024, 1, 1), d(2024, 4, 1)},
		{"THIS_FISCAL_QUARTER", 0, d(2024, 4, 1), d(2024, 7, 1)},
		{"NEXT_FISCAL_QUARTER", 0, d(2024, 7, 1), d(2024, 10, 1)},
		{"LAST_FISCAL_YEAR", 0, d(2023, 1, 1), d(2024, 1, 1)},
		{"THIS_FISCAL_YEAR", 0, d(2024, 1, 1), d(2025, 1, 1)},
		{"NEXT_FISCAL_YEAR", 0, d(2025, 1, 1), d(2026, 1, 1)},

		{"LAST_N_DAYS", 1, d(2024, 5, 14), d(2024, 5, 16)},
		{"LAST_N_DAYS", 0, d(2024, 5, 15), d(2024, 5, 16)},
		{"NEXT_N_DAYS", 3, d(2024, 5, 16), d(2024, 5, 19)},
		{"N_DAYS_AGO", 15, d(2024, 4, 30), d(2024, 5, 1)},
		{"LAST_N_WEEKS", 2, d(2024, 4, 28), d(2024, 5, 12)},
		{"NEXT_N_WEEKS", 2, d(2024, 5, 19), d(2024, 6, 2)},
		{"N_WEEKS_AGO", 1, d(2024, 5, 5), d(2024, 5, 12)},
		{"LAST_N_MONTHS", 5, d(2023, 12, 1), d(2024, 5, 1)},
		{"NEXT_N_MONTHS", 8, d(2024, 6, 1), d(2025, 2, 1)},
		{"N_MONTHS_AGO", 12, d(2023, 5, 1), d(2023, 6, 1)},
		{"LAST_N_QUARTERS", 2, d(2023, 10, 1), d(2024, 4, 1)},
		{"NEXT_N_QUARTERS", 3, d(2024, 7, 1), d(2025, 4, 1)},
		{"N_QUARTERS_AGO", 2, d(2023, 10, 1), d(2024, 1, 1)},
		{"LAST_N_YEARS", 2, d(2022, 1, 1), d(2024, 1, 1)},
		{"NEXT_N_YEARS", 1, d(2025, 1, 1), d(2026, 1, 1)},
		{"N_YEARS_AGO", 3, d(2021, 1, 1), d(2022, 1, 1)},
		{"LAST_N_FISCAL_QUARTERS", 1, d(2024, 1, 1), d(2024, 4, 1)},
		{"NEXT_N_FISCAL_QUARTERS", 1, d(2024, 7, 1), d(2024, 10, 1)},
		{"N_FISCAL_QUARTERS_AGO", 4, d(2023, 4, 1), d(2023, 7, 1)},
		{"LAST_N_FISCAL_YEARS", 1, d(2023, 1, 1), d(2024, 1, 1)},
		{"NEXT_N_FISCAL_YEARS", 2, d(2025, 1, 1), d(2027, 1, 1)},
		{"N_FISCAL_YEARS_AGO", 1, d(2023, 1, 1), d(2024, 1, 1)},
	}
	seen := map[string]bool{}
	for _, tt := range tests {
		seen[tt.name] = true
		start, end := DateRange(&DateLiteral{Name: tt.name, N: tt.n}, now, time.UTC)
		if !start.Equal(tt.start) || !end.Equal(tt.end) {
			t.Errorf("%s:%d = [%s, %s), want [%s, %s)", tt.name, tt.n,
				start.Format(time.DateOnly), end.Format(time.DateOnly), tt.start.Format(time.DateOnly), tt.end.Format(time.DateOnly))
		}
	}
	for name := range dateLiteralKinds {
		if !seen[name] {
			t.Errorf("no test case for %s", name)
		}
	}
}

func TestDateRangeLocation(t *testing.T) {
	t.Parallel()
	// 02:00 UTC on Sunday 12 May is still Saturday 11 May in New York
	// (UTC-4 in summer), so TODAY and THIS_WEEK are computed there.
	ny := time.FixedZone("EDT", -4*3600)
	now := time.Date(2024, 5, 12, 2, 0, 0, 0, time.UTC)
	tests := []struct {
		name       string
		start, end time.Time
	}{
		{"TODAY", time.Date(2024, 5, 11, 0, 0, 0, 0, ny), time.Date(2024, 5, 12, 0, 0, 0, 0, ny)},
		{"THIS_WEEK", time.Date(2024, 5, 5, 0, 0, 0, 0, ny), time.Date(2024, 5, 12, 0, 0, 0, 0, ny)},
	}
	for _, tt := range tests {
		start, end := DateRange(&DateLiteral{Name: tt.name}, now, ny)
		if !start.Equal(tt.start) || !end.Equal(tt.end) {
			t.Errorf("%s = [%s, %s), want [%s, %s)", tt.name, start, end, tt.start, tt.end)
		}
	}
}

func TestDateRangeEdges(t *testing.T) {
	t.Parallel()
	// Sunday is the first day of its own week.
	sunday := time.Date(2024, 3, 31, 12, 0, 0, 0, time.UTC)
	start, end := DateRange(&DateLiteral{Name: "THIS_WEEK"}, sunday, time.UTC)
	if want := time.Date(2024, 3, 31, 0, 0, 0, 0, time.UTC); !start.Equal(want) || !end.Equal(want.AddDate(0, 0, 7)) {
		t.Errorf("THIS_WEEK on a Sunday = [%s, %s)", start, end)
	}
	// Month arithmetic from the 31st does not skip short months.
	start, end = DateRange(&DateLiteral{Name: "LAST_MONTH"}, time.Date(2024, 3, 31, 0, 0, 0, 0, time.UTC), nil)
	if !start.Equal(time.Date(2024, 2, 1, 0, 0, 0, 0, time.UTC)) || !end.Equal(time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("LAST_MONTH on 31 March = [%s, %s)", start, end)
	}
	// Unknown names give zero times.
	if start, end := DateRange(&DateLiteral{Name: "SOMEDAY"}, sunday, time.UTC); !start.IsZero() || !end.IsZero() {
		t.Errorf("unknown literal = [%s, %s), want zero times", start, end)
	}
}
