package connection_test

import (
	"context"
	"net/url"
	"testing"
	"time"

	"github.com/sfbridge/sfbridge/internal/connection"
	"github.com/sfbridge/sfbridge/sfemu"
)

func TestExpiredStatesAreSwept(t *testing.T) {
	t.Parallel()
	b := setup(t, sfemu.Options{})
	ctx := context.Background()
	c := b.create(t, "Main")
	stale, err := b.svc.Authorize(ctx, b.ws.ID, c.ID, "")
	if err != nil {
		t.Fatal(err)
	}
	u, _ := url.Parse(stale)
	state := u.Query().Get("state")

	// Two days later someone connects again; the abandoned state is gone.
	later, err := connection.New(b.store, b.ring, connection.Config{PublicURL: publicURL, DefaultClientID: "x", DefaultClientSecret: "y",
		Now: func() time.Time { return time.Now().Add(48 * time.Hour) }})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := later.Authorize(ctx, b.ws.ID, c.ID, ""); err != nil {
		t.Fatal(err)
	}
	if _, _, err := b.svc.Callback(ctx, url.Values{"state": {state}, "code": {"whatever"}}); codeOf(err) != connection.CodeInvalidState {
		t.Fatalf("a swept state: %v, want %s", err, connection.CodeInvalidState)
	}
}
