package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/sfbridge/sfbridge/internal/store"
	"github.com/sfbridge/sfbridge/internal/store/internal/newid"
	"github.com/sfbridge/sfbridge/internal/store/internal/pagecursor"
	"github.com/sfbridge/sfbridge/internal/store/internal/prep"
)

// enqueueScan is how many events one EnqueueDeliveries call looks at; a
// dispatcher calls again from the id it returns.
const enqueueScan = 1000

const deliveryColumns = `id, endpoint_id, workspace_id, event_id, status, attempts, last_status, last_error,
	next_attempt_at, created_at, updated_at`

// CreateWebhookEndpoint stores e, generating its id and creation time
// when empty; the sealed secret is stored as it is. An unknown workspace
// is ErrNotFound.
func (s *Store) CreateWebhookEndpoint(ctx context.Context, e store.WebhookEndpoint) (store.WebhookEndpoint, error) {
	e = prep.WebhookEndpoint(e, s.now())
	_, err := s.write.ExecContext(ctx, `INSERT INTO webhook_endpoints (id, workspace_id, url, secret_sealed, active, created_at)
		VALUES (?, ?, ?, ?, ?, ?)`, e.ID, e.WorkspaceID, e.URL, nullBytes(e.SecretSealed), e.Active, micros(e.CreatedAt))
	if err != nil {
		return store.WebhookEndpoint{}, fmt.Errorf("creating webhook endpoint: %w", classify(err))
	}
	return e, nil
}

// ListWebhookEndpoints returns the workspace's endpoints, active or not,
// in creation order, then id.
func (s *Store) ListWebhookEndpoints(ctx context.Context, workspaceID string) ([]store.WebhookEndpoint, error) {
	rows, err := s.read.QueryContext(ctx, `SELECT id, workspace_id, url, secret_sealed, active, created_at
		FROM webhook_endpoints WHERE workspace_id = ? ORDER BY created_at, id`, workspaceID)
	if err != nil {
		return nil, fmt.Errorf("listing webhook endpoints: %w", err)
	}
	out, err := collect(rows, func(r scanner) (store.WebhookEndpoint, error) {
		var (
			e       store.WebhookEndpoint
			created int64
		)
		err := r.Scan(&e.ID, &e.WorkspaceID, &e.URL, &e.SecretSealed, &e.Active, &created)
		e.CreatedAt = fromMicros(created)
		return e, err
	})
	if err != nil {
		return nil, fmt.Errorf("listing webhook endpoints: %w", err)
	}
	return out, nil
}

// EnqueueDeliveries creates a pending delivery, due at now, of each of
// the next events after afterEventID (at most 1000) to each active
// endpoint of the event's workspace; a pair delivered or queued already
// is left alone. It returns the id of the last event it looked at, or
// afterEventID when there is none. The writer connection sees every
// committed event, so no event is passed over.
func (s *Store) EnqueueDeliveries(ctx context.Context, afterEventID int64, now time.Time) (int64, error) {
	now = prep.TimeOr(now, s.now())
	tx, err := s.write.BeginTx(ctx, nil)
	if err != nil {
		return 0, fmt.Errorf("enqueueing deliveries: %w", err)
	}
	defer func() { _ = tx.Rollback() }()
	var last sql.NullInt64
	if err := tx.QueryRowContext(ctx, `SELECT max(id) FROM (SELECT id FROM events WHERE id > ? ORDER BY id LIMIT ?)`,
		afterEventID, enqueueScan).Scan(&last); err != nil {
		return 0, fmt.Errorf("enqueueing deliveries: %w", err)
	}
	if !last.Valid {
		return afterEventID, nil
	}
	rows, err := tx.QueryContext(ctx, `SELECT e.id, w.id, e.workspace_id FROM events e
		JOIN webhook_endpoints w ON w.workspace_id = e.workspace_id AND w.active AND e.created_at >= w.created_at
		WHERE e.id > ? AND e.id <= ? ORDER BY e.id, w.created_at, w.id`, afterEventID, last.Int64)
	if err != nil {
		return 0, fmt.Errorf("enqueueing deliveries: %w", err)
	}
	type pair struct {
		event               int64
		endpoint, workspace string
	}
	pairs, err := collect(rows, func(r scanner) (pair, error) {
		var p pair
		return p, r.Scan(&p.event, &p.endpoint, &p.workspace)
	})
	if err != nil {
		return 0, fmt.Errorf("enqueueing deliveries: %w", err)
	}
	if len(pairs) > 0 {
		st, err := tx.PrepareContext(ctx, `INSERT INTO webhook_deliveries (`+deliveryColumns+`)
			VALUES (?, ?, ?, ?, 'pending', 0, 0, '', ?, ?, ?) ON CONFLICT (endpoint_id, event_id) DO NOTHING`)
		if err != nil {
			return 0, fmt.Errorf("enqueueing deliveries: %w", err)
		}
		defer st.Close()
		for _, p := range pairs {
			at := micros(now)
			if _, err := st.ExecContext(ctx, newid.New(newid.Delivery), p.endpoint, p.workspace, p.event, at, at, at); err != nil {
				return 0, fmt.Errorf("enqueueing delivery of event %d: %w", p.event, err)
			}
		}
	}
	if err := tx.Commit(); err != nil {
		return 0, fmt.Errorf("enqueueing deliveries: %w", err)
	}
	return last.Int64, nil
}

