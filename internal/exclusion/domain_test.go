package exclusion

import "testing"

func TestDomain(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ in, want string }{
		{"acme.com", "acme.com"},
		{"https://www.Acme.com/about?x=1", "acme.com"},
		{"http://acme.com:8080", "acme.com"},
		{"www.acme.co.uk.", "acme.co.uk"},
		{"  shop.acme.com ", "shop.acme.com"},
		{"localhost", ""},
		{"", ""},
		{"not a domain", ""},
		{"bob@acme.com", ""},
		{"-bad-.com", ""},
		{"acme..com", ""},
	} {
		if got := Domain(tc.in); got != tc.want {
			t.Errorf("Domain(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestEmailDomain(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ in, want string }{
		{"Bob@Acme.com", "acme.com"},
		{"bob@www.acme.com", "acme.com"},
		{"\"odd@local\"@acme.com", "acme.com"},
		{"bob@", ""},
		{"@acme.com", ""},
		{"acme.com", ""},
		{"bob smith@acme.com", ""},
	} {
		if got := EmailDomain(tc.in); got != tc.want {
			t.Errorf("EmailDomain(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func FuzzDomain(f *testing.F) {
	for _, s := range []string{"acme.com", "https://www.acme.com/x", "a@b.c", "", "http://[::1]:80"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d := Domain(s)
		if d != "" && Domain(d) != d {
			t.Errorf("Domain(%q) = %q, but Domain(%q) = %q: not stable", s, d, d, Domain(d))
		}
	})
}
