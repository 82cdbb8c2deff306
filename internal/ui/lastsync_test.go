package ui_test

import (
	"testing"

	"github.com/sfbridge/sfbridge/internal/store"
)

func TestOverviewSaysWhichAPITheLastSyncUsed(t *testing.T) {
	t.Parallel()
	b := setup(t)
	c := b.connected(t, "Big org")
	b.mapObjects(t, c, "Contact")
	ctx := t.Context()
	run, err := b.store.CreateRun(ctx, store.Run{WorkspaceID: b.ws.ID, ConnectionID: c.ID, Object: "Contact", Kind: "first_load", Status: store.RunRunning})
	if err != nil {
		t.Fatal(err)
	}
	run.Status, run.API, run.APICalls, run.Created = store.RunSucceeded, store.RunAPIBulk, 8, 1000
	if _, err := b.store.FinishRun(ctx, run); err != nil {
		t.Fatal(err)
	}
	br := b.signedIn(t)
	br.get("/ui/integrations/"+c.ID).mustContain(t, "(Contact, succeeded, through Bulk API 2.0, 8 API calls)")
}
