// Package prep readies domain values for writing, the same way in every
// store implementation: ids generated when empty, timestamps set when
// zero, times in UTC at microsecond precision (what both databases keep),
// and empty byte slices as nil (stored as NULL).
package prep

import (
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/sfbridge/sfbridge/internal/store"
	"github.com/sfbridge/sfbridge/internal/store/internal/newid"
)

// ErrInvalidJSON is returned for Event.Data that is not JSON.
var ErrInvalidJSON = errors.New("event data is not valid JSON")

// Time returns t in UTC, truncated to the microsecond, without a
// monotonic reading.
func Time(t time.Time) time.Time {
	return t.UTC().Truncate(time.Microsecond)
}

// TimeOr returns Time(t), or Time(now) when t is zero.
func TimeOr(t, now time.Time) time.Time {
	if t.IsZero() {
		return Time(now)
	}
	return Time(t)
}

// TimePtr returns a pointer to Time(*t), or nil.
func TimePtr(t *time.Time) *time.Time {
	if t == nil {
		return nil
	}
	v := Time(*t)
	return &v
}

// Bytes returns b, or nil when it is empty.
func Bytes(b []byte) []byte {
	if len(b) == 0 {
		return nil
	}
	return b
}

// Workspace fills w's id and timestamps.
func Workspace(w store.Workspace, now time.Time) store.Workspace {
	if w.ID == "" {
		w.ID = newid.New(newid.Workspace)
	}
	w.CreatedAt = TimeOr(w.CreatedAt, now)
	w.UpdatedAt = TimeOr(w.UpdatedAt, w.CreatedAt)
	return w
}

// APIKey fills k's id and creation time.
func APIKey(k store.APIKey, now time.Time) store.APIKey {
	if k.ID == "" {
		k.ID = newid.New(newid.APIKey)
	}
	k.Hash = Bytes(k.Hash)
	k.CreatedAt = TimeOr(k.CreatedAt, now)
	k.RevokedAt = TimePtr(k.RevokedAt)
	return k
}

// NewConnection fills c for creation: id, timestamps, status
// not_connected when empty, Version 1.
func NewConnection(c store.Connection, now time.Time) store.Connection {
	if c.ID == "" {
		c.ID = newid.New(newid.Connection)
	}
	if c.Status == "" {
		c.Status = store.StatusNotConnected
	}
	c.CreatedAt = TimeOr(c.CreatedAt, now)
	c.UpdatedAt = TimeOr(c.UpdatedAt, c.CreatedAt)
	c.Version = 1
	return connectionTimes(c, c.CreatedAt)
}

// CheckConnection refuses a connection no row may hold: a negative
// SyncInterval or an unknown ConflictPolicy is store.ErrInvalid.
func CheckConnection(c store.Connection) error {
	if c.SyncInterval < 0 {
		return fmt.Errorf("%w: sync interval %v is negative", store.ErrInvalid, c.SyncInterval)
	}
	switch c.ConflictPolicy {
	case "", store.ConflictSalesforceWins, store.ConflictAppWins, store.ConflictLatestWins:
	default:
		return fmt.Errorf("%w: unknown conflict policy %q", store.ErrInvalid, c.ConflictPolicy)
	}
	switch c.PeoplePriority {
	case "", store.PriorityContact, store.PriorityLead:
	default:
		return fmt.Errorf("%w: unknown people priority %q (lead or contact)", store.ErrInvalid, c.PeoplePriority)
	}
	switch c.OwnerPolicy {
	case "", store.OwnerMapped, store.OwnerAssignmentRules:
	case store.OwnerFixed:
		if c.FixedOwnerID == "" {
			return fmt.Errorf("%w: the fixed owner policy needs a fixed owner id", store.ErrInvalid)
		}
	default:
		return fmt.Errorf("%w: unknown owner policy %q", store.ErrInvalid, c.OwnerPolicy)
	}
	return nil
}

// UpdatedConnection readies c for an update: UpdatedAt is now, whatever
// it was; the caller writes Version+1 where Version matches.
func UpdatedConnection(c store.Connection, now time.Time) store.Connection {
	c.UpdatedAt = Time(now)
	return connectionTimes(c, c.UpdatedAt)
}

func connectionTimes(c store.Connection, statusDefault time.Time) store.Connection {
	c.StatusAt = TimeOr(c.StatusAt, statusDefault)
	c.SyncInterval = c.SyncInterval.Truncate(time.Millisecond)
	c.ConnectedAt = TimePtr(c.ConnectedAt)
	c.DisconnectedAt = TimePtr(c.DisconnectedAt)
	c.ClientSecretSealed = Bytes(c.ClientSecretSealed)
	c.AccessTokenSealed = Bytes(c.AccessTokenSealed)
	c.RefreshTokenSealed = Bytes(c.RefreshTokenSealed)
	return c
}

// OAuthState fills s's creation time; ExpiresAt is kept as given.
func OAuthState(s store.OAuthState, now time.Time) store.OAuthState {
	s.VerifierSealed = Bytes(s.VerifierSealed)
	s.CreatedAt = TimeOr(s.CreatedAt, now)
	s.ExpiresAt = Time(s.ExpiresAt)
	s.ConsumedAt = TimePtr(s.ConsumedAt)
	return s
}

