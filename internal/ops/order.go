package ops

import (
	"slices"

	"github.com/sfbridge/sfbridge/internal/store"
)

// parentsFirst orders object mappings so that an object comes after the
// objects its app type refers to (Contact after Account), keeping the
// given order otherwise: a child pushed after its parent has the
// parent's Salesforce id to write, instead of waiting for a retry.
// Cycles keep the given order.
func parentsFirst(oms []store.ObjectMapping, types []store.AppType) []store.ObjectMapping {
	refs := map[string][]string{} // app type -> app types it refers to
	for _, t := range types {
		for _, f := range t.Fields {
			if f.Type == store.AppReference && f.RefType != "" && f.RefType != t.Name {
				refs[t.Name] = append(refs[t.Name], f.RefType)
			}
		}
	}
	out := make([]store.ObjectMapping, 0, len(oms))
	placed := make([]bool, len(oms))
	waits := func(om store.ObjectMapping) bool {
		for j, other := range oms {
			if !placed[j] && other.AppType != om.AppType && slices.Contains(refs[om.AppType], other.AppType) {
				return true
			}
		}
		return false
	}
	for len(out) < len(oms) {
		progressed := false
		for i, om := range oms {
			if placed[i] || waits(om) {
				continue
			}
			out, placed[i], progressed = append(out, om), true, true
		}
		if !progressed { // a cycle: the rest in the given order
			for i, om := range oms {
				if !placed[i] {
					out, placed[i] = append(out, om), true
				}
			}
		}
	}
	return out
}
