package salesforce

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// idSuffixAlphabet maps a 5-bit case mask to the character Salesforce
// appends for each 5-character chunk of a 15-character id.
const idSuffixAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ012345"

// ID18 checks the shape of a Salesforce record id and returns
// its 18-character form, the one the API answers and links hold: a
// 15-character id gets its suffix, and an 18-character one must carry
// the suffix its first 15 characters give (ignoring case), which
// catches most typos.
func ID18(id string) (string, error) {
	if len(id) != 15 && len(id) != 18 {
		return "", fmt.Errorf("%q is not a Salesforce record id: those are 15 or 18 letters and digits, such as 003xx000004TmiQAAS", clipID(id))
	}
	for i := 0; i < len(id); i++ {
		c := id[i]
		if !(c >= '0' && c <= '9' || c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z') {
			return "", fmt.Errorf("%q is not a Salesforce record id: those are 15 or 18 letters and digits only", clipID(id))
		}
	}
	id15 := id[:15]
	b := []byte(id15)
	for chunk := 0; chunk < 3; chunk++ {
		mask := 0
		for i := 0; i < 5; i++ {
			if c := id15[chunk*5+i]; c >= 'A' && c <= 'Z' {
				mask |= 1 << i
			}
		}
		b = append(b, idSuffixAlphabet[mask])
	}
	full := string(b)
	if len(id) == 18 && !strings.EqualFold(id[15:], full[15:]) {
		return "", fmt.Errorf("%q is not a Salesforce record id: its last 3 characters do not match the first 15 (a typo, or a change of letter case?)", id)
	}
	return full, nil
}

// clipID shortens what is quoted of a long non-id in a message.
func clipID(s string) string {
	const max = 40
	if utf8.RuneCountInString(s) <= max {
		return s
	}
	return string([]rune(s)[:max]) + "…"
}
