package sfemu

import "strings"

// idSuffixAlphabet maps a 5-bit case mask to the character Salesforce
// appends for each 5-character chunk of a 15-character id.
const idSuffixAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ012345"

// base62 is the digit alphabet of the unique part of generated ids.
const base62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"

// id18 returns the 18-character form of a valid 15-character id.
func id18(id15 string) string {
	if len(id15) != 15 {
		return id15
	}
	var b [18]byte
	return string(appendID18(b[:0], id15))
}

// appendID18 appends the 18-character form of a 15-character id without
// allocating; the query renderer calls it for every id it writes.
func appendID18(b []byte, id15 string) []byte {
	b = append(b, id15...)
	if len(id15) != 15 {
		return b
	}
	for chunk := 0; chunk < 3; chunk++ {
		mask := 0
		for i := 0; i < 5; i++ {
			c := id15[chunk*5+i]
			if c >= 'A' && c <= 'Z' {
				mask |= 1 << i
			}
		}
		b = append(b, idSuffixAlphabet[mask])
	}
	return b
}

// parseID validates a 15- or 18-character id and returns its case-sensitive
// 15-character form. An 18-character id whose suffix disagrees with the
// case of its first 15 characters is repaired from the suffix, as
// Salesforce does for ids that went through case-insensitive systems.
func parseID(s string) (string, bool) {
	if len(s) != 15 && len(s) != 18 {
		return "", false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z') {
			return "", false
		}
	}
	if len(s) == 15 {
		return s, true
	}
	if id18(s[:15]) == s {
		return s[:15], true
	}
	// Restore case from the suffix.
	b := []byte(s[:15])
	for chunk := 0; chunk < 3; chunk++ {
		mask := strings.IndexByte(idSuffixAlphabet, upper(s[15+chunk]))
		if mask < 0 {
			return "", false
		}
		for i := 0; i < 5; i++ {
			c := &b[chunk*5+i]
			switch {
			case mask&(1<<i) != 0 && *c >= 'a' && *c <= 'z':
				*c -= 'a' - 'A'
			case mask&(1<<i) == 0 && *c >= 'A' && *c <= 'Z':
				*c += 'a' - 'A'
			case mask&(1<<i) != 0 && !(*c >= 'A' && *c <= 'Z'):
				return "", false
			}
		}
	}
	return string(b), true
}

func upper(c byte) byte {
	if c >= 'a' && c <= 'z' {
		return c - ('a' - 'A')
	}
	return c
}

// idGenerator hands out ids: key prefix, a two-character pod code, a
// reserved zero and nine base-62 digits of a per-org sequence.
type idGenerator struct {
	pod string
	seq uint64
}

// next returns a new 15-character id for the key prefix.
func (g *idGenerator) next(prefix string) string {
	g.seq++
	var digits [9]byte
	n := g.seq
	for i := 8; i >= 0; i-- {
		digits[i] = base62[n%62]
		n /= 62
	}
	return prefix + g.pod + "0" + string(digits[:])
}
