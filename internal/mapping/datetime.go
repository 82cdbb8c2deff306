package mapping

import (
	"errors"
	"fmt"
	"time"

	"github.com/sfbridge/sfbridge/salesforce"
)

const dateLayout = "2006-01-02"

// sfDateTimeLayouts are the datetime spellings read from Salesforce: its
// own (2013-05-20T20:49:32.000+0000), the same without milliseconds, and
// RFC 3339 (what composite and Bulk API results use).
var sfDateTimeLayouts = []string{
	salesforce.DateTimeLayout,
	"2006-01-02T15:04:05-0700",
	"2006-01-02T15:04:05.999999999Z0700",
	time.RFC3339Nano,
}

// Salesforce stores dates from 1700-01-01 to 4000-12-31 and refuses the
// rest; checking here names the field instead of failing the batch.
var (
	minSFDate = time.Date(1700, 1, 1, 0, 0, 0, 0, time.UTC)
	maxSFDate = time.Date(4001, 1, 1, 0, 0, 0, 0, time.UTC)
)

func parseSFDateTime(s string) (time.Time, error) {
	for _, l := range sfDateTimeLayouts {
		if t, err := time.Parse(l, s); err == nil {
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("%q is not a datetime with a time zone (want like 2013-05-20T20:49:32.000+0000)", clip(s))
}

func parseDate(s string) (string, error) {
	t, err := time.Parse(dateLayout, s)
	if err != nil {
		return "", fmt.Errorf("%q is not a date (want YYYY-MM-DD)", clip(s))
	}
	return t.Format(dateLayout), nil
}

// formatAppDateTime is the app's datetime: RFC 3339 in UTC, with
// fractional seconds only when there are some.
func formatAppDateTime(t time.Time) string {
	return t.UTC().Format(time.RFC3339Nano)
}

// appDate reads an app date: "YYYY-MM-DD", or a time.Time whose calendar
// date in its own location is meant.
func appDate(v any) (string, error) {
	var t time.Time
	switch x := v.(type) {
	case string:
		var err error
		if t, err = time.Parse(dateLayout, x); err != nil {
			return "", fmt.Errorf("%q is not a date (want YYYY-MM-DD)", clip(x))
		}
	case time.Time:
		t = time.Date(x.Year(), x.Month(), x.Day(), 0, 0, 0, 0, time.UTC)
	default:
		return "", fmt.Errorf("a date (YYYY-MM-DD) is expected, not %s", kind(v))
	}
	if t.Before(minSFDate) || !t.Before(maxSFDate) {
		return "", errors.New("dates must be from 1700-01-01 to 4000-12-31, the range Salesforce holds")
	}
	return t.Format(dateLayout), nil
}

// appDateTime reads an app datetime: RFC 3339 with any offset (Salesforce's
// own layout too), or a time.Time. A datetime without an offset is refused:
// which instant it means is a guess.
func appDateTime(v any) (time.Time, error) {
	var t time.Time
	switch x := v.(type) {
	case string:
		var err error
		if t, err = parseSFDateTime(x); err != nil {
			return time.Time{}, err
		}
	case time.Time:
		t = x
	default:
		return time.Time{}, fmt.Errorf("a datetime (RFC 3339) is expected, not %s", kind(v))
	}
	if t.Before(minSFDate) || !t.Before(maxSFDate) {
		return time.Time{}, errors.New("datetimes must be from 1700 to 4000, the range Salesforce holds")
	}
	return t, nil
}
