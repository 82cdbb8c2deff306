package exclusion

import (
	"net/url"
	"strings"
)

// Domain returns the domain of a website or domain as a rule compares
// it: the lower-case host name without a trailing dot or a leading
// "www.", so "https://www.Acme.com/about" and "acme.com" are both
// "acme.com". It is "" for text with no plausible host name.
func Domain(s string) string {
	s = strings.ToLower(strings.TrimSpace(s))
	if s == "" || strings.ContainsAny(s, " \t\r\n@") {
		return ""
	}
	if !strings.Contains(s, "://") {
		s = "http://" + s
	}
	u, err := url.Parse(s)
	if err != nil {
		return ""
	}
	h := strings.TrimSuffix(u.Hostname(), ".")
	h = strings.TrimPrefix(h, "www.")
	if !strings.Contains(h, ".") {
		return ""
	}
	for _, label := range strings.Split(h, ".") {
		if label == "" || strings.HasPrefix(label, "-") || strings.HasSuffix(label, "-") {
			return ""
		}
	}
	return h
}

// EmailDomain returns the Domain of an email address's part after the
// last @, or "" when s is not an address.
func EmailDomain(s string) string {
	local, domain, ok := cutLast(strings.TrimSpace(s), "@")
	if !ok || local == "" || strings.ContainsAny(local, " \t\r\n") {
		return ""
	}
	return Domain(domain)
}

// normalizeEmail is an address as a check compares it: trimmed and
// lower-case (Salesforce compares emails ignoring case), or "".
func normalizeEmail(s string) string {
	if EmailDomain(s) == "" {
		return ""
	}
	return strings.ToLower(strings.TrimSpace(s))
}

func cutLast(s, sep string) (before, after string, found bool) {
	if i := strings.LastIndex(s, sep); i >= 0 {
		return s[:i], s[i+len(sep):], true
	}
	return s, "", false
}
