package secret

import (
	"bytes"
	"crypto/rand"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
)

// testKey returns a deterministic 32-byte key filled with b.
func testKey(b byte) []byte { return bytes.Repeat([]byte{b}, KeySize) }

func mustKeyring(t *testing.T, keys ...Key) *Keyring {
	t.Helper()
	kr, err := NewKeyring(keys...)
	if err != nil {
		t.Fatalf("NewKeyring: %v", err)
	}
	return kr
}

func TestSealOpenRoundTrip(t *testing.T) {
	t.Parallel()
	kr := mustKeyring(t, Key{ID: "k1", Secret: testKey(1)})
	for _, tc := range []struct {
		name      string
		plaintext []byte
	}{
		{"empty", []byte{}},
		{"nil", nil},
		{"token", []byte("00Dxx0000001gPL!AQ4AQ.refresh")},
		{"binary", []byte{0, 1, 2, 0xff, 0xfe}},
		{"large", bytes.Repeat([]byte("x"), 1<<16)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			sealed, err := kr.Seal(tc.plaintext)
			if err != nil {
				t.Fatalf("Seal: %v", err)
			}
			if want := 2 + len("k1") + nonceSize + len(tc.plaintext) + tagSize; len(sealed) != want {
				t.Errorf("len(sealed) = %d, want %d", len(sealed), want)
			}
			if sealed[0] != Version || sealed[1] != 2 || string(sealed[2:4]) != "k1" {
				t.Errorf("header = %q, want version %d, length 2, id k1", sealed[:4], Version)
			}
			if len(tc.plaintext) > 4 && bytes.Contains(sealed, tc.plaintext) {
				t.Error("sealed value contains the plaintext")
			}
			got, err := kr.Open(sealed)
			if err != nil {
				t.Fatalf("Open: %v", err)
			}
			if got == nil || !bytes.Equal(got, tc.plaintext) {
				t.Errorf("Open = %q, want %q (non-nil)", got, tc.plaintext)
			}
		})
	}
}

func TestSealUsesFreshNonce(t *testing.T) {
	t.Parallel()
	kr := mustKeyring(t, Key{ID: "k1", Secret: testKey(1)})
	a, _ := kr.Seal([]byte("same"))
	b, _ := kr.Seal([]byte("same"))
	if bytes.Equal(a, b) {
		t.Fatal("sealing the same plaintext twice gave identical output")
	}
}

type failingReader struct{}

func (failingReader) Read([]byte) (int, error) { return 0, errors.New("entropy exhausted") }

func TestSealRandomFailure(t *testing.T) {
	t.Parallel()
	kr := mustKeyring(t, Key{ID: "k1", Secret: testKey(1)})
	kr.rand = failingReader{}
	if _, err := kr.Seal([]byte("tok")); err == nil || !strings.Contains(err.Error(), "nonce") {
		t.Fatalf("Seal with failing random source: err = %v, want a nonce error", err)
	}
}

func TestOpenTamperedFails(t *testing.T) {
	t.Parallel()
	kr := mustKeyring(t,
		Key{ID: "k1", Secret: testKey(1)},
		Key{ID: "k2", Secret: testKey(2)},
	)
	plaintext := []byte("refresh-token-value")
	sealed, err := kr.Seal(plaintext)
	if err != nil {
		t.Fatal(err)
	}
	for i := range sealed {
		for _, mask := range []byte{0x01, 0x80, 0xff} {
			tampered := bytes.Clone(sealed)
			tampered[i] ^= mask
			got, err := kr.Open(tampered)
			if err == nil {
				t.Fatalf("Open with byte %d ^ %#x succeeded: %q", i, mask, got)
			}
			if !errors.Is(err, ErrAuthentication) && !errors.Is(err, ErrUnknownKey) && !errors.Is(err, ErrMalformed) {
				t.Errorf("byte %d ^ %#x: err = %v, want one of the package's sentinel errors", i, mask, err)
			}
			if strings.Contains(err.Error(), string(plaintext)) {
				t.Errorf("error leaks plaintext: %v", err)
			}
		}
	}
	// Altering the ciphertext or tag is an authentication failure.
	tampered := bytes.Clone(sealed)
	tampered[len(tampered)-1] ^= 1
	if _, err := kr.Open(tampered); !errors.Is(err, ErrAuthentication) {
		t.Errorf("altered tag: err = %v, want ErrAuthentication", err)
	}
	// Renaming the key id to another key on the ring fails authentication
	// too, because the id is additional data.
	renamed := bytes.Clone(sealed)
	copy(renamed[2:4], "k2")
	if _, err := kr.Open(renamed); !errors.Is(err, ErrAuthentication) {
		t.Errorf("key id swapped to k2: err = %v, want ErrAuthentication", err)
	}
	// Truncation and extension fail.
	for _, mod := range [][]byte{sealed[:len(sealed)-1], sealed[:2+2+nonceSize], append(bytes.Clone(sealed), 0)} {
		if _, err := kr.Open(mod); err == nil {
			t.Errorf("Open of %d-byte modified value succeeded", len(mod))
		}
	}
}

func TestOpenWrongKeyFails(t *testing.T) {
	t.Parallel()
	sealer := mustKeyring(t, Key{ID: "k1", Secret: testKey(1)})
	other := mustKeyring(t, Key{ID: "k1", Secret: testKey(9)})
	sealed, err := sealer.Seal([]byte("secret"))
	if err != nil {
		t.Fatal(err)
	}
	_, err = other.Open(sealed)
	if !errors.Is(err, ErrAuthentication) {
		t.Fatalf("Open under a different key with the same id: err = %v, want ErrAuthentication", err)
	}
	stranger := mustKeyring(t, Key{ID: "x9", Secret: testKey(1)})
	_, err = stranger.Open(sealed)
	if !errors.Is(err, ErrUnknownKey) {
		t.Fatalf("Open on a ring without k1: err = %v, want ErrUnknownKey", err)
	}
	if !strings.Contains(err.Error(), `"k1"`) {
		t.Errorf("unknown key error %q does not name the key id", err)
	}
}

