package secret

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"errors"
	"fmt"
	"io"
	"strings"
)

// Version is the format version byte written first in every sealed value.
const Version byte = 1

// KeySize is the key length AES-256 needs, in bytes.
const KeySize = 32

// MaxKeyIDLen is the longest key id a [Keyring] accepts.
const MaxKeyIDLen = 32

const (
	nonceSize = 12
	tagSize   = 16
)

// Key is one named key for [NewKeyring].
type Key struct {
	// ID names the key in sealed values: 1 to [MaxKeyIDLen] ASCII
	// letters, digits, '-', '_' or '.'.
	ID string
	// Secret is the 32-byte AES-256 key. NewKeyring copies what it needs;
	// the caller may zero the slice afterwards.
	Secret []byte
}

// Keyring seals with its primary key and opens with any of its keys.
// It is immutable and safe for concurrent use. Its String method prints
// only the key ids, so a Keyring is safe to log.
type Keyring struct {
	ids   []string // ids[0] is the primary
	aeads map[string]cipher.AEAD
	rand  io.Reader // nonce source; crypto/rand.Reader outside tests
}

// NewKeyring builds a keyring from keys; the first is the primary. It
// fails if there are no keys, an id is invalid or repeated, or a secret
// is not [KeySize] bytes. Use [ParseKeyring] to read one from
// configuration.
func NewKeyring(keys ...Key) (*Keyring, error) {
	if len(keys) == 0 {
		return nil, errors.New("building keyring: no keys")
	}
	kr := &Keyring{
		ids:   make([]string, 0, len(keys)),
		aeads: make(map[string]cipher.AEAD, len(keys)),
		rand:  rand.Reader,
	}
	for i, k := range keys {
		if err := checkKeyID(k.ID); err != nil {
			return nil, fmt.Errorf("building keyring: key %d: %w", i+1, err)
		}
		if _, dup := kr.aeads[k.ID]; dup {
			return nil, fmt.Errorf("building keyring: key id %q appears more than once", k.ID)
		}
		if len(k.Secret) != KeySize {
			return nil, fmt.Errorf("building keyring: key %q is %d bytes; want %d", k.ID, len(k.Secret), KeySize)
		}
		block, err := aes.NewCipher(k.Secret)
		if err != nil { // unreachable with a 32-byte key
			return nil, fmt.Errorf("building keyring: key %q: creating cipher failed", k.ID)
		}
		aead, err := cipher.NewGCM(block)
		if err != nil {
			return nil, fmt.Errorf("building keyring: key %q: creating GCM failed", k.ID)
		}
		kr.ids = append(kr.ids, k.ID)
		kr.aeads[k.ID] = aead
	}
	return kr, nil
}

// checkKeyID reports whether id is usable in the sealed format. The
// message may echo the id: ids are names, not key material.
func checkKeyID(id string) error {
	if id == "" {
		return errors.New("key id is empty")
	}
	if len(id) > MaxKeyIDLen {
		return fmt.Errorf("key id %q is %d characters; at most %d are allowed", id, len(id), MaxKeyIDLen)
	}
	for _, r := range id {
		ok := r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_' || r == '.'
		if !ok {
			return fmt.Errorf("key id %q may only hold letters, digits, '-', '_' and '.'", id)
		}
	}
	return nil
}

// PrimaryID is the id of the key that [Keyring.Seal] uses.
func (kr *Keyring) PrimaryID() string { return kr.ids[0] }

// IDs returns the key ids on the ring, primary first.
func (kr *Keyring) IDs() []string { return append([]string(nil), kr.ids...) }

// String describes the keyring by its ids only, never its keys.
func (kr *Keyring) String() string {
	return "secret.Keyring{primary: " + kr.ids[0] + ", ids: [" + strings.Join(kr.ids, " ") + "]}"
}

// GoString is String, so %#v does not print key schedules either.
func (kr *Keyring) GoString() string { return kr.String() }

// Seal encrypts plaintext under the primary key and returns the sealed
// value in the package's format. Every call draws a fresh random nonce,
// so sealing the same plaintext twice gives different results. An empty
// plaintext is allowed.
func (kr *Keyring) Seal(plaintext []byte) ([]byte, error) {
	id := kr.ids[0]
	aead := kr.aeads[id]
	hdrLen := 2 + len(id)
	out := make([]byte, hdrLen+nonceSize, hdrLen+nonceSize+len(plaintext)+tagSize)
	out[0] = Version
	out[1] = byte(len(id))
	copy(out[2:], id)
	nonce := out[hdrLen : hdrLen+nonceSize]
	if _, err := io.ReadFull(kr.rand, nonce); err != nil {
		return nil, fmt.Errorf("sealing: reading random nonce: %w", err)
	}
	return aead.Seal(out, nonce, plaintext, out[:hdrLen]), nil
}

// Open authenticates and decrypts a value made by [Keyring.Seal] under
// any key on the ring. It fails with an error wrapping [ErrMalformed],
// [ErrUnknownKey] or [ErrAuthentication]; the error never holds the
// plaintext.
func (kr *Keyring) Open(sealed []byte) ([]byte, error) {
	id, body, err := parseHeader(sealed)
	if err != nil {
		return nil, fmt.Errorf("opening sealed value: %w", err)
	}
	aead, ok := kr.aeads[id]
	if !ok {
		return nil, fmt.Errorf("opening sealed value: key id %q: %w", id, ErrUnknownKey)
	}
	if len(body) < nonceSize+tagSize {
		return nil, fmt.Errorf("opening sealed value: %w: %d bytes after the header; want at least %d", ErrMalformed, len(body), nonceSize+tagSize)
	}
	hdr := sealed[:len(sealed)-len(body)]
	plaintext, err := aead.Open(nil, body[:nonceSize], body[nonceSize:], hdr)
	if err != nil {
		return nil, fmt.Errorf("opening sealed value under key %q: %w", id, ErrAuthentication)
	}
	if plaintext == nil {
		plaintext = []byte{}
	}
	return plaintext, nil
}

// NeedsReseal reports whether sealed has a well-formed header naming a
// key other than the primary, so the caller should open it and seal it
// again. It does not authenticate the value; a malformed value reports
// false (Open will refuse it).
func (kr *Keyring) NeedsReseal(sealed []byte) bool {
	id, _, err := parseHeader(sealed)
	return err == nil && id != kr.ids[0]
}

// KeyID returns the key id a sealed value names, without authenticating
// it. It is for diagnostics, such as counting values per key before a
// key is retired.
func KeyID(sealed []byte) (string, error) {
	id, _, err := parseHeader(sealed)
	return id, err
}

// parseHeader splits sealed into its key id and the nonce+ciphertext
// that follow the header.
func parseHeader(sealed []byte) (id string, body []byte, err error) {
	if len(sealed) < 2 {
		return "", nil, fmt.Errorf("%w: %d bytes is too short", ErrMalformed, len(sealed))
	}
	if sealed[0] != Version {
		return "", nil, fmt.Errorf("%w: unknown format version %d", ErrMalformed, sealed[0])
	}
	n := int(sealed[1])
	if n == 0 || n > MaxKeyIDLen || len(sealed) < 2+n {
		return "", nil, fmt.Errorf("%w: bad key id length %d", ErrMalformed, n)
	}
	return string(sealed[2 : 2+n]), sealed[2+n:], nil
}
