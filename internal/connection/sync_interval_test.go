package connection_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/sfbridge/sfbridge/internal/connection"
	"github.com/sfbridge/sfbridge/internal/store"
	"github.com/sfbridge/sfbridge/sfemu"
)

func TestCreateWithSyncInterval(t *testing.T) {
	t.Parallel()
	b := setup(t, sfemu.Options{})
	ctx := context.Background()

	c, err := b.svc.Create(ctx, connection.CreateParams{WorkspaceID: b.ws.ID, Name: "Every 10 minutes", SyncInterval: 10 * time.Minute})
	if err != nil {
		t.Fatal(err)
	}
	if got, _ := b.svc.Get(ctx, b.ws.ID, c.ID); c.SyncInterval != 10*time.Minute || got.SyncInterval != 10*time.Minute {
		t.Fatalf("created %v, stored %v, want 10m", c.SyncInterval, got.SyncInterval)
	}
	if d := b.create(t, "Default").SyncInterval; d != 0 {
		t.Fatalf("a connection created without an interval has %v, want 0 (the default)", d)
	}
	for _, d := range []time.Duration{time.Minute, 24 * time.Hour} {
		if _, err := b.svc.Create(ctx, connection.CreateParams{WorkspaceID: b.ws.ID, Name: "bound " + d.String(), SyncInterval: d}); err != nil {
			t.Errorf("interval %v at a bound: %v", d, err)
		}
	}
	for _, d := range []time.Duration{-time.Minute, time.Second, time.Minute - time.Millisecond, 24*time.Hour + time.Second} {
		_, err := b.svc.Create(ctx, connection.CreateParams{WorkspaceID: b.ws.ID, Name: "bad " + d.String(), SyncInterval: d})
		checkRangeError(t, "Create "+d.String(), err)
	}
}

func TestSetSyncInterval(t *testing.T) {
	t.Parallel()
	b := setup(t, sfemu.Options{})
	ctx := context.Background()
	c := b.create(t, "Main")

	for _, d := range []time.Duration{time.Minute, 90 * time.Second, 24 * time.Hour, 0} {
		got, err := b.svc.SetSyncInterval(ctx, b.ws.ID, c.ID, d)
		if err != nil {
			t.Fatalf("SetSyncInterval(%v): %v", d, err)
		}
		stored, err := b.svc.Get(ctx, b.ws.ID, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.SyncInterval != d || stored.SyncInterval != d {
			t.Fatalf("SetSyncInterval(%v): answered %v, stored %v", d, got.SyncInterval, stored.SyncInterval)
		}
		if stored.Status != c.Status || stored.Name != c.Name {
			t.Fatalf("SetSyncInterval changed other fields: %+v", stored)
		}
	}

	before, _ := b.svc.Get(ctx, b.ws.ID, c.ID)
	for _, d := range []time.Duration{-time.Second, time.Nanosecond, 59 * time.Second, 24*time.Hour + time.Millisecond, 48 * time.Hour} {
		_, err := b.svc.SetSyncInterval(ctx, b.ws.ID, c.ID, d)
		checkRangeError(t, "SetSyncInterval "+d.String(), err)
	}
	after, _ := b.svc.Get(ctx, b.ws.ID, c.ID)
	if after.Version != before.Version || after.SyncInterval != before.SyncInterval {
		t.Errorf("refused intervals changed the connection: version %d -> %d, interval %v -> %v",
			before.Version, after.Version, before.SyncInterval, after.SyncInterval)
	}

	// Setting the interval it already has writes nothing.
	same, err := b.svc.SetSyncInterval(ctx, b.ws.ID, c.ID, after.SyncInterval)
	if err != nil || same.Version != after.Version {
		t.Errorf("setting the same interval: version %d -> %d, %v", after.Version, same.Version, err)
	}

	other, err := b.store.CreateWorkspace(ctx, store.Workspace{ExternalKey: "globex", Name: "Globex"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := b.svc.SetSyncInterval(ctx, other.ID, c.ID, time.Hour); codeOf(err) != connection.CodeNotFound {
		t.Errorf("another workspace set the interval: %v", err)
	}
	if _, err := b.svc.SetSyncInterval(ctx, b.ws.ID, "conn_nope", time.Hour); codeOf(err) != connection.CodeNotFound {
		t.Errorf("unknown connection: %v", err)
	}
	if got, _ := b.svc.Get(ctx, b.ws.ID, c.ID); got.SyncInterval != after.SyncInterval {
		t.Errorf("refused calls changed the interval to %v", got.SyncInterval)
	}
}

func TestSetSyncIntervalKeepsTheStatusAndRecordsAnEvent(t *testing.T) {
	t.Parallel()
	b := setup(t, sfemu.Options{})
	ctx := context.Background()
	c := b.connect(t, b.create(t, "Connected"))
	if c.Status != store.StatusSynced {
		t.Fatalf("status %s after connecting", c.Status)
	}
	got, err := b.svc.SetSyncInterval(ctx, b.ws.ID, c.ID, 15*time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	if got.Status != store.StatusSynced || got.OrgID != c.OrgID || !bytes.Equal(got.RefreshTokenSealed, c.RefreshTokenSealed) {
		t.Fatalf("after SetSyncInterval: %+v", got)
	}

	page, err := b.store.ListEvents(ctx, b.ws.ID, store.ListParams{Limit: store.MaxLimit})
	if err != nil {
		t.Fatal(err)
	}
	var found bool
	for _, e := range page.Items {
		if e.Type != "connection.sync_interval_changed" {
			continue
		}
		var data struct {
			ConnectionID string  `json:"connection_id"`
			Seconds      float64 `json:"sync_interval_seconds"`
		}
		if err := json.Unmarshal(e.Data, &data); err != nil || data.ConnectionID != c.ID || data.Seconds != 900 {
			t.Errorf("event data %s: %v", e.Data, err)
		}
		found = true
	}
	if !found {
		t.Errorf("no connection.sync_interval_changed event among %d", len(page.Items))
	}
}

// checkRangeError wants an invalid_input *connection.Error (400) whose
// message names the allowed range.
func checkRangeError(t *testing.T, what string, err error) {
	t.Helper()
	var ce *connection.Error
	if !errors.As(err, &ce) {
		t.Errorf("%s: %v, want a *connection.Error", what, err)
		return
	}
	if ce.Code != connection.CodeInvalidInput || ce.Status != http.StatusBadRequest {
		t.Errorf("%s: %s (%d), want %s (400)", what, ce.Code, ce.Status, connection.CodeInvalidInput)
	}
	for _, s := range []string{"sync_interval_seconds", "between 60", "and 86400", "0 (the scheduler's default)"} {
		if !strings.Contains(ce.Message, s) {
			t.Errorf("%s: message %q does not name %q", what, ce.Message, s)
		}
	}
}
