package storetest

import (
	"errors"
	"testing"
	"time"

	"github.com/sfbridge/sfbridge/internal/store"
)

// newState creates a pending state for a fresh connection, expiring ten
// minutes after at.
func newState(t *testing.T, s store.Store) store.OAuthState {
	t.Helper()
	w := newWorkspace(t, s)
	c := newConnection(t, s, w.ID)
	st := store.OAuthState{State: "st-" + token(), ConnectionID: c.ID, WorkspaceID: w.ID,
		VerifierSealed: []byte("sealed-verifier"), ReturnURL: "https://app.example/done",
		CreatedAt: at, ExpiresAt: at.Add(10 * time.Minute)}
	noErr(t, "CreateOAuthState", s.CreateOAuthState(t.Context(), st))
	return st
}

var oauthStateTests = []test{
	{"DeleteExpired", func(t *testing.T, s store.Store) {
		old, fresh := newState(t, s), newState(t, s)
		fresh.State = "st-" + token()
		fresh.ExpiresAt = at.Add(2 * time.Hour)
		noErr(t, "CreateOAuthState", s.CreateOAuthState(t.Context(), fresh))
		n, err := s.DeleteOAuthStates(t.Context(), at.Add(time.Hour))
		noErr(t, "DeleteOAuthStates", err)
		if n < 1 {
			t.Fatalf("deleted %d states, want at least the expired one", n)
		}
		_, err = s.ConsumeOAuthState(t.Context(), old.State, at)
		isErr(t, "a deleted state", err, store.ErrNotFound)
		_, err = s.ConsumeOAuthState(t.Context(), fresh.State, at.Add(time.Minute))
		noErr(t, "the state that had not expired", err)
	}},
	{"ConsumeOnce", func(t *testing.T, s store.Store) {
		st := newState(t, s)
		now := exact.Add(time.Minute)
		got, err := s.ConsumeOAuthState(t.Context(), st.State, now)
		noErr(t, "ConsumeOAuthState", err)
		want := st
		want.ConsumedAt = ptr(at.Add(time.Minute))
		equal(t, "ConsumeOAuthState", got, want)
		_, err = s.ConsumeOAuthState(t.Context(), st.State, now)
		isErr(t, "second use", err, store.ErrStateUsed)
		_, err = s.ConsumeOAuthState(t.Context(), st.State, at.Add(time.Hour))
		isErr(t, "used, then expired", err, store.ErrStateUsed)
	}},
	{"Expired", func(t *testing.T, s store.Store) {
		st := newState(t, s)
		_, err := s.ConsumeOAuthState(t.Context(), st.State, st.ExpiresAt)
		isErr(t, "at ExpiresAt", err, store.ErrStateExpired)
		_, err = s.ConsumeOAuthState(t.Context(), st.State, st.ExpiresAt.Add(time.Hour))
		isErr(t, "after ExpiresAt", err, store.ErrStateExpired)
		_, err = s.ConsumeOAuthState(t.Context(), st.State, st.ExpiresAt.Add(-time.Microsecond))
		noErr(t, "an expired attempt does not use the state", err)
	}},
	{"Unknown", func(t *testing.T, s store.Store) {
		newState(t, s)
		_, err := s.ConsumeOAuthState(t.Context(), "st-missing", at)
		isErr(t, "ConsumeOAuthState", err, store.ErrNotFound)
	}},
	{"CreateRefused", func(t *testing.T, s store.Store) {
		st := newState(t, s)
		isErr(t, "same state", s.CreateOAuthState(t.Context(), st), store.ErrDuplicate)
		other := newWorkspace(t, s)
		cross := st
		cross.State, cross.WorkspaceID = "st-cross", other.ID
		isErr(t, "connection of another workspace", s.CreateOAuthState(t.Context(), cross), store.ErrNotFound)
		missing := st
		missing.State, missing.ConnectionID = "st-missing-conn", "conn_missing"
		isErr(t, "unknown connection", s.CreateOAuthState(t.Context(), missing), store.ErrNotFound)
	}},
	{"CreateFillsCreatedAt", func(t *testing.T, s store.Store) {
		w := newWorkspace(t, s)
		c := newConnection(t, s, w.ID)
		st := store.OAuthState{State: "st-min", ConnectionID: c.ID, WorkspaceID: w.ID, ExpiresAt: time.Now().Add(time.Hour)}
		noErr(t, "CreateOAuthState", s.CreateOAuthState(t.Context(), st))
		got, err := s.ConsumeOAuthState(t.Context(), "st-min", time.Time{})
		noErr(t, "ConsumeOAuthState now", err)
		recent(t, "CreatedAt", got.CreatedAt)
		if got.ConsumedAt == nil {
			t.Fatal("ConsumedAt = nil")
		}
		recent(t, "ConsumedAt", *got.ConsumedAt)
		if got.VerifierSealed != nil || got.ReturnURL != "" {
			t.Errorf("empty fields came back as %q, %q", got.VerifierSealed, got.ReturnURL)
		}
	}},
	{"ConsumeConcurrent", func(t *testing.T, s store.Store) {
		st := newState(t, s)
		errs := race(8, func(int) error {
			_, err := s.ConsumeOAuthState(t.Context(), st.State, at)
			return err
		})
		wins := 0
		for _, err := range errs {
			switch {
			case err == nil:
				wins++
			case !errors.Is(err, store.ErrStateUsed):
				t.Errorf("ConsumeOAuthState: %v, want nil or ErrStateUsed", err)
			}
		}
		if wins != 1 {
			t.Errorf("%d concurrent consumers won, want exactly 1", wins)
		}
	}},
}
