package pagecursor

import (
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
