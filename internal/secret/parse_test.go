package secret

import (
	"encoding/base64"
	"strings"
	"testing"
)

func TestParseKeyring(t *testing.T) {
	t.Parallel()
	k1 := testKey(1)
	k2 := testKey(2)
	spec := "k2:" + base64.StdEncoding.EncodeToString(k2) + ", k1:" + base64.RawURLEncoding.EncodeToString(k1)
	kr, err := ParseKeyring(spec)
	if err != nil {
		t.Fatalf("ParseKeyring: %v", err)
	}
	if kr.PrimaryID() != "k2" {
		t.Errorf("PrimaryID = %q, want k2", kr.PrimaryID())
	}
	// The parsed k1 opens what a ring built from the raw bytes sealed.
	sealed, err := mustKeyring(t, Key{ID: "k1", Secret: k1}).Seal([]byte("x"))
	if err != nil {
		t.Fatal(err)
	}
	if got, err := kr.Open(sealed); err != nil || string(got) != "x" {
		t.Errorf("Open = %q, %v", got, err)
	}
}

func TestParseKeyringEncodings(t *testing.T) {
	t.Parallel()
	// 0xfb bytes make '+' / '-' and '/' / '_' appear, so the alphabets differ.
	key := []byte(strings.Repeat("\xfb\xff\xbf", 11)[:KeySize])
	for name, enc := range map[string]*base64.Encoding{
		"std": base64.StdEncoding, "raw std": base64.RawStdEncoding,
		"url": base64.URLEncoding, "raw url": base64.RawURLEncoding,
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			if _, err := ParseKeyring("k:" + enc.EncodeToString(key)); err != nil {
				t.Errorf("ParseKeyring: %v", err)
			}
		})
	}
}

func TestParseKeyringErrors(t *testing.T) {
	t.Parallel()
	good := base64.StdEncoding.EncodeToString(testKey(7))
	short := base64.StdEncoding.EncodeToString([]byte("sixteen byte key"))
	for _, tc := range []struct {
		name string
		spec string
		want string
	}{
		{"empty", "", "no keys"},
		{"blank", "   ", "no keys"},
		{"bare key", good, "entry 1 has no key id"},
		{"empty entry", "k1:" + good + ",", "entry 2 is empty"},
		{"empty id", ":" + good, "entry 1: key id is empty"},
		{"bad id", "k/1:" + good, `key id "k/1" may only hold`},
		{"no key", "k1:", `entry 1 (key id "k1") has no key`},
		{"not base64", "k1:" + good[:10] + "!!" + good[12:], `entry 1 (key id "k1"): key is not valid base64`},
		{"short key", "k1:" + short, "key is 16 bytes after base64 decoding; want 32"},
		{"second entry short", "k2:" + good + ",k1:" + short, `entry 2 (key id "k1"): key is 16 bytes`},
		{"duplicate id", "k1:" + good + ",k1:" + good, `key id "k1" appears more than once`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			kr, err := ParseKeyring(tc.spec)
			if err == nil {
				t.Fatalf("ParseKeyring = %v, want an error containing %q", kr, tc.want)
			}
			msg := err.Error()
			if !strings.Contains(msg, tc.want) {
				t.Errorf("error %q does not contain %q", msg, tc.want)
			}
			for _, material := range []string{good, short, good[:10]} {
				if strings.Contains(msg, material) {
					t.Errorf("error %q echoes key material", msg)
				}
			}
		})
	}
}

func TestNewKey(t *testing.T) {
	t.Parallel()
	a, err := NewKey()
	if err != nil {
		t.Fatal(err)
	}
	b, _ := NewKey()
	if a == b {
		t.Error("NewKey returned the same key twice")
	}
	raw, err := base64.StdEncoding.DecodeString(a)
	if err != nil || len(raw) != KeySize {
		t.Fatalf("NewKey = %q: decodes to %d bytes, %v; want %d", a, len(raw), err, KeySize)
	}
	if _, err := ParseKeyring("demo:" + a); err != nil {
		t.Errorf("ParseKeyring(NewKey()): %v", err)
	}
}
