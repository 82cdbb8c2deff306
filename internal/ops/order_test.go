package ops

import (
	"fmt"
	"testing"

	"github.com/sfbridge/sfbridge/internal/store"
)

func TestParentsFirst(t *testing.T) {
	t.Parallel()
	ref := func(name string, to ...string) store.AppType {
		at := store.AppType{Name: name}
		for _, r := range to {
			at.Fields = append(at.Fields, store.AppField{Name: r, Type: store.AppReference, RefType: r})
		}
		return at
	}
	oms := func(types ...string) []store.ObjectMapping {
		var out []store.ObjectMapping
		for _, typ := range types {
			out = append(out, store.ObjectMapping{Object: "O_" + typ, AppType: typ})
		}
		return out
	}
	for _, tc := range []struct {
		name  string
		oms   []store.ObjectMapping
		types []store.AppType
		want  string
	}{
		{"no references", oms("b", "a"), nil, "[b a]"},
		{"child before parent", oms("contact", "task", "account"),
			[]store.AppType{ref("contact", "account"), ref("task", "contact"), ref("account", "account")}, "[account contact task]"},
		{"a parent not pushed", oms("contact"), []store.AppType{ref("contact", "account")}, "[contact]"},
		{"a cycle keeps the order", oms("x", "y", "z"), []store.AppType{ref("x", "y"), ref("y", "x")}, "[z x y]"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			var got []string
			for _, om := range parentsFirst(tc.oms, tc.types) {
				got = append(got, om.AppType)
			}
			if fmt.Sprint(got) != tc.want {
				t.Errorf("parentsFirst = %v, want %s", got, tc.want)
			}
		})
	}
}
