package storetest

import (
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/sfbridge/sfbridge/internal/store"
)

// fullConnection has every field set, times at more than microsecond
// precision; its stored form is fullConnectionStored.
func fullConnection(workspaceID string) store.Connection {
	return store.Connection{
		ID:                 "conn_full",
		WorkspaceID:        workspaceID,
		Name:               "Support org",
		Capability:         store.CapabilityHelpdesk,
		Environment:        store.EnvironmentCustom,
		LoginURL:           "https://acme.my.salesforce.com",
		PullBy:             store.PullByCreatedTime,
		SyncInterval:       90*time.Second + 1234567*time.Nanosecond,
		WriteEnabled:       true,
		ConflictPolicy:     store.ConflictAppWins,
		PeoplePriority:     store.PriorityLead,
		OwnerPolicy:        store.OwnerFixed,
		FixedOwnerID:       "005000000000009AAA",
		ClientID:           "3MVG9client",
		ClientSecretSealed: []byte{1, 0, 2, 0, 3},
		Status:             store.StatusNotSynced,
		StatusReason:       store.ReasonTokenRevoked,
		StatusMessage:      "the refresh token was revoked",
		StatusAt:           exact.Add(time.Minute),
		OrgID:              "00D000000000001",
		UserID:             "005000000000001",
		Username:           "admin@acme.example",
		InstanceURL:        "https://acme.my.salesforce.com",
		AccessTokenSealed:  []byte("sealed-access"),
		RefreshTokenSealed: []byte("sealed-refresh"),
		ConnectedAt:        ptr(exact.Add(2 * time.Minute)),
		DisconnectedAt:     ptr(exact.Add(3 * time.Minute)),
		CreatedAt:          exact,
		UpdatedAt:          exact.Add(4 * time.Minute),
		Version:            99, // ignored: a new connection is version 1
	}
}

func fullConnectionStored(workspaceID string) store.Connection {
	c := fullConnection(workspaceID)
	c.StatusAt = at.Add(time.Minute)
	c.ConnectedAt = ptr(at.Add(2 * time.Minute))
	c.DisconnectedAt = ptr(at.Add(3 * time.Minute))
	c.CreatedAt = at
	c.UpdatedAt = at.Add(4 * time.Minute)
	c.SyncInterval = 90*time.Second + time.Millisecond // kept to the millisecond
	c.Version = 1
	return c
}

