// Package phone normalizes phone numbers to E.164 with libphonenumber's
// rules (github.com/nyaruka/phonenumbers), so numbers written differently
// ("(415) 555-0100", "+1 415-555-0100", "415.555.0100") compare equal.
package phone

import (
	"strings"

	"github.com/nyaruka/phonenumbers"
)

// DefaultRegion is the region assumed for numbers written without a
// country code, as most US orgs store them.
const DefaultRegion = "US"

// Normalize returns the E.164 form of raw ("+14155550100"), reading a
// number without a country code as one of region (DefaultRegion when
// empty). ok is false for text that is not a possible phone number.
func Normalize(raw, region string) (e164 string, ok bool) {
	raw = strings.TrimSpace(raw)
	if raw == "" {
		return "", false
	}
	if region == "" {
		region = DefaultRegion
	}
	n, err := phonenumbers.Parse(raw, region)
	if err != nil || !phonenumbers.IsPossibleNumber(n) {
		return "", false
	}
	return phonenumbers.Format(n, phonenumbers.E164), true
}