func TestOpenMalformed(t *testing.T) {
	t.Parallel()
	kr := mustKeyring(t, Key{ID: "k1", Secret: testKey(1)})
	for _, tc := range []struct {
		name   string
		sealed []byte
		want   error
	}{
		{"nil", nil, ErrMalformed},
		{"one byte", []byte{Version}, ErrMalformed},
		{"bad version", []byte{2, 2, 'k', '1'}, ErrMalformed},
		{"zero id length", []byte{Version, 0}, ErrMalformed},
		{"id length past end", []byte{Version, 5, 'k', '1'}, ErrMalformed},
		{"id too long", append([]byte{Version, MaxKeyIDLen + 1}, bytes.Repeat([]byte("a"), 60)...), ErrMalformed},
		{"no nonce", []byte{Version, 2, 'k', '1'}, ErrMalformed},
		{"no tag", append([]byte{Version, 2, 'k', '1'}, make([]byte, nonceSize+tagSize-1)...), ErrMalformed},
		{"zero tag", append([]byte{Version, 2, 'k', '1'}, make([]byte, nonceSize+tagSize)...), ErrAuthentication},
		{"unknown id", []byte{Version, 2, 'k', '7'}, ErrUnknownKey},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			if _, err := kr.Open(tc.sealed); !errors.Is(err, tc.want) {
				t.Errorf("Open(%x): err = %v, want %v", tc.sealed, err, tc.want)
			}
		})
	}
}

func TestRotation(t *testing.T) {
	t.Parallel()
	old := mustKeyring(t, Key{ID: "k1", Secret: testKey(1)})
	oldSealed, err := old.Seal([]byte("old token"))
	if err != nil {
		t.Fatal(err)
	}
	if old.NeedsReseal(oldSealed) {
		t.Error("NeedsReseal is true for a value under the only key")
	}

	rotated := mustKeyring(t,
		Key{ID: "k2", Secret: testKey(2)},
		Key{ID: "k1", Secret: testKey(1)},
	)
	if got := rotated.PrimaryID(); got != "k2" {
		t.Errorf("PrimaryID = %q, want k2", got)
	}
	if got := fmt.Sprint(rotated.IDs()); got != "[k2 k1]" {
		t.Errorf("IDs = %s, want [k2 k1]", got)
	}
	got, err := rotated.Open(oldSealed)
	if err != nil || string(got) != "old token" {
		t.Fatalf("rotated.Open(old value) = %q, %v; want the old token", got, err)
	}
	if !rotated.NeedsReseal(oldSealed) {
		t.Error("NeedsReseal is false for a value under the old key")
	}

	resealed, err := rotated.Seal(got)
	if err != nil {
		t.Fatal(err)
	}
	if id, err := KeyID(resealed); err != nil || id != "k2" {
		t.Errorf("KeyID(resealed) = %q, %v; want k2", id, err)
	}
	if rotated.NeedsReseal(resealed) {
		t.Error("NeedsReseal is true for a value under the primary")
	}
	if _, err := old.Open(resealed); !errors.Is(err, ErrUnknownKey) {
		t.Errorf("old ring opening a k2 value: err = %v, want ErrUnknownKey", err)
	}
	if rotated.NeedsReseal([]byte("garbage")) {
		t.Error("NeedsReseal is true for a malformed value")
	}
}

func TestNewKeyringErrors(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name string
		keys []Key
		want string
	}{
		{"none", nil, "no keys"},
		{"empty id", []Key{{ID: "", Secret: testKey(1)}}, "key id is empty"},
		{"bad id", []Key{{ID: "k 1", Secret: testKey(1)}}, "may only hold"},
		{"long id", []Key{{ID: strings.Repeat("k", MaxKeyIDLen+1), Secret: testKey(1)}}, "at most 32"},
		{"duplicate", []Key{{ID: "k1", Secret: testKey(1)}, {ID: "k1", Secret: testKey(2)}}, "more than once"},
		{"short secret", []Key{{ID: "k1", Secret: make([]byte, 16)}}, "is 16 bytes; want 32"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			_, err := NewKeyring(tc.keys...)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("NewKeyring: err = %v, want one containing %q", err, tc.want)
			}
		})
	}
}

func TestKeyringFormattingHidesKeys(t *testing.T) {
	t.Parallel()
	secret := []byte("0123456789abcdef0123456789abcdef")
	kr := mustKeyring(t, Key{ID: "k1", Secret: secret})
	for _, verb := range []string{"%v", "%+v", "%#v", "%s"} {
		out := fmt.Sprintf(verb, kr)
		if !strings.Contains(out, "k1") || strings.Contains(out, "0123456789") {
			t.Errorf("Sprintf(%s) = %q: want the id and no key material", verb, out)
		}
	}
}

func TestConcurrentSealOpen(t *testing.T) {
	t.Parallel()
	kr := mustKeyring(t, Key{ID: "k1", Secret: testKey(1)})
	var wg sync.WaitGroup
	errs := make(chan error, 16)
	for range 16 {
		wg.Go(func() {
			for range 50 {
				p := make([]byte, 24)
				_, _ = rand.Read(p)
				s, err := kr.Seal(p)
				if err != nil {
					errs <- err
					return
				}
				got, err := kr.Open(s)
				if err != nil || !bytes.Equal(got, p) {
					errs <- fmt.Errorf("round trip: %v", err)
					return
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}
