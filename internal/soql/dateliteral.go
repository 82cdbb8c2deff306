package soql

import "time"

// dateLiteralKind says whether a date literal takes a :n parameter.
type dateLiteralKind uint8

const (
	dateNone  dateLiteralKind = iota
	dateFixed                 // TODAY, LAST_WEEK, ...
	dateWithN                 // LAST_N_DAYS:n, N_WEEKS_AGO:n, ...
)

// maxDateLiteralN bounds the :n parameter so range arithmetic stays far
// from overflow.
const maxDateLiteralN = 100_000

// dateLiteralKinds lists every relative date literal the parser accepts.
var dateLiteralKinds = map[string]dateLiteralKind{
	"YESTERDAY": dateFixed, "TODAY": dateFixed, "TOMORROW": dateFixed,
	"LAST_WEEK": dateFixed, "THIS_WEEK": dateFixed, "NEXT_WEEK": dateFixed,
	"LAST_MONTH": dateFixed, "THIS_MONTH": dateFixed, "NEXT_MONTH": dateFixed,
	"LAST_90_DAYS": dateFixed, "NEXT_90_DAYS": dateFixed,
	"THIS_QUARTER": dateFixed, "LAST_QUARTER": dateFixed, "NEXT_QUARTER": dateFixed,
	"THIS_YEAR": dateFixed, "LAST_YEAR": dateFixed, "NEXT_YEAR": dateFixed,
	"THIS_FISCAL_QUARTER": dateFixed, "LAST_FISCAL_QUARTER": dateFixed, "NEXT_FISCAL_QUARTER": dateFixed,
	"THIS_FISCAL_YEAR": dateFixed, "LAST_FISCAL_YEAR": dateFixed, "NEXT_FISCAL_YEAR": dateFixed,

	"LAST_N_DAYS": dateWithN, "NEXT_N_DAYS": dateWithN, "N_DAYS_AGO": dateWithN,
	"LAST_N_WEEKS": dateWithN, "NEXT_N_WEEKS": dateWithN, "N_WEEKS_AGO": dateWithN,
	"LAST_N_MONTHS": dateWithN, "NEXT_N_MONTHS": dateWithN, "N_MONTHS_AGO": dateWithN,
	"LAST_N_QUARTERS": dateWithN, "NEXT_N_QUARTERS": dateWithN, "N_QUARTERS_AGO": dateWithN,
	"LAST_N_YEARS": dateWithN, "NEXT_N_YEARS": dateWithN, "N_YEARS_AGO": dateWithN,
	"LAST_N_FISCAL_QUARTERS": dateWithN, "NEXT_N_FISCAL_QUARTERS": dateWithN, "N_FISCAL_QUARTERS_AGO": dateWithN,
	"LAST_N_FISCAL_YEARS": dateWithN, "NEXT_N_FISCAL_YEARS": dateWithN, "N_FISCAL_YEARS_AGO": dateWithN,
}

