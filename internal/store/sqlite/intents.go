package sqlite

import (
	"context"
	"fmt"

	"github.com/sfbridge/sfbridge/internal/store"
	"github.com/sfbridge/sfbridge/internal/store/internal/outbox"
	"github.com/sfbridge/sfbridge/internal/store/internal/prep"
)

// PutCreateIntents upserts the intents in one transaction: a new one
// starts at its StartedAt (now when zero) with at least one attempt; an
// existing one keeps its StartedAt, counts an attempt more and takes
// the new Sent. An unknown connection is ErrNotFound.
func (s *Store) PutCreateIntents(ctx context.Context, intents []store.CreateIntent) error {
	if len(intents) == 0 {
		return nil
	}
	now := s.now()
	tx, err := s.write.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("putting create intents: %w", err)
	}
	defer func() { _ = tx.Rollback() }()
	st := txStmts{tx: tx}
	defer st.close()
	for _, in := range intents {
		sent, err := outbox.EncodeValues(in.Sent)
		if err != nil {
			return fmt.Errorf("putting create intent of %s: %w", in.AppID, err)
		}
		if sent == nil {
			sent = []byte("{}")
		}
		_, err = st.exec(ctx, `INSERT INTO create_intents (connection_id, object, app_id, sent, started_at, attempts)
			VALUES (?, ?, ?, ?, ?, ?)
			ON CONFLICT (connection_id, object, app_id) DO UPDATE SET
				sent = excluded.sent, attempts = create_intents.attempts + 1`,
			in.ConnectionID, in.Object, in.AppID, string(sent), micros(prep.TimeOr(in.StartedAt, now)), max(in.Attempts, 1))
		if err != nil {
			return fmt.Errorf("putting create intent of %s: %w", in.AppID, classify(err))
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("putting create intents: %w", err)
	}
	return nil
}

// ListCreateIntents returns the create intents of (connection, object),
// oldest (by StartedAt, then app id) first.
func (s *Store) ListCreateIntents(ctx context.Context, connectionID, object string) ([]store.CreateIntent, error) {
	rows, err := s.read.QueryContext(ctx, `SELECT connection_id, object, app_id, sent, started_at, attempts
		FROM create_intents WHERE connection_id = ? AND object = ? ORDER BY started_at, app_id`, connectionID, object)
	if err != nil {
		return nil, fmt.Errorf("listing create intents: %w", err)
	}
	out, err := collect(rows, func(r scanner) (store.CreateIntent, error) {
		var (
			in      store.CreateIntent
			sent    string
			started int64
		)
		if err := r.Scan(&in.ConnectionID, &in.Object, &in.AppID, &sent, &started, &in.Attempts); err != nil {
			return store.CreateIntent{}, err
		}
		in.StartedAt = fromMicros(started)
		var err error
		if in.Sent, err = outbox.DecodeValues([]byte(sent)); err != nil {
			return store.CreateIntent{}, fmt.Errorf("intent of %s: %w", in.AppID, err)
		}
		return in, nil
	})
	if err != nil {
		return nil, fmt.Errorf("listing create intents: %w", err)
	}
	return out, nil
}