// DueDeliveries returns up to limit (DefaultLimit when not positive)
// pending deliveries whose next attempt is at or before now, the longest
// due first.
func (s *Store) DueDeliveries(ctx context.Context, now time.Time, limit int) ([]store.WebhookDelivery, error) {
	if limit <= 0 {
		limit = store.DefaultLimit
	}
	rows, err := s.read.QueryContext(ctx, `SELECT `+deliveryColumns+` FROM webhook_deliveries
		WHERE status = 'pending' AND next_attempt_at <= ? ORDER BY next_attempt_at, event_id, id LIMIT ?`, micros(now), limit)
	if err != nil {
		return nil, fmt.Errorf("listing due deliveries: %w", err)
	}
	out, err := collect(rows, scanDelivery)
	if err != nil {
		return nil, fmt.Errorf("listing due deliveries: %w", err)
	}
	return out, nil
}

// UpdateDelivery writes d's Status, Attempts, LastStatus, LastError,
// NextAttemptAt and UpdatedAt (now when zero). An unknown delivery is
// ErrNotFound.
func (s *Store) UpdateDelivery(ctx context.Context, d store.WebhookDelivery) error {
	d = prep.Delivery(d, s.now())
	res, err := s.write.ExecContext(ctx, `UPDATE webhook_deliveries SET status = ?, attempts = ?, last_status = ?,
		last_error = ?, next_attempt_at = ?, updated_at = ? WHERE id = ?`,
		d.Status, d.Attempts, d.LastStatus, d.LastError, micros(d.NextAttemptAt), micros(d.UpdatedAt), d.ID)
	if err != nil {
		return fmt.Errorf("updating delivery %s: %w", d.ID, err)
	}
	if n, err := res.RowsAffected(); err != nil || n == 0 {
		return fmt.Errorf("updating delivery %s: %w", d.ID, store.ErrNotFound)
	}
	return nil
}

// ListDeliveries pages the endpoint's deliveries, newest event first.
func (s *Store) ListDeliveries(ctx context.Context, endpointID string, p store.ListParams) (store.Page[store.WebhookDelivery], error) {
	limit := pagecursor.Limit(p.Limit)
	before := int64(1<<63 - 1)
	if p.After != "" {
		var err error
		if before, err = pagecursor.DecodeID(p.After); err != nil {
			return store.Page[store.WebhookDelivery]{}, fmt.Errorf("listing deliveries: %w: %w", store.ErrInvalidCursor, err)
		}
	}
	rows, err := s.read.QueryContext(ctx, `SELECT `+deliveryColumns+` FROM webhook_deliveries
		WHERE endpoint_id = ? AND event_id < ? ORDER BY event_id DESC LIMIT ?`, endpointID, before, limit+1)
	if err != nil {
		return store.Page[store.WebhookDelivery]{}, fmt.Errorf("listing deliveries: %w", err)
	}
	items, err := collect(rows, scanDelivery)
	if err != nil {
		return store.Page[store.WebhookDelivery]{}, fmt.Errorf("listing deliveries: %w", err)
	}
	items, next := pagecursor.Cut(items, limit, func(d store.WebhookDelivery) string { return pagecursor.EncodeID(d.EventID) })
	return store.Page[store.WebhookDelivery]{Items: items, Next: next}, nil
}

func scanDelivery(r scanner) (store.WebhookDelivery, error) {
	var (
		d                      store.WebhookDelivery
		next, created, updated int64
	)
	err := r.Scan(&d.ID, &d.EndpointID, &d.WorkspaceID, &d.EventID, &d.Status, &d.Attempts, &d.LastStatus, &d.LastError,
		&next, &created, &updated)
	d.NextAttemptAt, d.CreatedAt, d.UpdatedAt = fromMicros(next), fromMicros(created), fromMicros(updated)
	return d, err
}
