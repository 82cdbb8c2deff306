package storetest

import (
	"errors"
	"testing"

	"github.com/sfbridge/sfbridge/internal/store"
)

// newWorkspace creates a workspace with a random external key.
func newWorkspace(t *testing.T, s store.Store) store.Workspace {
	t.Helper()
	w, err := s.CreateWorkspace(t.Context(), store.Workspace{ExternalKey: "ext-" + token(), Name: "Acme"})
	if err != nil {
		t.Fatalf("CreateWorkspace: %v", err)
	}
	return w
}

// newConnection creates a connection with a random name in workspaceID.
func newConnection(t *testing.T, s store.Store, workspaceID string) store.Connection {
	t.Helper()
	c, err := s.CreateConnection(t.Context(), store.Connection{
		WorkspaceID: workspaceID,
		Name:        "conn " + token(),
		Capability:  store.CapabilityCRM,
		Environment: store.EnvironmentProduction,
		LoginURL:    "https://login.salesforce.com",
		PullBy:      store.PullByUpdatedTime,
	})
	if err != nil {
		t.Fatalf("CreateConnection: %v", err)
	}
	return c
}

// isErr fails t unless errors.Is(err, target).
func isErr(t *testing.T, what string, err, target error) {
	t.Helper()
	if !errors.Is(err, target) {
		t.Errorf("%s: error %v, want %v", what, err, target)
	}
}

// noErr stops t on err.
func noErr(t *testing.T, what string, err error) {
	t.Helper()
	if err != nil {
		t.Fatalf("%s: %v", what, err)
	}
}
