package migration

import (
	"testing"
	"testing/fstest"
)

func TestLoadOrders(t *testing.T) {
	t.Parallel()
	fsys := fstest.MapFS{
		"m/0002_second.sql": {Data: []byte("B")},
		"m/0001_first.sql":  {Data: []byte("A")},
		"m/README":          {Data: []byte("ignored")},
	}
	got, err := Load(fsys, "m")
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0].Version != 1 || got[0].Name != "first" || got[0].SQL != "A" || got[1].Version != 2 {
		t.Errorf("Load = %+v", got)
	}
}

func TestLoadRefuses(t *testing.T) {
	t.Parallel()
	for name, fsys := range map[string]fstest.MapFS{
		"no version": {"m/init.sql": {}},
		"zero":       {"m/0000_x.sql": {}},
		"twice":      {"m/0001_a.sql": {}, "m/1_b.sql": {}},
	} {
		if _, err := Load(fsys, "m"); err == nil {
			t.Errorf("%s: Load succeeded, want an error", name)
		}
	}
}
