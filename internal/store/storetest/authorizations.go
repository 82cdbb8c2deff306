package storetest

import (
	"testing"
	"time"

	"github.com/sfbridge/sfbridge/internal/store"
)

// authorizationTests check CountLaterAuthorizations across workspaces.
var authorizationTests = []test{
	{"CountsLaterSameUserAndApp", func(t *testing.T, s store.Store) {
		ctx := t.Context()
		base := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
		authorize := func(ws, name, org, user, client string, at time.Time) store.Connection {
			t.Helper()
			c, err := s.CreateConnection(ctx, store.Connection{WorkspaceID: ws, Name: name, Capability: store.CapabilityCRM,
				Environment: store.EnvironmentProduction, PullBy: store.PullByUpdatedTime, ClientID: client,
				OrgID: org, UserID: user, ConnectedAt: &at})
			noErr(t, "CreateConnection", err)
			return c
		}
		a, b := newWorkspace(t, s), newWorkspace(t, s)
		first := authorize(a.ID, "first", "00D1", "0051", "", base)
		authorize(a.ID, "second", "00D1", "0051", "", base.Add(time.Hour))
		authorize(b.ID, "third, other workspace", "00D1", "0051", "", base.Add(2*time.Hour))
		authorize(b.ID, "earlier", "00D1", "0051", "", base.Add(-time.Hour))
		authorize(b.ID, "other user", "00D1", "0052", "", base.Add(3*time.Hour))
		authorize(b.ID, "other app", "00D1", "0051", "own.app", base.Add(3*time.Hour))
		authorize(b.ID, "other org", "00D2", "0051", "", base.Add(3*time.Hour))
		n, err := s.CountLaterAuthorizations(ctx, first)
		noErr(t, "CountLaterAuthorizations", err)
		if n != 2 {
			t.Errorf("CountLaterAuthorizations = %d, want 2", n)
		}
		n, err = s.CountLaterAuthorizations(ctx, store.Connection{ID: "conn_x", OrgID: "00D1", UserID: "0051"})
		noErr(t, "CountLaterAuthorizations of a never-connected connection", err)
		if n != 0 {
			t.Errorf("never connected: %d, want 0", n)
		}
	}},
}
