package orgtest_test

import (
	"testing"

	"github.com/sfbridge/sfbridge/internal/orgtest"
	"github.com/sfbridge/sfbridge/internal/store"
)

func TestConnectAuthorizesAWorkingConnection(t *testing.T) {
	t.Parallel()
	e := orgtest.Connect(t, orgtest.Options{})
	res, err := e.Conns.Test(t.Context(), e.Workspace.ID, e.Conn.ID)
	if err != nil || !res.OK {
		t.Fatalf("Test Connection: %+v %v", res, err)
	}
	got, err := e.Store.GetConnection(t.Context(), e.Workspace.ID, e.Conn.ID)
	if err != nil || got.Status != store.StatusSynced || got.RefreshTokenSealed == nil {
		t.Fatalf("stored connection: %+v %v", got, err)
	}
}
