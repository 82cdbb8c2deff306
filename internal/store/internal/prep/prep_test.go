package prep

import (
	"encoding/json"
	"errors"
	"testing"
	"time"

	"github.com/sfbridge/sfbridge/internal/store"
)

func TestTime(t *testing.T) {
	t.Parallel()
	in := time.Date(2024, 1, 2, 3, 4, 5, 999999999, time.FixedZone("x", -3600))
	want := time.Date(2024, 1, 2, 4, 4, 5, 999999000, time.UTC)
	if got := Time(in); got != want {
		t.Errorf("Time = %v, want %v", got, want)
	}
	now := time.Now()
	if got := TimeOr(time.Time{}, now); got != Time(now) {
		t.Errorf("TimeOr(zero) = %v, want now", got)
	}
	if TimePtr(nil) != nil {
		t.Error("TimePtr(nil) != nil")
	}
}

func TestBytes(t *testing.T) {
	t.Parallel()
	if Bytes([]byte{}) != nil || Bytes(nil) != nil {
		t.Error("empty bytes not nil")
	}
	if string(Bytes([]byte("x"))) != "x" {
		t.Error("bytes changed")
	}
}

func TestEvent(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name    string
		data    json.RawMessage
		want    json.RawMessage
		wantErr error
	}{
		{"empty is nil", json.RawMessage{}, nil, nil},
		{"object kept", json.RawMessage(`{"a":1}`), json.RawMessage(`{"a":1}`), nil},
		{"invalid refused", json.RawMessage(`{"a"`), nil, ErrInvalidJSON},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			e, err := Event(store.Event{ID: 9, Data: tc.data}, time.Now())
			if !errors.Is(err, tc.wantErr) {
				t.Fatalf("error %v, want %v", err, tc.wantErr)
			}
			if err == nil && (string(e.Data) != string(tc.want) || (e.Data == nil) != (tc.want == nil) || e.ID != 0) {
				t.Errorf("Event = %+v, want Data %s and no id", e, tc.want)
			}
		})
	}
}

func TestNewConnection(t *testing.T) {
	t.Parallel()
	now := time.Date(2024, 1, 1, 0, 0, 0, 1500, time.UTC)
	c := NewConnection(store.Connection{Version: 7}, now)
	if c.Version != 1 || c.Status != store.StatusNotConnected || c.ID == "" {
		t.Errorf("NewConnection = %+v", c)
	}
	if want := Time(now); c.CreatedAt != want || c.UpdatedAt != want || c.StatusAt != want {
		t.Errorf("times = %v %v %v, want %v", c.CreatedAt, c.UpdatedAt, c.StatusAt, want)
	}
}

func TestConnectionSyncInterval(t *testing.T) {
	t.Parallel()
	now := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	c := store.Connection{SyncInterval: time.Minute + 1999*time.Microsecond}
	if got := NewConnection(c, now).SyncInterval; got != time.Minute+time.Millisecond {
		t.Errorf("NewConnection SyncInterval = %v, want 1m0.001s", got)
	}
	if got := UpdatedConnection(c, now).SyncInterval; got != time.Minute+time.Millisecond {
		t.Errorf("UpdatedConnection SyncInterval = %v, want 1m0.001s", got)
	}
	for _, d := range []time.Duration{0, time.Nanosecond, 24 * time.Hour} {
		if err := CheckConnection(store.Connection{SyncInterval: d}); err != nil {
			t.Errorf("CheckConnection(%v) = %v", d, err)
		}
	}
	if err := CheckConnection(store.Connection{SyncInterval: -time.Nanosecond}); !errors.Is(err, store.ErrInvalid) {
		t.Errorf("CheckConnection(-1ns) = %v, want ErrInvalid", err)
	}
}

func TestCheckConnectionConflictPolicy(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name   string
		policy store.ConflictPolicy
		ok     bool
	}{
		{"empty", "", true},
		{"salesforce wins", store.ConflictSalesforceWins, true},
		{"app wins", store.ConflictAppWins, true},
		{"latest wins", store.ConflictLatestWins, true},
		{"unknown", "coin_toss", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			err := CheckConnection(store.Connection{ConflictPolicy: tc.policy})
			if tc.ok != (err == nil) || (err != nil && !errors.Is(err, store.ErrInvalid)) {
				t.Errorf("CheckConnection(%q) = %v", tc.policy, err)
			}
		})
	}
}

func TestCheckObjectMapping(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name string
		m    store.ObjectMapping
		ok   bool
	}{
		{"empty", store.ObjectMapping{}, true},
		{"both ways", store.ObjectMapping{CreateDirection: store.DirectionBoth, UpdateDirection: store.DirectionInbound,
			OutboundDelete: store.OutboundDeleteDelete}, true},
		{"leave", store.ObjectMapping{OutboundDelete: store.OutboundDeleteLeave}, true},
		{"outbound create", store.ObjectMapping{CreateDirection: "outbound"}, false},
		{"unknown update", store.ObjectMapping{UpdateDirection: "sideways"}, false},
		{"unknown delete", store.ObjectMapping{OutboundDelete: "mark"}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			err := CheckObjectMapping(tc.m)
			if tc.ok != (err == nil) || (err != nil && !errors.Is(err, store.ErrInvalid)) {
				t.Errorf("CheckObjectMapping(%+v) = %v", tc.m, err)
			}
		})
	}
}
