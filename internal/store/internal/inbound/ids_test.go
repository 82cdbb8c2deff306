package inbound

import (
	"strings"
	"testing"
	"time"
)

func TestOrderedIDs(t *testing.T) {
	t.Parallel()
	t0 := time.Date(2026, 11, 22, 3, 0, 0, 0, time.UTC)
	seen := map[string]bool{}
	prev := ""
	for i := range 2000 {
		// A new millisecond every ten ids.
		id := orderedID(t0.Add(time.Duration(i/10) * time.Millisecond))
		if !strings.HasPrefix(id, "rec_") || len(id) != len("rec_")+26 {
			t.Fatalf("id %q: want rec_ and 26 characters", id)
		}
		if strings.Trim(id[len("rec_"):], idAlphabet) != "" {
			t.Fatalf("id %q has characters outside %q", id, idAlphabet)
		}
		if seen[id] {
			t.Fatalf("id %q made twice", id)
		}
		seen[id] = true
		// Ids of a later millisecond sort after all earlier ones.
		if i%10 == 0 && id[:len("rec_")+idTimeChars] <= prev {
			t.Fatalf("id %q does not sort after %q", id, prev)
		}
		prev = max(prev, id)
	}
}
