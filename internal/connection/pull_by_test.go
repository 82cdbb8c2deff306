package connection_test

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/sfbridge/sfbridge/internal/connection"
	"github.com/sfbridge/sfbridge/internal/store"
	"github.com/sfbridge/sfbridge/sfemu"
)

func TestSetPullBy(t *testing.T) {
	t.Parallel()
	b := setup(t, sfemu.Options{})
	ctx := context.Background()
	c := b.create(t, "Main")
	if connection.EffectivePullBy(c) != store.PullByUpdatedTime {
		t.Fatalf("default %q", c.PullBy)
	}
	got, err := b.svc.SetPullBy(ctx, b.ws.ID, c.ID, store.PullByCreatedTime)
	if err != nil || got.PullBy != store.PullByCreatedTime {
		t.Fatalf("created_time: %q %v", got.PullBy, err)
	}
	stored, err := b.svc.Get(ctx, b.ws.ID, c.ID)
	if err != nil || stored.PullBy != store.PullByCreatedTime || stored.Name != c.Name || stored.Status != c.Status {
		t.Fatalf("stored %+v %v", stored, err)
	}
	// Setting the same value again changes nothing and records nothing.
	if again, err := b.svc.SetPullBy(ctx, b.ws.ID, c.ID, store.PullByCreatedTime); err != nil || again.Version != stored.Version {
		t.Fatalf("same value: version %d, was %d, %v", again.Version, stored.Version, err)
	}
	for _, bad := range []store.PullBy{"", "modified", "CreatedDate"} {
		_, err := b.svc.SetPullBy(ctx, b.ws.ID, c.ID, bad)
		var ce *connection.Error
		if !errors.As(err, &ce) || ce.Code != connection.CodeInvalidInput || !strings.Contains(ce.Message, "updated_time") {
			t.Errorf("pull_by %q: %v, want invalid_input naming the values", bad, err)
		}
	}
	if _, err := b.svc.SetPullBy(ctx, b.ws.ID, "nope", store.PullByUpdatedTime); err == nil {
		t.Error("an unknown connection was changed")
	}

	page, err := b.store.ListEvents(ctx, b.ws.ID, store.ListParams{Limit: store.MaxLimit})
	if err != nil {
		t.Fatal(err)
	}
	var found int
	for _, e := range page.Items {
		if e.Type != "connection.pull_by_changed" {
			continue
		}
		found++
		var data struct {
			PullBy string `json:"pull_by"`
		}
		if err := json.Unmarshal(e.Data, &data); err != nil || data.PullBy != "created_time" {
			t.Errorf("event data %s: %v", e.Data, err)
		}
	}
	if found != 1 {
		t.Errorf("%d connection.pull_by_changed events, want 1", found)
	}
}