// FieldMapping fills m's id and creation time.
func FieldMapping(m store.FieldMapping, now time.Time) store.FieldMapping {
	if m.ID == "" {
		m.ID = newid.New(newid.FieldMapping)
	}
	m.CreatedAt = TimeOr(m.CreatedAt, now)
	return m
}

// RecordLink fills l's update time; a zero SystemModstamp is kept (it
// is stored as NULL).
func RecordLink(l store.RecordLink, now time.Time) store.RecordLink {
	if !l.SystemModstamp.IsZero() {
		l.SystemModstamp = Time(l.SystemModstamp)
	}
	l.UpdatedAt = TimeOr(l.UpdatedAt, now)
	return l
}

// Cursor fills c's update time; a zero Watermark is kept.
func Cursor(c store.Cursor, now time.Time) store.Cursor {
	c.Watermark = Time(c.Watermark)
	c.UpdatedAt = TimeOr(c.UpdatedAt, now)
	return c
}

// Event fills e's creation time, checks that Data is JSON and drops the
// id, which the database assigns. Empty Data is stored as NULL.
func Event(e store.Event, now time.Time) (store.Event, error) {
	e.ID = 0
	if len(e.Data) == 0 {
		e.Data = nil
	} else if !json.Valid(e.Data) {
		return e, ErrInvalidJSON
	}
	e.CreatedAt = TimeOr(e.CreatedAt, now)
	return e, nil
}

// AppType fills t's timestamps and makes nil Fields empty, so they are
// stored as [] and read back alike.
func AppType(t store.AppType, now time.Time) store.AppType {
	if t.Fields == nil {
		t.Fields = []store.AppField{}
	}
	t.CreatedAt = TimeOr(t.CreatedAt, now)
	t.UpdatedAt = TimeOr(t.UpdatedAt, now)
	return t
}

// CheckObjectMapping refuses a mapping no row may hold: a direction
// other than empty, inbound or both, or an outbound delete other than
// empty, delete or leave, is store.ErrInvalid.
func CheckObjectMapping(m store.ObjectMapping) error {
	for _, d := range []struct {
		name string
		dir  store.Direction
	}{{"create", m.CreateDirection}, {"update", m.UpdateDirection}} {
		switch d.dir {
		case "", store.DirectionInbound, store.DirectionBoth:
		default:
			return fmt.Errorf("%w: unknown %s direction %q", store.ErrInvalid, d.name, d.dir)
		}
	}
	switch m.OutboundDelete {
	case "", store.OutboundDeleteDelete, store.OutboundDeleteLeave:
	default:
		return fmt.Errorf("%w: unknown outbound delete %q", store.ErrInvalid, m.OutboundDelete)
	}
	return nil
}

// ObjectMapping fills m's timestamps and its delete policy.
func ObjectMapping(m store.ObjectMapping, now time.Time) store.ObjectMapping {
	if m.DeletePolicy == "" {
		m.DeletePolicy = store.DeletePolicyMark
	}
	m.CreatedAt = TimeOr(m.CreatedAt, now)
	m.UpdatedAt = TimeOr(m.UpdatedAt, now)
	return m
}

// NewRun fills r for creation: id, status running, API rest, start
// time.
func NewRun(r store.Run, now time.Time) store.Run {
	if r.ID == "" {
		r.ID = newid.New(newid.Run)
	}
	if r.Status == "" {
		r.Status = store.RunRunning
	}
	if r.API == "" {
		r.API = store.RunAPIREST
	}
	r.StartedAt = TimeOr(r.StartedAt, now)
	r.FinishedAt = TimePtr(r.FinishedAt)
	return r
}

// FinishedRun sets r's FinishedAt to now when nil.
func FinishedRun(r store.Run, now time.Time) store.Run {
	if r.FinishedAt == nil {
		r.FinishedAt = &now
	}
	r.FinishedAt = TimePtr(r.FinishedAt)
	return r
}

// RecordError fills e's id and creation time.
func RecordError(e store.RecordError, now time.Time) store.RecordError {
	if e.ID == "" {
		e.ID = newid.New(newid.RecordError)
	}
	e.CreatedAt = TimeOr(e.CreatedAt, now)
	return e
}

// WebhookEndpoint fills e's id and creation time.
func WebhookEndpoint(e store.WebhookEndpoint, now time.Time) store.WebhookEndpoint {
	if e.ID == "" {
		e.ID = newid.New(newid.Webhook)
	}
	e.SecretSealed = Bytes(e.SecretSealed)
	e.CreatedAt = TimeOr(e.CreatedAt, now)
	return e
}

// Delivery readies d for an update: UpdatedAt now when zero.
func Delivery(d store.WebhookDelivery, now time.Time) store.WebhookDelivery {
	d.NextAttemptAt = Time(d.NextAttemptAt)
	d.UpdatedAt = TimeOr(d.UpdatedAt, now)
	return d
}