var connectionTests = []test{
	{"RoundTripFull", func(t *testing.T, s store.Store) {
		w := newWorkspace(t, s)
		want := fullConnectionStored(w.ID)
		c, err := s.CreateConnection(t.Context(), fullConnection(w.ID))
		noErr(t, "CreateConnection", err)
		equal(t, "CreateConnection", c, want)
		got, err := s.GetConnection(t.Context(), w.ID, c.ID)
		noErr(t, "GetConnection", err)
		equal(t, "GetConnection", got, want)
	}},
	{"RoundTripEmpty", func(t *testing.T, s store.Store) {
		w := newWorkspace(t, s)
		c, err := s.CreateConnection(t.Context(), store.Connection{WorkspaceID: w.ID, ClientSecretSealed: []byte{}})
		noErr(t, "CreateConnection", err)
		if !strings.HasPrefix(c.ID, "conn_") {
			t.Errorf("ID = %q, want a conn_ prefix", c.ID)
		}
		recent(t, "CreatedAt", c.CreatedAt)
		want := store.Connection{ID: c.ID, WorkspaceID: w.ID, Status: store.StatusNotConnected,
			StatusAt: c.CreatedAt, CreatedAt: c.CreatedAt, UpdatedAt: c.CreatedAt, Version: 1}
		equal(t, "CreateConnection", c, want)
		got, err := s.GetConnection(t.Context(), w.ID, c.ID)
		noErr(t, "GetConnection", err)
		equal(t, "GetConnection (nil pointers and secrets)", got, want)
	}},
	{"DuplicateName", func(t *testing.T, s store.Store) {
		w, other := newWorkspace(t, s), newWorkspace(t, s)
		c := newConnection(t, s, w.ID)
		_, err := s.CreateConnection(t.Context(), store.Connection{WorkspaceID: w.ID, Name: c.Name})
		isErr(t, "same name, same workspace", err, store.ErrDuplicate)
		_, err = s.CreateConnection(t.Context(), store.Connection{WorkspaceID: other.ID, Name: c.Name})
		noErr(t, "same name, another workspace", err)
		_, err = s.CreateConnection(t.Context(), store.Connection{ID: c.ID, WorkspaceID: w.ID, Name: "fresh"})
		isErr(t, "same id", err, store.ErrDuplicate)
	}},
	{"SyncInterval", func(t *testing.T, s store.Store) {
		w := newWorkspace(t, s)
		c, err := s.CreateConnection(t.Context(), store.Connection{WorkspaceID: w.ID, Name: "hourly", SyncInterval: time.Hour})
		noErr(t, "CreateConnection", err)
		if c.SyncInterval != time.Hour {
			t.Errorf("created SyncInterval = %v, want 1h", c.SyncInterval)
		}
		for _, d := range []time.Duration{time.Minute, 24 * time.Hour, 1500 * time.Millisecond, 0} {
			c.SyncInterval = d
			c, err = s.UpdateConnection(t.Context(), c)
			noErr(t, "UpdateConnection", err)
			got, err := s.GetConnection(t.Context(), w.ID, c.ID)
			noErr(t, "GetConnection", err)
			if c.SyncInterval != d || got.SyncInterval != d {
				t.Errorf("SyncInterval %v: updated %v, read back %v", d, c.SyncInterval, got.SyncInterval)
			}
			page, err := s.ListConnections(t.Context(), w.ID, store.ListParams{})
			noErr(t, "ListConnections", err)
			if len(page.Items) != 1 || page.Items[0].SyncInterval != d {
				t.Errorf("SyncInterval %v: listed %+v", d, page.Items)
			}
		}

		_, err = s.CreateConnection(t.Context(), store.Connection{WorkspaceID: w.ID, Name: "negative", SyncInterval: -time.Second})
		isErr(t, "CreateConnection negative", err, store.ErrInvalid)
		neg := c
		neg.SyncInterval = -time.Millisecond
		_, err = s.UpdateConnection(t.Context(), neg)
		isErr(t, "UpdateConnection negative", err, store.ErrInvalid)
		got, err := s.GetConnection(t.Context(), w.ID, c.ID)
		noErr(t, "GetConnection", err)
		equal(t, "after the refused update", got, c)
		page, err := s.ListConnections(t.Context(), w.ID, store.ListParams{})
		noErr(t, "ListConnections", err)
		if len(page.Items) != 1 {
			t.Errorf("%d connections after a refused create, want 1", len(page.Items))
		}
	}},
	{"WriteSettings", func(t *testing.T, s store.Store) {
		w := newWorkspace(t, s)
		c := newConnection(t, s, w.ID)
		if c.WriteEnabled || c.ConflictPolicy != "" {
			t.Errorf("new connection: WriteEnabled %v, ConflictPolicy %q, want off and empty", c.WriteEnabled, c.ConflictPolicy)
		}
		for _, p := range []store.ConflictPolicy{store.ConflictSalesforceWins, store.ConflictLatestWins, ""} {
			c.WriteEnabled, c.ConflictPolicy = p != "", p
			var err error
			c, err = s.UpdateConnection(t.Context(), c)
			noErr(t, "UpdateConnection", err)
			got, err := s.GetConnection(t.Context(), w.ID, c.ID)
			noErr(t, "GetConnection", err)
			equal(t, "read back", got, c)
			page, err := s.ListConnections(t.Context(), w.ID, store.ListParams{})
			noErr(t, "ListConnections", err)
			equal(t, "listed", page.Items, []store.Connection{c})
		}
		_, err := s.CreateConnection(t.Context(), store.Connection{WorkspaceID: w.ID, Name: "bad", ConflictPolicy: "coin_toss"})
		isErr(t, "CreateConnection unknown policy", err, store.ErrInvalid)
		bad := c
		bad.ConflictPolicy = "newest"
		_, err = s.UpdateConnection(t.Context(), bad)
		isErr(t, "UpdateConnection unknown policy", err, store.ErrInvalid)
	}},
	{"PeopleAndOwnerSettings", func(t *testing.T, s store.Store) {
		w := newWorkspace(t, s)
		c := newConnection(t, s, w.ID)
		if c.PeoplePriority != "" || c.OwnerPolicy != "" || c.FixedOwnerID != "" {
			t.Errorf("new connection: %q %q %q, want all empty", c.PeoplePriority, c.OwnerPolicy, c.FixedOwnerID)
		}
		for _, set := range []struct{ priority, owner, fixed string }{
			{store.PriorityLead, store.OwnerAssignmentRules, ""},
			{store.PriorityContact, store.OwnerFixed, "005000000000001AAA"},
			{"", "", ""},
		} {
			c.PeoplePriority, c.OwnerPolicy, c.FixedOwnerID = set.priority, set.owner, set.fixed
			var err error
			c, err = s.UpdateConnection(t.Context(), c)
			noErr(t, "UpdateConnection", err)
			got, err := s.GetConnection(t.Context(), w.ID, c.ID)
			noErr(t, "GetConnection", err)
			equal(t, "read back", got, c)
		}
		for _, bad := range []store.Connection{
			{WorkspaceID: w.ID, Name: "b1", PeoplePriority: "account"},
			{WorkspaceID: w.ID, Name: "b2", OwnerPolicy: "round_robin"},
			{WorkspaceID: w.ID, Name: "b3", OwnerPolicy: store.OwnerFixed},
		} {
			_, err := s.CreateConnection(t.Context(), bad)
			isErr(t, "CreateConnection "+bad.Name, err, store.ErrInvalid)
		}
	}},
	{"UnknownWorkspace", func(t *testing.T, s store.Store) {
		_, err := s.CreateConnection(t.Context(), store.Connection{WorkspaceID: "ws_missing", Name: "x"})
		isErr(t, "CreateConnection", err, store.ErrNotFound)
	}},
	{"GetScopedToWorkspace", func(t *testing.T, s store.Store) {
		w, other := newWorkspace(t, s), newWorkspace(t, s)
		c := newConnection(t, s, w.ID)
		_, err := s.GetConnection(t.Context(), other.ID, c.ID)
		isErr(t, "another workspace", err, store.ErrNotFound)
		_, err = s.GetConnection(t.Context(), w.ID, "conn_missing")
		isErr(t, "unknown id", err, store.ErrNotFound)
	}},
	{"Update", func(t *testing.T, s store.Store) {
		w := newWorkspace(t, s)
		c := newConnection(t, s, w.ID)
		full := fullConnection(w.ID)
		full.ID, full.Version = c.ID, c.Version
		full.CreatedAt = exact.Add(-time.Hour) // creation time cannot change
		u, err := s.UpdateConnection(t.Context(), full)
		noErr(t, "UpdateConnection", err)
		want := fullConnectionStored(w.ID)
		want.ID, want.CreatedAt, want.UpdatedAt, want.Version = c.ID, c.CreatedAt, u.UpdatedAt, 2
		equal(t, "UpdateConnection", u, want)
		recent(t, "UpdatedAt", u.UpdatedAt)
		got, err := s.GetConnection(t.Context(), w.ID, c.ID)
		noErr(t, "GetConnection", err)
		equal(t, "GetConnection", got, want)

		// Clearing pointers and secrets sticks.
		cleared := got
		cleared.ConnectedAt, cleared.DisconnectedAt = nil, nil
		cleared.AccessTokenSealed, cleared.RefreshTokenSealed, cleared.ClientSecretSealed = nil, nil, []byte{}
		cleared.SyncInterval = 0 // back to the scheduler's default
		u, err = s.UpdateConnection(t.Context(), cleared)
		noErr(t, "UpdateConnection clearing", err)
		got, err = s.GetConnection(t.Context(), w.ID, c.ID)
		noErr(t, "GetConnection", err)
		cleared.ClientSecretSealed, cleared.UpdatedAt, cleared.Version = nil, u.UpdatedAt, 3
		equal(t, "cleared", got, cleared)
	}},
	{"UpdateRefused", func(t *testing.T, s store.Store) {
		w, other := newWorkspace(t, s), newWorkspace(t, s)
		c, taken := newConnection(t, s, w.ID), newConnection(t, s, w.ID)
		stale := c
		_, err := s.UpdateConnection(t.Context(), c)
		noErr(t, "UpdateConnection", err)
		_, err = s.UpdateConnection(t.Context(), stale)
		isErr(t, "stale version", err, store.ErrConflict)

		cur, err := s.GetConnection(t.Context(), w.ID, c.ID)
		noErr(t, "GetConnection", err)
		moved := cur
		moved.WorkspaceID = other.ID
		_, err = s.UpdateConnection(t.Context(), moved)
		isErr(t, "another workspace", err, store.ErrNotFound)
		missing := cur
		missing.ID = "conn_missing"
		_, err = s.UpdateConnection(t.Context(), missing)
		isErr(t, "unknown id", err, store.ErrNotFound)
		renamed := cur
		renamed.Name = taken.Name
		_, err = s.UpdateConnection(t.Context(), renamed)
		isErr(t, "taken name", err, store.ErrDuplicate)

		got, err := s.GetConnection(t.Context(), w.ID, c.ID)
		noErr(t, "GetConnection", err)
		equal(t, "after refused updates", got, cur)
	}},
	{"UpdateConcurrent", func(t *testing.T, s store.Store) {
		w := newWorkspace(t, s)
		c := newConnection(t, s, w.ID)
		errs := race(8, func(i int) error {
			u := c
			u.StatusMessage = "writer " + string(rune('a'+i))
			_, err := s.UpdateConnection(t.Context(), u)
			return err
		})
		wins := 0
		for _, err := range errs {
			switch {
			case err == nil:
				wins++
			case !errors.Is(err, store.ErrConflict):
				t.Errorf("UpdateConnection: %v, want nil or ErrConflict", err)
			}
		}
		if wins != 1 {
			t.Errorf("%d concurrent updates of one version succeeded, want 1", wins)
		}
	}},
	{"ListScopedAndPaged", func(t *testing.T, s store.Store) {
		w, other := newWorkspace(t, s), newWorkspace(t, s)
		newConnection(t, s, other.ID)
		var want []store.Connection
		for i, id := range []string{"conn_d", "conn_a", "conn_c", "conn_b"} {
			c, err := s.CreateConnection(t.Context(), store.Connection{ID: id, WorkspaceID: w.ID, Name: id,
				CreatedAt: at.Add(time.Duration(i/2) * time.Second)})
			noErr(t, "CreateConnection", err)
			want = append(want, c)
		}
		// Two per creation time, by id within each.
		want = []store.Connection{want[1], want[0], want[3], want[2]}
		got := pageAll(t, 3, 2, func(p store.ListParams) (store.Page[store.Connection], error) {
			return s.ListConnections(t.Context(), w.ID, p)
		})
		equal(t, "all pages", got, want)

		p, err := s.ListConnections(t.Context(), "ws_missing", store.ListParams{})
		noErr(t, "ListConnections unknown workspace", err)
		if p.Items == nil || len(p.Items) != 0 || p.Next != "" {
			t.Errorf("unknown workspace: %#v, want an empty non-nil page", p)
		}
		_, err = s.ListConnections(t.Context(), w.ID, store.ListParams{After: "bogus"})
		isErr(t, "bad cursor", err, store.ErrInvalidCursor)
	}},
}

// race runs f(0..n-1) in n goroutines released together and returns
// their errors by index.
func race(n int, f func(i int) error) []error {
	errs := make([]error, n)
	var ready, done sync.WaitGroup
	start := make(chan struct{})
	for i := range n {
		ready.Add(1)
		done.Add(1)
		go func() {
			defer done.Done()
			ready.Done()
			<-start
			errs[i] = f(i)
		}()
	}
	ready.Wait()
	close(start)
	done.Wait()
	return errs
}
