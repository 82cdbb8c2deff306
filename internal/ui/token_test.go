package ui

import (
	"errors"
	"strings"
	"testing"
	"time"
)

func TestDeriveKey(t *testing.T) {
	t.Parallel()
	a, err := DeriveKey("admin-key-one")
	if err != nil {
		t.Fatal(err)
	}
	b, _ := DeriveKey("admin-key-one")
	c, _ := DeriveKey("admin-key-two")
	if len(a) != 32 || string(a) != string(b) || string(a) == string(c) {
		t.Errorf("keys: same secret equal %v, different secrets differ %v, length %d", string(a) == string(b), string(a) != string(c), len(a))
	}
	if _, err := DeriveKey(""); err == nil {
		t.Error("an empty secret gave a key")
	}
}

func TestTokenVerify(t *testing.T) {
	t.Parallel()
	s := signer{key: []byte("0123456789abcdef0123456789abcdef")}
	now := time.Unix(1_800_000_000, 0)
	good := claims{Kind: kindLink, WorkspaceID: "ws_1", Expires: now.Add(time.Hour).Unix(), Nonce: "n1"}
	tok := s.sign(good)
	payload, sig, _ := strings.Cut(tok, ".")
	flip := func(x string) string {
		b := []byte(x)
		if b[0] == 'A' {
			b[0] = 'B'
		} else {
			b[0] = 'A'
		}
		return string(b)
	}
	other := signer{key: []byte("another key, 32 bytes long......")}
	cases := []struct {
		name string
		tok  string
		kind string
		at   time.Time
		want error
	}{
		{"valid", tok, kindLink, now, nil},
		{"expired", tok, kindLink, now.Add(time.Hour), errTokenExpired},
		{"other kind", tok, kindSession, now, errTokenInvalid},
		{"payload changed", flip(payload) + "." + sig, kindLink, now, errTokenInvalid},
		{"signature changed", payload + "." + flip(sig), kindLink, now, errTokenInvalid},
		{"other key", other.sign(good), kindLink, now, errTokenInvalid},
		{"no signature", payload, kindLink, now, errTokenInvalid},
		{"empty", "", kindLink, now, errTokenInvalid},
		{"garbage", "%%%.%%%", kindLink, now, errTokenInvalid},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			c, err := s.verify(tc.tok, tc.kind, tc.at)
			if !errors.Is(err, tc.want) {
				t.Fatalf("verify: %v, want %v", err, tc.want)
			}
			if err == nil && c != good {
				t.Errorf("claims %+v, want %+v", c, good)
			}
		})
	}
}

func TestCSRFBoundToSession(t *testing.T) {
	t.Parallel()
	s := signer{key: []byte("0123456789abcdef0123456789abcdef")}
	a := claims{Kind: kindSession, WorkspaceID: "ws_1", Nonce: "a"}
	b := claims{Kind: kindSession, WorkspaceID: "ws_1", Nonce: "b"}
	if !s.checkCSRF(a, s.csrfToken(a)) {
		t.Error("a session's own token was refused")
	}
	if s.checkCSRF(b, s.csrfToken(a)) || s.checkCSRF(a, "") || s.checkCSRF(a, "not base64!") {
		t.Error("a foreign, empty or malformed token was accepted")
	}
}
