package postgres

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

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
	_, err := s.pool.Exec(ctx, `INSERT INTO webhook_endpoints (id, workspace_id, url, secret_sealed, active, created_at)
		VALUES ($1, $2, $3, $4, $5, $6)`, e.ID, e.WorkspaceID, e.URL, e.SecretSealed, e.Active, e.CreatedAt)
	if err != nil {
		return store.WebhookEndpoint{}, fmt.Errorf("creating webhook endpoint: %w", classify(err))
	}
	return e, nil
}

// ListWebhookEndpoints returns the workspace's endpoints, active or not,
// in creation order, then id.
func (s *Store) ListWebhookEndpoints(ctx context.Context, workspaceID string) ([]store.WebhookEndpoint, error) {
	rows, err := s.pool.Query(ctx, `SELECT id, workspace_id, url, secret_sealed, active, created_at
		FROM webhook_endpoints WHERE workspace_id = $1 ORDER BY created_at, id`, workspaceID)
	if err != nil {
		return nil, fmt.Errorf("listing webhook endpoints: %w", err)
	}
	out, err := collect(rows, func(r scanner) (store.WebhookEndpoint, error) {
		var e store.WebhookEndpoint
		err := r.Scan(&e.ID, &e.WorkspaceID, &e.URL, &e.SecretSealed, &e.Active, &e.CreatedAt)
		e.CreatedAt = e.CreatedAt.UTC()
		return e, err
	})
	if err != nil {
		return nil, fmt.Errorf("listing webhook endpoints: %w", err)
	}
	return out, nil
}

// EnqueueDeliveries creates a pending delivery, due at now, of each of
// the next events after afterEventID (at most 1000) to each active
// endpoint of the event's workspace; a pair queued already is left
// alone. It returns the id of the last event it looked at, or
// afterEventID when there is none.
//
// Event ids are taken before commit, so a transaction still appending
// could commit an id below one already visible. The SHARE lock on events
// waits for every such transaction and holds new appends off until this
// one commits, so no event is passed over.
func (s *Store) EnqueueDeliveries(ctx context.Context, afterEventID int64, now time.Time) (int64, error) {
	now = prep.TimeOr(now, s.now())
	last := afterEventID
	err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `LOCK TABLE events IN SHARE MODE`); err != nil {
			return err
		}
		var max *int64
		if err := tx.QueryRow(ctx, `SELECT max(id) FROM (SELECT id FROM events WHERE id > $1 ORDER BY id LIMIT $2) e`,
			afterEventID, enqueueScan).Scan(&max); err != nil {
			return err
		}
		if max == nil {
			return nil
		}
		last = *max
		rows, err := tx.Query(ctx, `SELECT e.id, w.id, e.workspace_id FROM events e
			JOIN webhook_endpoints w ON w.workspace_id = e.workspace_id AND w.active AND e.created_at >= w.created_at
			WHERE e.id > $1 AND e.id <= $2 ORDER BY e.id, w.created_at, w.id`, afterEventID, last)
		if err != nil {
			return err
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
			return err
		}
		batch := &pgx.Batch{}
		for _, p := range pairs {
			batch.Queue(`INSERT INTO webhook_deliveries (`+deliveryColumns+`)
				VALUES ($1, $2, $3, $4, 'pending', 0, 0, '', $5, $5, $5) ON CONFLICT (endpoint_id, event_id) DO NOTHING`,
				newid.New(newid.Delivery), p.endpoint, p.workspace, p.event, now)
		}
		return tx.SendBatch(ctx, batch).Close()
	})
	if err != nil {
		return 0, fmt.Errorf("enqueueing deliveries: %w", err)
	}
	return last, nil
}

// DueDeliveries returns up to limit (DefaultLimit when not positive)
// pending deliveries whose next attempt is at or before now, the longest
// due first.
func (s *Store) DueDeliveries(ctx context.Context, now time.Time, limit int) ([]store.WebhookDelivery, error) {
	if limit <= 0 {
		limit = store.DefaultLimit
	}
	rows, err := s.pool.Query(ctx, `SELECT `+deliveryColumns+` FROM webhook_deliveries
		WHERE status = 'pending' AND next_attempt_at <= $1 ORDER BY next_attempt_at, event_id, id LIMIT $2`, now, limit)
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
	tag, err := s.pool.Exec(ctx, `UPDATE webhook_deliveries SET status = $1, attempts = $2, last_status = $3,
		last_error = $4, next_attempt_at = $5, updated_at = $6 WHERE id = $7`,
		d.Status, d.Attempts, d.LastStatus, d.LastError, d.NextAttemptAt, d.UpdatedAt, d.ID)
	if err != nil {
		return fmt.Errorf("updating delivery %s: %w", d.ID, err)
	}
	if tag.RowsAffected() == 0 {
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
	rows, err := s.pool.Query(ctx, `SELECT `+deliveryColumns+` FROM webhook_deliveries
		WHERE endpoint_id = $1 AND event_id < $2 ORDER BY event_id DESC LIMIT $3`, endpointID, before, limit+1)
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
		d                    store.WebhookDelivery
		attempts, lastStatus int32
	)
	err := r.Scan(&d.ID, &d.EndpointID, &d.WorkspaceID, &d.EventID, &d.Status, &attempts, &lastStatus, &d.LastError,
		&d.NextAttemptAt, &d.CreatedAt, &d.UpdatedAt)
	d.Attempts, d.LastStatus = int(attempts), int(lastStatus)
	d.NextAttemptAt, d.CreatedAt, d.UpdatedAt = d.NextAttemptAt.UTC(), d.CreatedAt.UTC(), d.UpdatedAt.UTC()
	return d, err
}
