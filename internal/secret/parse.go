package secret

import (
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"
)

// ParseKeyring reads a keyring from its configuration form: comma-
// separated ID:BASE64KEY entries, primary first, for example
//
//	k2:3q2+7w...=,k1:AAECAw...=
//
// Each key must decode to [KeySize] bytes, in standard or URL-safe
// base64, padded or not. Spaces around entries are ignored. Errors name
// the entry and key id at fault but never echo key material.
func ParseKeyring(spec string) (*Keyring, error) {
	if strings.TrimSpace(spec) == "" {
		return nil, errors.New("parsing keyring: no keys: want ID:BASE64KEY[,ID:BASE64KEY...]")
	}
	entries := strings.Split(spec, ",")
	keys := make([]Key, 0, len(entries))
	for i, entry := range entries {
		n := i + 1
		entry = strings.TrimSpace(entry)
		if entry == "" {
			return nil, fmt.Errorf("parsing keyring: entry %d is empty: want ID:BASE64KEY", n)
		}
		id, b64, ok := strings.Cut(entry, ":")
		if !ok {
			// Do not echo the entry: it may be a bare key.
			return nil, fmt.Errorf("parsing keyring: entry %d has no key id: want ID:BASE64KEY", n)
		}
		id, b64 = strings.TrimSpace(id), strings.TrimSpace(b64)
		if err := checkKeyID(id); err != nil {
			return nil, fmt.Errorf("parsing keyring: entry %d: %w", n, err)
		}
		if b64 == "" {
			return nil, fmt.Errorf("parsing keyring: entry %d (key id %q) has no key after the colon", n, id)
		}
		secret, err := decodeKey(b64)
		if err != nil {
			return nil, fmt.Errorf("parsing keyring: entry %d (key id %q): %w", n, id, err)
		}
		keys = append(keys, Key{ID: id, Secret: secret})
	}
	kr, err := NewKeyring(keys...)
	for _, k := range keys {
		clear(k.Secret)
	}
	if err != nil {
		return nil, fmt.Errorf("parsing keyring: %w", err)
	}
	return kr, nil
}

// decodeKey accepts the four common base64 variants. Its errors do not
// wrap encoding/base64's, which would point into the key.
func decodeKey(s string) ([]byte, error) {
	var b []byte
	var err error
	for _, enc := range []*base64.Encoding{base64.StdEncoding, base64.RawStdEncoding, base64.URLEncoding, base64.RawURLEncoding} {
		if b, err = enc.DecodeString(s); err == nil {
			break
		}
	}
	if err != nil {
		return nil, errors.New("key is not valid base64 (standard or URL alphabet)")
	}
	if len(b) != KeySize {
		n := len(b)
		clear(b)
		return nil, fmt.Errorf("key is %d bytes after base64 decoding; want %d (generate one with: openssl rand -base64 32)", n, KeySize)
	}
	return b, nil
}

// NewKey returns a fresh random [KeySize]-byte key in standard base64,
// ready to be put after "ID:" in a keyring spec.
func NewKey() (string, error) {
	b := make([]byte, KeySize)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("generating key: %w", err)
	}
	s := base64.StdEncoding.EncodeToString(b)
	clear(b)
	return s, nil
}
