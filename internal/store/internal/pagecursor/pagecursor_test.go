package pagecursor

import (
	"encoding/base64"
	"errors"
	"testing"
	"time"
)

func TestLimit(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name    string
		in, out int
	}{
		{"zero is default", 0, DefaultLimit},
		{"negative is default", -3, DefaultLimit},
		{"within range", 7, 7},
		{"at max", MaxLimit, MaxLimit},
		{"above max", MaxLimit + 1, MaxLimit},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			if got := Limit(tc.in); got != tc.out {
				t.Errorf("Limit(%d) = %d, want %d", tc.in, got, tc.out)
			}
		})
	}
}

func TestKeyRoundTrip(t *testing.T) {
	t.Parallel()
	k := Key{Created: time.Date(2024, 5, 6, 7, 8, 9, 123456000, time.UTC), ID: "ws_a:b"}
	got, err := DecodeKey(EncodeKey(k))
	if err != nil {
		t.Fatal(err)
	}
	if got != k {
		t.Errorf("got %+v, want %+v", got, k)
	}
}

func TestIDRoundTrip(t *testing.T) {
	t.Parallel()
	got, err := DecodeID(EncodeID(42))
	if err != nil || got != 42 {
		t.Errorf("DecodeID = %d, %v; want 42", got, err)
	}
}

func TestDecodeInvalid(t *testing.T) {
	t.Parallel()
	for _, s := range []string{"", "!!", "eA", EncodeID(3), "azEyOg"} {
		if _, err := DecodeKey(s); !errors.Is(err, ErrInvalid) {
			t.Errorf("DecodeKey(%q) = %v, want ErrInvalid", s, err)
		}
	}
	for _, s := range []string{"", "!!", EncodeKey(Key{ID: "x"}), "aS0x"} {
		if _, err := DecodeID(s); !errors.Is(err, ErrInvalid) {
			t.Errorf("DecodeID(%q) = %v, want ErrInvalid", s, err)
		}
	}
}

func TestPairRoundTrip(t *testing.T) {
	t.Parallel()
	for _, p := range []Pair{{"Contact", "rec_1"}, {"", ""}, {"a:b", ":c"}, {"Ünï", "x\x00y"}} {
		got, err := DecodePair(EncodePair(p))
		if err != nil || got != p {
			t.Errorf("DecodePair(EncodePair(%q)) = %q, %v", p, got, err)
		}
	}
	for _, bad := range []string{"", "bogus", EncodeID(3), EncodeKey(Key{ID: "x"}),
		base64.RawURLEncoding.EncodeToString([]byte("p9:ab")), base64.RawURLEncoding.EncodeToString([]byte("px:ab"))} {
		if _, err := DecodePair(bad); !errors.Is(err, ErrInvalid) {
			t.Errorf("DecodePair(%q) = %v, want ErrInvalid", bad, err)
		}
	}
}

func FuzzDecodePair(f *testing.F) {
	f.Add(EncodePair(Pair{"Contact", "rec_1"}))
	f.Add("cDM6YWJj")
	f.Add("")
	f.Fuzz(func(t *testing.T, s string) {
		p, err := DecodePair(s)
		if err != nil {
			return
		}
		if got, err := DecodePair(EncodePair(p)); err != nil || got != p {
			t.Errorf("DecodePair(EncodePair(%q)) = %q, %v", p, got, err)
		}
	})
}
