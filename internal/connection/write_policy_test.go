package connection_test

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"testing"

	"github.com/sfbridge/sfbridge/internal/connection"
	"github.com/sfbridge/sfbridge/internal/store"
	"github.com/sfbridge/sfbridge/sfemu"
)

func ptr[T any](v T) *T { return &v }

func TestSetWritePolicy(t *testing.T) {
	t.Parallel()
	b := setup(t, sfemu.Options{})
	ctx := context.Background()
	c := b.create(t, "Main")
	if c.WriteEnabled {
		t.Fatalf("a new connection writes to Salesforce")
	}
	if got := connection.EffectiveConflictPolicy(c); got != store.ConflictLatestWins {
		t.Fatalf("a new connection's policy is %q, want latest_wins", got)
	}

	for _, step := range []struct {
		name        string
		enabled     *bool
		policy      *store.ConflictPolicy
		wantEnabled bool
		wantPolicy  store.ConflictPolicy
	}{
		{"turn writes on", ptr(true), nil, true, store.ConflictLatestWins},
		{"salesforce wins", nil, ptr(store.ConflictSalesforceWins), true, store.ConflictSalesforceWins},
		{"app wins and writes off together", ptr(false), ptr(store.ConflictAppWins), false, store.ConflictAppWins},
		{"latest wins", nil, ptr(store.ConflictLatestWins), false, store.ConflictLatestWins},
		{"nothing given keeps both", nil, nil, false, store.ConflictLatestWins},
	} {
		got, err := b.svc.SetWritePolicy(ctx, b.ws.ID, c.ID, step.enabled, step.policy)
		if err != nil {
			t.Fatalf("%s: %v", step.name, err)
		}
		stored, err := b.svc.Get(ctx, b.ws.ID, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, x := range []store.Connection{got, stored} {
			if x.WriteEnabled != step.wantEnabled || connection.EffectiveConflictPolicy(x) != step.wantPolicy {
				t.Fatalf("%s: write_enabled %v, policy %q; want %v, %q", step.name, x.WriteEnabled, x.ConflictPolicy, step.wantEnabled, step.wantPolicy)
			}
		}
		if stored.Name != c.Name || stored.Status != c.Status || stored.SyncInterval != c.SyncInterval {
			t.Fatalf("%s changed other fields: %+v", step.name, stored)
		}
	}

	before, _ := b.svc.Get(ctx, b.ws.ID, c.ID)
	_, err := b.svc.SetWritePolicy(ctx, b.ws.ID, c.ID, ptr(true), ptr(store.ConflictPolicy("newest")))
	var ce *connection.Error
	if !errors.As(err, &ce) || ce.Code != connection.CodeInvalidInput || ce.Status != http.StatusBadRequest {
		t.Fatalf("bad policy: %v", err)
	}
	for _, s := range []string{"salesforce_wins", "app_wins", "latest_wins", `"newest"`} {
		if !strings.Contains(ce.Message, s) {
			t.Errorf("message %q does not name %s", ce.Message, s)
		}
	}
	after, _ := b.svc.Get(ctx, b.ws.ID, c.ID)
	if after.Version != before.Version || after.WriteEnabled {
		t.Errorf("a refused policy changed the connection: %+v", after)
	}

	// Setting what it has writes nothing.
	same, err := b.svc.SetWritePolicy(ctx, b.ws.ID, c.ID, ptr(false), ptr(store.ConflictLatestWins))
	if err != nil || same.Version != after.Version {
		t.Errorf("setting the same policy: version %d -> %d, %v", after.Version, same.Version, err)
	}

	other, err := b.store.CreateWorkspace(ctx, store.Workspace{ExternalKey: "globex", Name: "Globex"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := b.svc.SetWritePolicy(ctx, other.ID, c.ID, ptr(true), nil); codeOf(err) != connection.CodeNotFound {
		t.Errorf("another workspace set the policy: %v", err)
	}
	if _, err := b.svc.SetWritePolicy(ctx, b.ws.ID, "conn_nope", ptr(true), nil); codeOf(err) != connection.CodeNotFound {
		t.Errorf("unknown connection: %v", err)
	}
	if got, _ := b.svc.Get(ctx, b.ws.ID, c.ID); got.WriteEnabled {
		t.Errorf("refused calls turned writes on")
	}
}

func TestSetWritePolicyRecordsAnEvent(t *testing.T) {
	t.Parallel()
	b := setup(t, sfemu.Options{})
	ctx := context.Background()
	c := b.connect(t, b.create(t, "Connected"))
	got, err := b.svc.SetWritePolicy(ctx, b.ws.ID, c.ID, ptr(true), ptr(store.ConflictAppWins))
	if err != nil {
		t.Fatal(err)
	}
	if got.Status != store.StatusSynced || got.OrgID != c.OrgID {
		t.Fatalf("after SetWritePolicy: %+v", got)
	}
	page, err := b.store.ListEvents(ctx, b.ws.ID, store.ListParams{Limit: store.MaxLimit})
	if err != nil {
		t.Fatal(err)
	}
	var found int
	for _, e := range page.Items {
		if e.Type != "connection.write_policy_changed" {
			continue
		}
		found++
		var data struct {
			ConnectionID   string `json:"connection_id"`
			WriteEnabled   bool   `json:"write_enabled"`
			ConflictPolicy string `json:"conflict_policy"`
		}
		if err := json.Unmarshal(e.Data, &data); err != nil || data.ConnectionID != c.ID || !data.WriteEnabled || data.ConflictPolicy != "app_wins" {
			t.Errorf("event data %s: %v", e.Data, err)
		}
	}
	if found != 1 {
		t.Errorf("%d connection.write_policy_changed events, want 1", found)
	}
}
