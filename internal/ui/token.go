package ui

import (
	"crypto/hkdf"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"strings"
	"time"
)

// keyLabel names what a derived key is for, so the same secret used
// elsewhere never yields this key.
const keyLabel = "sfbridge admin ui session v1"

// DeriveKey derives the UI's signing key from a long-lived secret of the
// deployment (the admin API key): HKDF-SHA256 with a fixed label. The
// same secret gives the same key, so links and sessions survive a
// restart of serve; changing the secret ends them all.
func DeriveKey(secret string) ([]byte, error) {
	if secret == "" {
		return nil, errors.New("ui: deriving the signing key: the secret is empty")
	}
	return hkdf.Key(sha256.New, []byte(secret), nil, keyLabel, 32)
}

// The kinds of signed token: a link carries a person to the login page,
// a session lives in the cookie. A token of one kind is never accepted
// as the other.
const (
	kindLink    = "link"
	kindSession = "session"
)

var (
	errTokenInvalid = errors.New("ui: the token is malformed or its signature does not match")
	errTokenExpired = errors.New("ui: the token has expired")
)

// claims is what a token carries.
type claims struct {
	Kind        string `json:"k"`
	WorkspaceID string `json:"w"`
	// Expires is in Unix seconds.
	Expires int64 `json:"e"`
	// Nonce makes every token unique; a session's nonce also keys its
	// CSRF token.
	Nonce string `json:"n"`
}

// signer signs and verifies compact tokens: base64url(JSON claims) "."
// base64url(HMAC-SHA256).
type signer struct {
	key []byte
}

func newNonce() string {
	b := make([]byte, 16)
	_, _ = rand.Read(b) // crypto/rand.Read never fails
	return base64.RawURLEncoding.EncodeToString(b)
}

func (s signer) mac(parts ...string) []byte {
	m := hmac.New(sha256.New, s.key)
	for _, p := range parts {
		m.Write([]byte(p))
		m.Write([]byte{0})
	}
	return m.Sum(nil)
}

func (s signer) sign(c claims) string {
	body, _ := json.Marshal(c) // claims always marshal
	payload := base64.RawURLEncoding.EncodeToString(body)
	return payload + "." + base64.RawURLEncoding.EncodeToString(s.mac("token", payload))
}

// verify checks tok's signature in constant time, then its kind and
// expiry at now.
func (s signer) verify(tok, kind string, now time.Time) (claims, error) {
	payload, sig, ok := strings.Cut(tok, ".")
	if !ok || len(tok) > 1024 {
		return claims{}, errTokenInvalid
	}
	got, err := base64.RawURLEncoding.DecodeString(sig)
	if err != nil || !hmac.Equal(got, s.mac("token", payload)) {
		return claims{}, errTokenInvalid
	}
	body, err := base64.RawURLEncoding.DecodeString(payload)
	if err != nil {
		return claims{}, errTokenInvalid
	}
	var c claims
	if err := json.Unmarshal(body, &c); err != nil || c.Kind != kind || c.WorkspaceID == "" || c.Nonce == "" {
		return claims{}, errTokenInvalid
	}
	if now.Unix() >= c.Expires {
		return claims{}, errTokenExpired
	}
	return c, nil
}

// csrfToken is the CSRF token of a session: bound to its nonce, so it
// is worthless with any other session.
func (s signer) csrfToken(c claims) string {
	return base64.RawURLEncoding.EncodeToString(s.mac("csrf", c.WorkspaceID, c.Nonce))
}

// checkCSRF compares a submitted token with the session's in constant
// time.
func (s signer) checkCSRF(c claims, submitted string) bool {
	got, err := base64.RawURLEncoding.DecodeString(submitted)
	return err == nil && hmac.Equal(got, s.mac("csrf", c.WorkspaceID, c.Nonce))
}
