package postgres

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/sfbridge/sfbridge/internal/store"
	"github.com/sfbridge/sfbridge/internal/store/internal/outbox"
	"github.com/sfbridge/sfbridge/internal/store/internal/prep"
)

// PutCreateIntents upserts the intents in one transaction, as one
// pipelined batch: a new one starts at its StartedAt (now when zero)
// with at least one attempt; an existing one keeps its StartedAt, counts
// an attempt more and takes the new Sent. An unknown connection is
// ErrNotFound.
func (s *Store) PutCreateIntents(ctx context.Context, intents []store.CreateIntent) error {
	if len(intents) == 0 {
		return nil
	}
	now := s.now()
	batch := &pgx.Batch{}
	for _, in := range intents {
		sent, err := outbox.EncodeValues(in.Sent)
		if err != nil {
			return fmt.Errorf("putting create intent of %s: %w", in.AppID, err)
		}
		if sent == nil {
			sent = []byte("{}")
		}
		batch.Queue(`INSERT INTO create_intents (connection_id, object, app_id, sent, started_at, attempts)
			VALUES ($1, $2, $3, $4, $5, $6)
			ON CONFLICT (connection_id, object, app_id) DO UPDATE SET
				sent = excluded.sent, attempts = create_intents.attempts + 1`,
			in.ConnectionID, in.Object, in.AppID, sent, prep.TimeOr(in.StartedAt, now), max(in.Attempts, 1))
	}
	err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		return tx.SendBatch(ctx, batch).Close()
	})
	if err != nil {
		return fmt.Errorf("putting create intents: %w", classify(err))
	}
	return nil
}

// ListCreateIntents returns the create intents of (connection, object),
// oldest (by StartedAt, then app id bytewise) first.
func (s *Store) ListCreateIntents(ctx context.Context, connectionID, object string) ([]store.CreateIntent, error) {
	rows, err := s.pool.Query(ctx, `SELECT connection_id, object, app_id, sent, started_at, attempts
		FROM create_intents WHERE connection_id = $1 AND object = $2 ORDER BY started_at, app_id COLLATE "C"`, connectionID, object)
	if err != nil {
		return nil, fmt.Errorf("listing create intents: %w", err)
	}
	out, err := collect(rows, func(r scanner) (store.CreateIntent, error) {
		var (
			in   store.CreateIntent
			sent []byte
		)
		if err := r.Scan(&in.ConnectionID, &in.Object, &in.AppID, &sent, &in.StartedAt, &in.Attempts); err != nil {
			return store.CreateIntent{}, err
		}
		in.StartedAt = in.StartedAt.UTC()
		var err error
		if in.Sent, err = outbox.DecodeValues(sent); err != nil {
			return store.CreateIntent{}, fmt.Errorf("intent of %s: %w", in.AppID, err)
		}
		return in, nil
	})
	if err != nil {
		return nil, fmt.Errorf("listing create intents: %w", err)
	}
	return out, nil
}
