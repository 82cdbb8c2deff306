package secret

import (
	"bytes"
	"errors"
	"strings"
	"testing"
)

// FuzzOpen checks that Open never panics, that every failure is one of
// the package's sentinel errors, and that any input it accepts re-seals
// and opens to the same plaintext.
func FuzzOpen(f *testing.F) {
	kr, err := NewKeyring(Key{ID: "k2", Secret: testKey(2)}, Key{ID: "k1", Secret: testKey(1)})
	if err != nil {
		f.Fatal(err)
	}
	for _, p := range []string{"", "token", "a longer refresh token value"} {
		s, err := kr.Seal([]byte(p))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(s)
	}
	f.Add([]byte{})
	f.Add([]byte{Version})
	f.Add([]byte{Version, 2, 'k', '1'})
	f.Add([]byte{Version, 255})
	f.Add([]byte{0, 0, 0})
	f.Fuzz(func(t *testing.T, sealed []byte) {
		got, err := kr.Open(sealed)
		if err != nil {
			if !errors.Is(err, ErrMalformed) && !errors.Is(err, ErrUnknownKey) && !errors.Is(err, ErrAuthentication) {
				t.Fatalf("Open(%x): unexpected error kind %v", sealed, err)
			}
			return
		}
		again, err := kr.Seal(got)
		if err != nil {
			t.Fatal(err)
		}
		back, err := kr.Open(again)
		if err != nil || !bytes.Equal(back, got) {
			t.Fatalf("reseal round trip: %q, %v; want %q", back, err, got)
		}
		_ = kr.NeedsReseal(sealed)
	})
}

// FuzzParseKeyring checks that ParseKeyring never panics, that a keyring
// it accepts seals and opens, and that its errors do not depend on the
// key material (so they cannot echo it): shifting every letter and digit
// of the keys keeps their validity and length and must give the same
// error.
func FuzzParseKeyring(f *testing.F) {
	for _, s := range []string{
		"k1:" + strings.Repeat("A", 43) + "=",
		"k2:" + strings.Repeat("B", 43) + ",k1:" + strings.Repeat("A", 44),
		"", ",", "k1:", ":abc", "nocolon", "k 1:abc", "k1:!!!!", "k1:c2hvcnQ=",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, spec string) {
		kr, err := ParseKeyring(spec)
		if err == nil {
			sealed, err := kr.Seal([]byte("x"))
			if err != nil {
				t.Fatal(err)
			}
			if got, err := kr.Open(sealed); err != nil || string(got) != "x" {
				t.Fatalf("round trip: %q, %v", got, err)
			}
		}
		shifted := shiftKeys(spec)
		_, err2 := ParseKeyring(shifted)
		if (err == nil) != (err2 == nil) || err != nil && err.Error() != err2.Error() {
			t.Fatalf("errors depend on key material:\n%q: %v\n%q: %v", spec, err, shifted, err2)
		}
	})
}

// shiftKeys rotates each letter and digit after the first ':' of every
// entry, leaving ids and separators alone.
func shiftKeys(spec string) string {
	entries := strings.Split(spec, ",")
	for i, e := range entries {
		id, key, ok := strings.Cut(e, ":")
		if !ok {
			// Bare entries are refused without being echoed; shift them too.
			id, key = "", e
		}
		key = strings.Map(func(r rune) rune {
			switch {
			case r >= 'a' && r <= 'z':
				return 'a' + (r-'a'+1)%26
			case r >= 'A' && r <= 'Z':
				return 'A' + (r-'A'+1)%26
			case r >= '0' && r <= '9':
				return '0' + (r-'0'+1)%10
			}
			return r
		}, key)
		if ok {
			entries[i] = id + ":" + key
		} else {
			entries[i] = key
		}
	}
	return strings.Join(entries, ",")
}