// DateRange returns the half-open range [start, end) that lit covers when
// evaluated at now in loc, both at midnight in loc. A field value v
// matches `= lit` when !v.Before(start) && v.Before(end); `< lit` means
// v.Before(start) and `> lit` means !v.Before(end).
//
// The ranges follow Salesforce's documentation for a user in the default
// (en_US) locale with the standard fiscal year:
//
//   - Weeks start on Sunday.
//   - The fiscal year is the calendar year and fiscal quarters are
//     calendar quarters, so the FISCAL forms equal their calendar twins.
//   - LAST_N_DAYS:n and LAST_90_DAYS include today: they run from n (or
//     90) days ago through the end of today, n+1 days in all.
//   - NEXT_N_DAYS:n and NEXT_90_DAYS start tomorrow and run n (or 90)
//     days; they do not include today.
//   - LAST_N_WEEKS/MONTHS/QUARTERS/YEARS:n cover the n whole periods
//     before the current one; NEXT_N_...:n the n whole periods after it.
//     Neither includes the current period.
//   - N_DAYS_AGO:n (and the WEEKS, MONTHS, QUARTERS, YEARS forms) cover
//     the single whole period n periods before the current one.
//
// An unknown literal yields two zero times.
func DateRange(lit *DateLiteral, now time.Time, loc *time.Location) (start, end time.Time) {
	if loc == nil {
		loc = time.UTC
	}
	y, m, d := now.In(loc).Date()
	wd := int(now.In(loc).Weekday())
	q := (int(m)-1)/3*3 + 1 // first month of the current quarter
	n := lit.N

	day := func(k int) time.Time { return time.Date(y, m, d+k, 0, 0, 0, 0, loc) }
	week := func(k int) time.Time { return time.Date(y, m, d-wd+7*k, 0, 0, 0, 0, loc) }
	month := func(k int) time.Time { return time.Date(y, m+time.Month(k), 1, 0, 0, 0, 0, loc) }
	quarter := func(k int) time.Time { return time.Date(y, time.Month(q+3*k), 1, 0, 0, 0, 0, loc) }
	year := func(k int) time.Time { return time.Date(y+k, 1, 1, 0, 0, 0, 0, loc) }

	switch lit.Name {
	case "YESTERDAY":
		return day(-1), day(0)
	case "TODAY":
		return day(0), day(1)
	case "TOMORROW":
		return day(1), day(2)
	case "LAST_WEEK":
		return week(-1), week(0)
	case "THIS_WEEK":
		return week(0), week(1)
	case "NEXT_WEEK":
		return week(1), week(2)
	case "LAST_MONTH":
		return month(-1), month(0)
	case "THIS_MONTH":
		return month(0), month(1)
	case "NEXT_MONTH":
		return month(1), month(2)
	case "LAST_90_DAYS":
		return day(-90), day(1)
	case "NEXT_90_DAYS":
		return day(1), day(91)
	case "LAST_QUARTER", "LAST_FISCAL_QUARTER":
		return quarter(-1), quarter(0)
	case "THIS_QUARTER", "THIS_FISCAL_QUARTER":
		return quarter(0), quarter(1)
	case "NEXT_QUARTER", "NEXT_FISCAL_QUARTER":
		return quarter(1), quarter(2)
	case "LAST_YEAR", "LAST_FISCAL_YEAR":
		return year(-1), year(0)
	case "THIS_YEAR", "THIS_FISCAL_YEAR":
		return year(0), year(1)
	case "NEXT_YEAR", "NEXT_FISCAL_YEAR":
		return year(1), year(2)

	case "LAST_N_DAYS":
		return day(-n), day(1)
	case "NEXT_N_DAYS":
		return day(1), day(n + 1)
	case "N_DAYS_AGO":
		return day(-n), day(-n + 1)
	case "LAST_N_WEEKS":
		return week(-n), week(0)
	case "NEXT_N_WEEKS":
		return week(1), week(n + 1)
	case "N_WEEKS_AGO":
		return week(-n), week(-n + 1)
	case "LAST_N_MONTHS":
		return month(-n), month(0)
	case "NEXT_N_MONTHS":
		return month(1), month(n + 1)
	case "N_MONTHS_AGO":
		return month(-n), month(-n + 1)
	case "LAST_N_QUARTERS", "LAST_N_FISCAL_QUARTERS":
		return quarter(-n), quarter(0)
	case "NEXT_N_QUARTERS", "NEXT_N_FISCAL_QUARTERS":
		return quarter(1), quarter(n + 1)
	case "N_QUARTERS_AGO", "N_FISCAL_QUARTERS_AGO":
		return quarter(-n), quarter(-n + 1)
	case "LAST_N_YEARS", "LAST_N_FISCAL_YEARS":
		return year(-n), year(0)
	case "NEXT_N_YEARS", "NEXT_N_FISCAL_YEARS":
		return year(1), year(n + 1)
	case "N_YEARS_AGO", "N_FISCAL_YEARS_AGO":
		return year(-n), year(-n + 1)
	}
	return time.Time{}, time.Time{}
}
