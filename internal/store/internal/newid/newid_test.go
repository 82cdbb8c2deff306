package newid

import (
	"strings"
	"testing"
)

func TestNew(t *testing.T) {
	t.Parallel()
	a, b := New(Workspace), New(Workspace)
	if a == b {
		t.Fatalf("two ids are equal: %s", a)
	}
	if !strings.HasPrefix(a, "ws_") || len(a) != len("ws_")+26 {
		t.Errorf("New(Workspace) = %q, want ws_ and 26 characters", a)
	}
	if strings.ToLower(a) != a {
		t.Errorf("New(Workspace) = %q, want lowercase", a)
	}
}
