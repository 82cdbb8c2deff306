// Package pagecursor encodes the opaque page cursors of the store
// implementations and clamps page sizes, so sqlite and postgres page alike.
//
// A cursor is the position of the last item of a page: a (created time,
// id) pair for workspaces and connections, an event id for events, a
// pair of names for outbox entries. It is
// URL-safe base64 so an API can pass it through a query string unchanged;
// callers must treat it as opaque.
package pagecursor

import (
	"encoding/base64"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Page sizes: DefaultLimit when none is asked for, never more than MaxLimit.
const (
	DefaultLimit = 50
	MaxLimit     = 200
)

// ErrInvalid is returned for a cursor this package did not produce.
var ErrInvalid = errors.New("invalid cursor")

// Limit returns the page size for a requested limit: DefaultLimit for
// zero or less, MaxLimit at most.
func Limit(n int) int {
	switch {
	case n <= 0:
		return DefaultLimit
	case n > MaxLimit:
		return MaxLimit
	}
	return n
}

// Key is the position of an item ordered by creation time, then id.
type Key struct {
	Created time.Time
	ID      string
}

// EncodeKey returns the cursor of k. Time is kept to the microsecond.
func EncodeKey(k Key) string {
	raw := "k" + strconv.FormatInt(k.Created.UnixMicro(), 10) + ":" + k.ID
	return base64.RawURLEncoding.EncodeToString([]byte(raw))
}

// DecodeKey parses a cursor made by EncodeKey.
func DecodeKey(s string) (Key, error) {
	raw, err := decode(s, 'k')
	if err != nil {
		return Key{}, err
	}
	micros, id, ok := strings.Cut(raw, ":")
	if !ok || id == "" {
		return Key{}, fmt.Errorf("%w: %q", ErrInvalid, s)
	}
	us, err := strconv.ParseInt(micros, 10, 64)
	if err != nil {
		return Key{}, fmt.Errorf("%w: %q", ErrInvalid, s)
	}
	return Key{Created: time.UnixMicro(us).UTC(), ID: id}, nil
}

// EncodeID returns the cursor of a numeric id (events).
func EncodeID(id int64) string {
	return base64.RawURLEncoding.EncodeToString([]byte("i" + strconv.FormatInt(id, 10)))
}

// DecodeID parses a cursor made by EncodeID.
func DecodeID(s string) (int64, error) {
	raw, err := decode(s, 'i')
	if err != nil {
		return 0, err
	}
	id, err := strconv.ParseInt(raw, 10, 64)
	if err != nil || id < 0 {
		return 0, fmt.Errorf("%w: %q", ErrInvalid, s)
	}
	return id, nil
}

// Pair is the position of an item ordered by two names (an outbox
// entry's object, then app id).
type Pair struct {
	First, Second string
}

// EncodePair returns the cursor of p. The first name is length-prefixed,
// so either may hold any character.
func EncodePair(p Pair) string {
	raw := "p" + strconv.Itoa(len(p.First)) + ":" + p.First + p.Second
	return base64.RawURLEncoding.EncodeToString([]byte(raw))
}

// DecodePair parses a cursor made by EncodePair.
func DecodePair(s string) (Pair, error) {
	raw, err := decode(s, 'p')
	if err != nil {
		return Pair{}, err
	}
	n, rest, ok := strings.Cut(raw, ":")
	size, err := strconv.Atoi(n)
	if !ok || err != nil || size < 0 || size > len(rest) {
		return Pair{}, fmt.Errorf("%w: %q", ErrInvalid, s)
	}
	return Pair{First: rest[:size], Second: rest[size:]}, nil
}

// decode unwraps the base64 and checks the kind byte, so a workspace
// cursor is not mistaken for an event cursor.
func decode(s string, kind byte) (string, error) {
	b, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil || len(b) < 2 || b[0] != kind {
		return "", fmt.Errorf("%w: %q", ErrInvalid, s)
	}
	return string(b[1:]), nil
}

// Cut trims items, fetched with a limit of limit+1, to one page. The
// extra item only tells that a next page exists; its cursor is that of
// the last item kept. next is empty on the last page.
func Cut[T any](items []T, limit int, cursor func(T) string) (page []T, next string) {
	if len(items) <= limit {
		return items, ""
	}
	items = items[:limit]
	return items, cursor(items[limit-1])
}
