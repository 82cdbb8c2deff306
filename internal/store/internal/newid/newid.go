// Package newid makes the store's row ids: a type prefix, an underscore
// and 26 lowercase base32 characters from 128 random bits, for example
// "ws_3k5q…". The prefix tells a reader what an id names; the random part
// makes ids unguessable and free of coordination between processes.
package newid

import (
	"crypto/rand"
	"encoding/base32"
	"strings"
)

// The prefixes of the ids the store generates.
const (
	Workspace    = "ws"
	APIKey       = "key"
	Connection   = "conn"
	FieldMapping = "map"
	AppRecord    = "rec"
	Run          = "run"
	RecordError  = "rerr"
	Webhook      = "wh"
	Delivery     = "dlv"
	Conflict     = "cfl"
)

var encoding = base32.StdEncoding.WithPadding(base32.NoPadding)

// New returns a fresh id with the given prefix.
func New(prefix string) string {
	var b [16]byte
	_, _ = rand.Read(b[:]) // crypto/rand.Read never fails.
	return prefix + "_" + strings.ToLower(encoding.EncodeToString(b[:]))
}
