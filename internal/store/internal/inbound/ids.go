package inbound

import (
	"crypto/rand"
	"time"

	"github.com/sfbridge/sfbridge/internal/store/internal/newid"
)

// idAlphabet is the lowercase base32 alphabet of the store's ids.
const idAlphabet = "abcdefghijklmnopqrstuvwxyz234567"

// idTimeChars is how many leading characters of an inbound record id
// hold its creation time: milliseconds since 1970 in base 26 (a-z), so
// that byte order is time order, enough for 4,000 years.
const idTimeChars = 10

// newRecordID returns the id of an app record inbound sync creates.
func newRecordID() string { return orderedID(time.Now()) }

// orderedID is an app record id that sorts by creation time: the prefix
// and 26 characters of the same alphabet as [newid.New], the first ten
// now's milliseconds, the other sixteen 80 random bits, so ids stay
// unguessable. Ids made together sit together in the records' and
// links' indexes: a first load of a million records appends to those
// b-trees instead of touching a random leaf page per record, which made
// every batch rewrite thousands of index pages as the tables grew.
func orderedID(now time.Time) string {
	var rnd [10]byte
	_, _ = rand.Read(rnd[:]) // crypto/rand.Read never fails.
	var b [len(newid.AppRecord) + 1 + idTimeChars + 16]byte
	n := copy(b[:], newid.AppRecord)
	b[n] = '_'
	id := b[n+1:]
	ms := max(now.UnixMilli(), 0)
	for i := idTimeChars - 1; i >= 0; i-- {
		id[i] = idAlphabet[ms%26]
		ms /= 26
	}
	// 80 bits are sixteen base32 characters of five bits each.
	var acc uint
	bits := 0
	j := idTimeChars
	for _, c := range rnd {
		acc = acc<<8 | uint(c)
		bits += 8
		for bits >= 5 {
			bits -= 5
			id[j] = idAlphabet[(acc>>bits)&31]
			j++
		}
	}
	return string(b[:])
}
